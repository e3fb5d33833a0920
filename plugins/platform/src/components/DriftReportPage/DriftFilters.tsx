import { ReactNode, useEffect, useId, useMemo, useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import TuneIcon from '@mui/icons-material/Tune';
import {
  CallStatus,
  DriftFacets,
  DriftVerdict,
  driftVerdicts,
  ReferenceKind,
} from '@platform-portal/plugin-platform-common';
import { callStatuses, callStatusLabels } from '../CallFindings';
import { EntityTitles } from '../layout/useEntityTitles';
import { verdictLabels } from '../verdicts';
import { clearedFilters, DriftSearch, hasFilters } from './useDriftSearch';

const TEXT_DEBOUNCE_MS = 300;

/** How many of the filters behind "More filters" are set. */
function moreFiltersSet(search: DriftSearch): number {
  return [
    search.kind.length > 0,
    search.callStatus.length > 0,
    search.promotion.length > 0,
    search.upgrade.length > 0,
    search.all,
  ].filter(Boolean).length;
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
      // Narrow enough that the filters, More filters and Export CSV share one line on a laptop.
      sx={{ minWidth: 130, flex: 1 }}
      options={options as T[]}
      value={value}
      getOptionLabel={option => (getLabel ? getLabel(option) : option)}
      onChange={(_, next) => onChange(next)}
      renderInput={params => <TextField {...params} label={label} />}
      limitTags={2}
    />
  );
}

/**
 * The filters of the drift report, the common ones in one row and the rest behind "More
 * filters" (open while one of them is set); every change goes to the URL through `onChange`.
 */
export function DriftFilters(props: {
  search: DriftSearch;
  facets?: DriftFacets;
  /** The owners' names, which the owner filter shows and is sorted by. */
  owners: EntityTitles;
  onChange: (change: Partial<DriftSearch>) => void;
  /** Shown at the end of the row, e.g. the export. */
  actions?: ReactNode;
}) {
  const { search, facets, owners, onChange, actions } = props;
  const [text, setText] = useState(search.text);
  const setMore = moreFiltersSet(search);
  const [moreOpen, setMoreOpen] = useState(setMore > 0);
  const moreId = useId();
  const ownerOptions = useMemo(
    () => [...(facets?.owners ?? [])].sort(owners.compare),
    [facets?.owners, owners],
  );

  useEffect(() => setText(search.text), [search.text]);
  useEffect(() => {
    if (text === search.text) {
      return undefined;
    }
    const timer = setTimeout(() => onChange({ text }), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, search.text, onChange]);
  useEffect(() => {
    // A filter set from a shared link or a summary chip is not hidden from view.
    if (setMore > 0) {
      setMoreOpen(true);
    }
  }, [setMore]);

  return (
    <Box
      component="form"
      role="search"
      aria-label="Filter drift"
      sx={{ mb: 1 }}
      onSubmit={event => {
        event.preventDefault();
        onChange({ text });
      }}
    >
      <Stack
        direction="row"
        flexWrap="wrap"
        useFlexGap
        spacing={1.5}
        alignItems="center"
      >
        <TextField
          size="small"
          label="Search"
          placeholder="Service, module, file, source…"
          value={text}
          onChange={event => setText(event.target.value)}
          sx={{ minWidth: 180, flex: 2 }}
          inputProps={{ 'aria-label': 'Search drift rows' }}
        />
        <MultiFilter
          label="Owner"
          options={ownerOptions}
          value={search.owner}
          getLabel={owners.titleOf}
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
        <Button
          onClick={() => setMoreOpen(!moreOpen)}
          aria-expanded={moreOpen}
          aria-controls={moreId}
          startIcon={<TuneIcon />}
          sx={{ whiteSpace: 'nowrap' }}
        >
          More filters{setMore > 0 ? ` (${setMore})` : ''}
        </Button>
        {hasFilters(search) && (
          <Button
            onClick={() => onChange(clearedFilters)}
            sx={{ whiteSpace: 'nowrap' }}
          >
            Clear filters
          </Button>
        )}
        {actions}
      </Stack>
      <Collapse in={moreOpen} id={moreId} unmountOnExit>
        <Stack
          direction="row"
          flexWrap="wrap"
          useFlexGap
          spacing={1.5}
          alignItems="center"
          sx={{ pt: 1.5 }}
        >
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
                  onChange({
                    promotion: event.target.checked ? ['lagging'] : [],
                  })
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
        </Stack>
      </Collapse>
    </Box>
  );
}
