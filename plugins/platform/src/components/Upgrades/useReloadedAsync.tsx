import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { DependencyList, ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';

/**
 * Loads as `useAsync` does, and again each time `reloadKey` changes (after an upgrade was opened),
 * keeping what it loaded last on screen meanwhile. `placeholder` is what to show instead of the
 * value: progress until the first load ends, the error when a load failed; undefined otherwise.
 */
export function useReloadedAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  reloadKey: unknown,
) {
  // reloadKey is not read, only followed.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const state = useAsync(load, [...deps, reloadKey]);
  let placeholder: ReactNode;
  if (state.loading && !state.value) {
    placeholder = <Progress />;
  } else if (state.error) {
    placeholder = <ResponseErrorPanel error={state.error} />;
  }
  return { value: state.value, placeholder };
}
