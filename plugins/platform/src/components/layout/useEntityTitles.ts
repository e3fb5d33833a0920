import { useEffect, useMemo, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  defaultEntityPresentation,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';

/** A title per entity ref, and a comparison of refs by their titles. */
export interface EntityTitles {
  titleOf(ref: string): string;
  compare(a: string, b: string): number;
}

const collator = new Intl.Collator('en', {
  sensitivity: 'base',
  numeric: true,
});

/**
 * The names people know entities by (a group's display name or title, else its name), as the
 * catalog's entity links show them: read through the app's entity presentation, which batches
 * and caches catalog reads; the ref's own name until then, or where the app has none.
 */
export function useEntityTitles(
  refs: readonly string[],
  defaultKind: string,
): EntityTitles {
  const presentation = useApiHolder().get(entityPresentationApiRef);
  const key = [...new Set(refs)].sort().join('\n');
  const [loaded, setLoaded] = useState<ReadonlyMap<string, string>>(new Map());

  useEffect(() => {
    if (!presentation || !key) {
      return undefined;
    }
    let current = true;
    Promise.all(
      key.split('\n').map(async ref => {
        try {
          const { primaryTitle } = await presentation.forEntity(ref, {
            defaultKind,
          }).promise;
          return [ref, primaryTitle] as const;
        } catch {
          return undefined;
        }
      }),
    ).then(entries => {
      if (current) {
        setLoaded(new Map(entries.filter((e): e is [string, string] => !!e)));
      }
    });
    return () => {
      current = false;
    };
  }, [presentation, key, defaultKind]);

  return useMemo(() => {
    const titleOf = (ref: string) =>
      loaded.get(ref) ??
      defaultEntityPresentation(ref, { defaultKind }).primaryTitle;
    return {
      titleOf,
      compare: (a, b) =>
        collator.compare(titleOf(a), titleOf(b)) || a.localeCompare(b),
    };
  }, [loaded, defaultKind]);
}
