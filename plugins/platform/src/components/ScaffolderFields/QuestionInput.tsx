import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { ReactNode, useState } from 'react';
import {
  InputQuestion,
  JsonInput,
  moduleList,
  parseJson,
  parseList,
  parseNumber,
} from './moduleForm';

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What a user needs to know to answer: the description, type, default and rules. */
function Help(props: { question: InputQuestion; problem?: string }) {
  const { question, problem } = props;
  const facts = [
    question.type && `Type ${question.type}`,
    question.defaultValue !== undefined &&
      `default ${shown(question.defaultValue)}`,
    question.modules.length > 1 && `for ${moduleList(question.modules)}`,
    question.hasValidation &&
      'has a validation rule, which the platform checks when the project is created',
    question.control === 'list' && 'comma separated',
  ].filter(Boolean);
  return (
    <>
      {problem && (
        <span style={{ display: 'block', fontWeight: 500 }}>{problem}</span>
      )}
      {question.description && (
        // Descriptions are often several lines (heredocs); their line breaks matter.
        <span style={{ display: 'block', whiteSpace: 'pre-line' }}>
          {question.description.trim()}
        </span>
      )}
      {facts.length > 0 && (
        <span style={{ display: 'block' }}>{facts.join(' · ')}</span>
      )}
    </>
  );
}

/** The default, as the control would show it typed. */
function placeholderOf(question: InputQuestion): string | undefined {
  const value = question.defaultValue;
  // A default that is not a literal comes as its HCL text, which is no JSON to type.
  if (
    value === undefined ||
    (question.control === 'json' &&
      typeof value === 'string' &&
      question.jsonShape !== 'any')
  ) {
    return undefined;
  }
  if (question.control === 'list' && Array.isArray(value)) {
    return value.join(', ');
  }
  return shown(value);
}

function initialText(question: InputQuestion, answer: JsonInput | undefined) {
  if (answer === undefined || answer === null) return '';
  if (typeof answer === 'string') return answer;
  if (question.control === 'list' && Array.isArray(answer)) {
    return answer.join(', ');
  }
  if (question.control === 'number') return String(answer);
  return JSON.stringify(answer, null, 2);
}

/**
 * One question of the module inputs step, with the control that fits the input's type.
 * Text is kept as typed while the stored answer is parsed from it, so a bad number or JSON is
 * shown as the user wrote it next to what is wrong with it.
 */
export function QuestionInput(props: {
  id: string;
  question: InputQuestion;
  answer: JsonInput | undefined;
  problem?: string;
  disabled?: boolean;
  onChange: (answer: JsonInput | undefined) => void;
}) {
  const { id, question, answer, problem, disabled, onChange } = props;
  const [text, setText] = useState(() => initialText(question, answer));
  // The id TextField gives its helper text, so that the switch is described the same way.
  const helpId = `${id}-helper-text`;
  const help = <Help question={question} problem={problem} />;

  if (question.control === 'bool') {
    const checked =
      typeof answer === 'boolean' ? answer : question.defaultValue === true;
    return (
      <Stack>
        <FormControlLabel
          label={question.required ? `${question.name} *` : question.name}
          control={
            <Switch
              id={id}
              color="secondary"
              checked={checked}
              disabled={disabled}
              onChange={(_event, value) => onChange(value)}
              inputProps={{
                'aria-describedby': helpId,
                'aria-label': question.name,
              }}
            />
          }
        />
        <FormHelperText id={helpId} error={!!problem} sx={{ mt: 0 }}>
          {help}
        </FormHelperText>
      </Stack>
    );
  }

  const common = {
    id,
    label: question.name,
    fullWidth: true,
    disabled,
    error: !!problem,
    helperText: help as ReactNode,
    // The mark, not the browser's own check: the field's validation names what is missing.
    InputLabelProps: { required: question.required, shrink: true },
  };

  if (question.control === 'choice') {
    return (
      <TextField
        {...common}
        select
        value={answer === undefined ? '' : shown(answer)}
        onChange={event => {
          const choice = question.choices?.find(
            c => shown(c) === event.target.value,
          );
          onChange(choice === undefined ? undefined : (choice as JsonInput));
        }}
      >
        {!question.required && (
          <MenuItem value="">
            <em>Not set</em>
          </MenuItem>
        )}
        {question.choices?.map(choice => (
          <MenuItem key={shown(choice)} value={shown(choice)}>
            {shown(choice)}
          </MenuItem>
        ))}
      </TextField>
    );
  }

  const placeholder = placeholderOf(question);
  const parse = {
    text: (value: string) => value || undefined,
    number: parseNumber,
    list: parseList,
    json: parseJson,
  }[question.control];

  return (
    <TextField
      {...common}
      value={text}
      placeholder={placeholder}
      type="text"
      multiline={question.control === 'json'}
      minRows={question.control === 'json' ? 2 : undefined}
      inputProps={{
        'aria-required': question.required,
        // A number field would hide text that is not a number; the check names it instead.
        inputMode: question.control === 'number' ? 'decimal' : undefined,
        spellCheck: question.control === 'json' ? false : undefined,
        autoComplete: 'off',
      }}
      InputProps={
        question.control === 'json'
          ? { sx: { fontFamily: 'monospace' } }
          : undefined
      }
      onChange={event => {
        setText(event.target.value);
        onChange(parse(event.target.value));
      }}
    />
  );
}

/** An input the platform sets itself, shown read-only with where its value comes from. */
export function WiredInputField(props: {
  id: string;
  name: string;
  from: string;
}) {
  return (
    <TextField
      id={props.id}
      label={props.name}
      value={`from ${props.from}`}
      fullWidth
      helperText="Set by the platform"
      InputLabelProps={{ shrink: true }}
      InputProps={{ readOnly: true }}
    />
  );
}

/** A sensitive input, which the project's pipeline sets instead of the repository. */
export function PipelineInputField(props: {
  id: string;
  name: string;
  required: boolean;
}) {
  return (
    <TextField
      id={props.id}
      label={props.name}
      value={`set in the pipeline as TF_VAR_${props.name}`}
      fullWidth
      helperText={
        props.required
          ? 'Sensitive and required: never written into the repository, so this module cannot be created here'
          : 'Sensitive: never written into the repository'
      }
      error={props.required}
      InputLabelProps={{ shrink: true, required: props.required }}
      InputProps={{ readOnly: true }}
    />
  );
}
