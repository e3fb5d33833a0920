import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  CallStatus,
  DRIFT_SORT_FIELDS,
  DriftFilter,
  DriftQuery,
  DriftSortField,
  DriftVerdict,
  driftVerdicts,
  DRIFT_PROMOTION_FILTERS,
  DRIFT_UPGRADE_FILTERS,
  isDriftVerdict,
  ReferenceKind,
} from '@platform-portal/plugin-platform-common';
import { isCallStatus } from '../CallFindings';
import { quietVerdicts } from '../verdicts';

export const PAGE_SIZES = [25, 50, 100] as const;
const LIST_KEYS = [
  'owner',
  'module',
  'verdict',
  'environment',
  'version',
  'kind',
  'callStatus',
  'promotion',
  'upgrade',
] as const;

type PromotionFilter = (typeof DRIFT_PROMOTION_FILTERS)[number];
type UpgradeFilter = (typeof DRIFT_UPGRADE_FILTERS)[number];

/** The values of a list the URL may hold that the report knows; others are ignored. */
function known<T extends string>(values: string[], allowed: readonly T[]): T[] {
  return values.filter((value): value is T =>
    (allowed as readonly string[]).includes(value),
  );
}

/** The drift report's view as kept in the URL, so that a link shares it. */
export interface DriftSearch {
  owner: string[];
  module: string[];
  verdict: DriftVerdict[];
  environment: string[];
  /** Versions the references pin; '' stands for references that resolve to no release. */
  version: string[];
  kind: ReferenceKind[];
  /** How calls fare against their module's interface. */
  callStatus: CallStatus[];
  /** `lagging`: only references behind an earlier environment of their service. */
  promotion: PromotionFilter[];
  /** `open`: only references with an open upgrade change. */
  upgrade: UpgradeFilter[];
  text: string;
  /** Whether references that are no platform module (local paths, third-party actions) show. */
  all: boolean;
  /** Whether the services missing a required module (or pinning it outside its range) show. */
  required: boolean;
  sort: DriftSortField;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const DEFAULTS: Pick<DriftSearch, 'sort' | 'order' | 'page' | 'pageSize'> = {
  sort: 'verdict',
  order: 'desc',
  page: 0,
  pageSize: 25,
};

function readSearch(params: URLSearchParams): DriftSearch {
  const sort = params.get('sort') as DriftSortField;
  const pageSize = Number(params.get('pageSize'));
  const page = Number(params.get('page'));
  return {
    owner: params.getAll('owner'),
    module: params.getAll('module'),
    verdict: params.getAll('verdict').filter(isDriftVerdict),
    environment: params.getAll('environment'),
    version: params.getAll('version'),
    kind: params.getAll('kind') as ReferenceKind[],
    callStatus: params.getAll('callStatus').filter(isCallStatus),
    promotion: known(params.getAll('promotion'), DRIFT_PROMOTION_FILTERS),
    upgrade: known(params.getAll('upgrade'), DRIFT_UPGRADE_FILTERS),
    text: params.get('q') ?? '',
    all: params.get('all') === '1',
    required: params.get('required') === '1',
    sort: DRIFT_SORT_FIELDS.includes(sort) ? sort : DEFAULTS.sort,
    order:
      params.get('order') === 'asc' || params.get('order') === 'desc'
        ? (params.get('order') as 'asc' | 'desc')
        : DEFAULTS.order,
    page: Number.isInteger(page) && page > 0 ? page : 0,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize)
      ? pageSize
      : DEFAULTS.pageSize,
  };
}

function writeSearch(search: DriftSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LIST_KEYS) {
    for (const value of search[key]) {
      params.append(key, value);
    }
  }
  if (search.text) {
    params.set('q', search.text);
  }
  if (search.all) {
    params.set('all', '1');
  }
  if (search.required) {
    params.set('required', '1');
  }
  if (search.sort !== DEFAULTS.sort) {
    params.set('sort', search.sort);
  }
  if (search.order !== DEFAULTS.order) {
    params.set('order', search.order);
  }
  if (search.page) {
    params.set('page', String(search.page));
  }
  if (search.pageSize !== DEFAULTS.pageSize) {
    params.set('pageSize', String(search.pageSize));
  }
  return params;
}

/** The filter sent to the API: quiet verdicts are left out unless asked for. */
export function toFilter(search: DriftSearch): DriftFilter {
  let verdict = search.verdict;
  if (!verdict.length && !search.all) {
    verdict = driftVerdicts.filter(v => !quietVerdicts.includes(v));
  }
  return {
    owner: search.owner,
    module: search.module,
    verdict,
    environment: search.environment,
    version: search.version,
    kind: search.kind,
    callStatus: search.callStatus,
    promotion: search.promotion,
    upgrade: search.upgrade,
    text: search.text.trim() || undefined,
  };
}

export function toQuery(search: DriftSearch): DriftQuery {
  return {
    ...toFilter(search),
    sort: search.sort,
    order: search.order,
    offset: search.page * search.pageSize,
    limit: search.pageSize,
  };
}

/** The change that clears every filter, leaving sorting and paging as they are. */
export const clearedFilters: Partial<DriftSearch> = {
  owner: [],
  module: [],
  verdict: [],
  environment: [],
  version: [],
  kind: [],
  callStatus: [],
  promotion: [],
  upgrade: [],
  text: '',
};

export function hasFilters(search: DriftSearch): boolean {
  return (
    LIST_KEYS.some(key => search[key].length > 0) || search.text.trim() !== ''
  );
}

/** Reads the view from the URL and changes it; a filter change goes back to the first page. */
export function useDriftSearch(): [
  DriftSearch,
  (change: Partial<DriftSearch>) => void,
] {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => readSearch(params), [params]);
  const update = useCallback(
    (change: Partial<DriftSearch>) => {
      setParams(
        current => {
          const previous = readSearch(current);
          const next = { ...previous, ...change };
          if (!('page' in change)) {
            next.page = 0;
          }
          return writeSearch(next);
        },
        { replace: false },
      );
    },
    [setParams],
  );
  return [search, update];
}
