import { memo, ReactNode, useEffect, useId, useMemo, useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack, { StackProps } from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import TuneIcon from '@mui/icons-material/Tune';
import {
  CallStatus,
  DriftFacets,
  DriftVerdict,
  driftVerdicts,
} from '@platform-portal/plugin-platform-common';
import { callStatuses, callStatusLabels } from '../CallFindings';
import { EntityTitles } from '../layout/useEntityTitles';
import { verdictLabels } from '../verdicts';
import { clearedFilters, DriftSearch, hasFilters } from './useDriftSearch';

const TEXT_DEBOUNCE_MS = 300;

/** How many of the filters behind "More filters" are set. */
function moreFiltersSet(search: DriftSearch): number {
  return [
    search.version.length > 0,
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
  onOpen?: () => void;
}) {
  const { label, options, value, getLabel, onChange, onOpen } = props;
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
      onOpen={onOpen}
      renderInput={params => <TextField {...params} label={label} />}
      limitTags={2}
    />
  );
}

/** The filters that choose from a list of values, as the search names them. */
type ListFilter =
  | 'owner'
  | 'module'
  | 'verdict'
  | 'environment'
  | 'version'
  | 'kind'
  | 'callStatus';

/** Filters side by side, wrapping onto the next line where the page is narrow. */
function FilterRow(props: { children: ReactNode; sx?: StackProps['sx'] }) {
  return (
    <Stack
      direction="row"
      flexWrap="wrap"
      useFlexGap
      spacing={1.5}
      alignItems="center"
      sx={props.sx}
    >
      {props.children}
    </Stack>
  );
}

/** A switch that sets a filter on or off. */
function FilterSwitch(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { label, checked, onChange } = props;
  return (
    <FormControlLabel
      control={
        <Switch
          checked={checked}
          onChange={event => onChange(event.target.checked)}
        />
      }
      label={label}
    />
  );
}

/**
 * The filters of the drift report, the common ones in one row and the rest behind "More
 * filters" (open while one of them is set); every change goes to the URL through `onChange`.
 * Memoised: the report renders again as each of its requests answers, and the filters need not.
 */
export const DriftFilters = memo(function DriftFilterForm(props: {
  search: DriftSearch;
  facets?: DriftFacets;
  /** The owners' names, which the owner filter shows and is sorted by. */
  owners: EntityTitles;
  /** Called when the owner filter's menu opens, which shows every owner by name. */
  onOwnerOptionsOpen?: () => void;
  onChange: (change: Partial<DriftSearch>) => void;
  /** Shown at the end of the row, e.g. the export. */
  actions?: ReactNode;
}) {
  const { search, facets, owners, onOwnerOptionsOpen, onChange, actions } =
    props;
  const [text, setText] = useState(search.text);
  const setMore = moreFiltersSet(search);
  const [moreOpen, setMoreOpen] = useState(setMore > 0);
  const moreId = useId();
  // Sorting every owner by name costs a render tens of milliseconds at a thousand teams, each
  // time a name arrives: the options are only sorted once the menu has been opened.
  const [ownerMenuOpened, setOwnerMenuOpened] = useState(false);
  const ownerOptions = useMemo(
    () =>
      ownerMenuOpened
        ? [...(facets?.owners ?? [])].sort(owners.compare)
        : search.owner,
    [ownerMenuOpened, facets?.owners, owners, search.owner],
  );

  const lists: Record<
    ListFilter,
    {
      label: string;
      options: readonly string[];
      // A method, so that each filter's labeller may take its own kind of value.
      getLabel?(value: string): string;
      onOpen?: () => void;
    }
  > = {
    owner: {
      label: 'Owner',
      options: ownerOptions,
      getLabel: owners.titleOf,
      onOpen: () => {
        setOwnerMenuOpened(true);
        onOwnerOptionsOpen?.();
      },
    },
    module: { label: 'Module', options: facets?.modules ?? [] },
    verdict: {
      label: 'Verdict',
      options: driftVerdicts,
      getLabel: (verdict: DriftVerdict) => verdictLabels[verdict],
    },
    environment: { label: 'Environment', options: facets?.environments ?? [] },
    // Set from a module page's link; no facet lists every module's versions.
    version: {
      label: 'Version',
      options: search.version,
      getLabel: (version: string) => version || 'No release',
    },
    kind: { label: 'Kind', options: facets?.kinds ?? [] },
    callStatus: {
      label: 'Call check',
      options: callStatuses,
      getLabel: (status: CallStatus) => callStatusLabels[status],
    },
  };
  const listFilters = (keys: ListFilter[]) =>
    keys.map(key => (
      <MultiFilter
        key={key}
        {...lists[key]}
        value={search[key]}
        onChange={value => onChange({ [key]: value })}
      />
    ));

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
      <FilterRow>
        <TextField
          size="small"
          label="Search"
          placeholder="Service, module, file, source…"
          value={text}
          onChange={event => setText(event.target.value)}
          sx={{ minWidth: 180, flex: 2 }}
          inputProps={{ 'aria-label': 'Search drift rows' }}
        />
        {listFilters(['owner', 'module', 'verdict', 'environment'])}
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
      </FilterRow>
      <Collapse in={moreOpen} id={moreId} unmountOnExit>
        <FilterRow sx={{ pt: 1.5 }}>
          {listFilters(['version', 'kind', 'callStatus'])}
          <FilterSwitch
            label="Behind an earlier environment"
            checked={search.promotion.includes('lagging')}
            onChange={on => onChange({ promotion: on ? ['lagging'] : [] })}
          />
          <FilterSwitch
            label="Upgrade open"
            checked={search.upgrade.includes('open')}
            onChange={on => onChange({ upgrade: on ? ['open'] : [] })}
          />
          <FilterSwitch
            label="Show non-platform references"
            checked={search.all}
            onChange={all => onChange({ all })}
          />
        </FilterRow>
      </Collapse>
    </Box>
  );
});
