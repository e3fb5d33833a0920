import { useEffect, useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  CallStatus,
  DriftFacets,
  DriftVerdict,
  driftVerdicts,
  ReferenceKind,
} from '@internal/plugin-platform-common';
import { callStatuses, callStatusLabels } from '../CallFindings';
import { verdictLabels } from '../verdicts';
import { clearedFilters, DriftSearch, hasFilters } from './useDriftSearch';

const TEXT_DEBOUNCE_MS = 300;

function ownerLabel(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
}

function MultiFilter<T extends string>(props: {
  label: string;
  options: readonly T[];
  value: T[];
  getLabel?: (option: T) => string;
  onChange: (value: T[]) => void;
}) {
  const { label, options, value, getLabel, onChange } = props;
  return (
    <Autocomplete
      multiple
      size="small"
      sx={{ minWidth: 180, flex: 1 }}
      options={options as T[]}
      value={value}
      getOptionLabel={option => (getLabel ? getLabel(option) : option)}
      onChange={(_, next) => onChange(next)}
      renderInput={params => <TextField {...params} label={label} />}
      limitTags={2}
    />
  );
}

/** The filters of the drift report; every change goes to the URL through `onChange`. */
export function DriftFilters(props: {
  search: DriftSearch;
  facets?: DriftFacets;
  onChange: (change: Partial<DriftSearch>) => void;
}) {
  const { search, facets, onChange } = props;
  const [text, setText] = useState(search.text);

  useEffect(() => setText(search.text), [search.text]);
  useEffect(() => {
    if (text === search.text) {
      return undefined;
    }
    const timer = setTimeout(() => onChange({ text }), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, search.text, onChange]);

  return (
    <Stack
      component="form"
      role="search"
      aria-label="Filter drift"
      direction="row"
      flexWrap="wrap"
      useFlexGap
      spacing={1.5}
      sx={{ mb: 2 }}
      onSubmit={event => {
        event.preventDefault();
        onChange({ text });
      }}
    >
      <TextField
        size="small"
        label="Search"
        placeholder="Service, module, file, source…"
        value={text}
        onChange={event => setText(event.target.value)}
        sx={{ minWidth: 220, flex: 2 }}
        inputProps={{ 'aria-label': 'Search drift rows' }}
      />
      <MultiFilter
        label="Owner"
        options={facets?.owners ?? []}
        value={search.owner}
        getLabel={ownerLabel}
        onChange={owner => onChange({ owner })}
      />
      <MultiFilter
        label="Module"
        options={facets?.modules ?? []}
        value={search.module}
        onChange={module => onChange({ module })}
      />
      <MultiFilter<DriftVerdict>
        label="Verdict"
        options={driftVerdicts}
        value={search.verdict}
        getLabel={verdict => verdictLabels[verdict]}
        onChange={verdict => onChange({ verdict })}
      />
      <MultiFilter
        label="Environment"
        options={facets?.environments ?? []}
        value={search.environment}
        onChange={environment => onChange({ environment })}
      />
      <MultiFilter<ReferenceKind>
        label="Kind"
        options={facets?.kinds ?? []}
        value={search.kind}
        onChange={kind => onChange({ kind })}
      />
      <MultiFilter<CallStatus>
        label="Call check"
        options={callStatuses}
        value={search.callStatus}
        getLabel={status => callStatusLabels[status]}
        onChange={callStatus => onChange({ callStatus })}
      />
      <FormControlLabel
        control={
          <Switch
            checked={search.promotion.includes('lagging')}
            onChange={event =>
              onChange({ promotion: event.target.checked ? ['lagging'] : [] })
            }
          />
        }
        label="Behind an earlier environment"
      />
      <FormControlLabel
        control={
          <Switch
            checked={search.upgrade.includes('open')}
            onChange={event =>
              onChange({ upgrade: event.target.checked ? ['open'] : [] })
            }
          />
        }
        label="Upgrade open"
      />
      <FormControlLabel
        control={
          <Switch
            checked={search.all}
            onChange={event => onChange({ all: event.target.checked })}
          />
        }
        label="Show non-platform references"
      />
      {hasFilters(search) && (
        <Button onClick={() => onChange(clearedFilters)}>Clear filters</Button>
      )}
    </Stack>
  );
}
