import TextField from '@mui/material/TextField';

/**
 * A native select of a module's releases, newest first, the latest marked. A value that is not
 * one of them (from a shared link) stays selectable so the page can say what is wrong with it.
 */
export function ReleaseSelect(props: {
  label: string;
  value: string;
  versions: string[];
  latest?: string;
  onChange: (version: string) => void;
}) {
  const { label, value, versions, latest, onChange } = props;
  const options = versions.includes(value) ? versions : [value, ...versions];
  return (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={event => onChange(event.target.value)}
      SelectProps={{ native: true }}
      sx={{ minWidth: 160, mt: 2 }}
    >
      {options.map(version => (
        <option key={version} value={version}>
          {version === latest ? `${version} (latest)` : version}
        </option>
      ))}
    </TextField>
  );
}
