import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import { ReactNode } from 'react';

/**
 * A field of the Create form that is a group of controls: a fieldset whose legend is the
 * schema's title, with the schema's description under it.
 */
export function FieldSetFrame(props: {
  title: string;
  description?: string;
  required?: boolean;
  error?: boolean;
  children: ReactNode;
}) {
  const { title, description, required, error, children } = props;
  return (
    <FormControl
      component="fieldset"
      required={required}
      error={error}
      fullWidth
      margin="normal"
    >
      <FormLabel component="legend">{title}</FormLabel>
      {description && (
        <FormHelperText sx={{ mx: 0, mb: 1 }}>{description}</FormHelperText>
      )}
      {children}
    </FormControl>
  );
}
