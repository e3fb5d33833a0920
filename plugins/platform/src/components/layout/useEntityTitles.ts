import { useEffect, useMemo, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  defaultEntityPresentation,
  entityPresentationApiRef,
  EntityRefPresentationSnapshot,
} from '@backstage/plugin-catalog-react';

/** A title per entity ref, and a comparison of refs by their titles. */
export interface EntityTitles {
  titleOf(ref: string): string;
  /** The title, the words shown on hover and the kind's icon, as the catalog's links show them. */
  presentationOf(ref: string): EntityRefPresentationSnapshot;
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
 * Refs asked for in one render are read together, so that a page asks the catalog once.
 */
export function useEntityTitles(
  refs: readonly string[],
  defaultKind: string,
): EntityTitles {
  const presentation = useApiHolder().get(entityPresentationApiRef);
  const key = [...new Set(refs)].sort().join('\n');
  // The presentation's first answer, known at once (with the kind's icon), and its promise of
  // the catalog's; asked for during render, as the catalog's own entity links do.
  const asked = useMemo(
    () =>
      new Map(
        presentation && key
          ? key
              .split('\n')
              .map(ref => [ref, presentation.forEntity(ref, { defaultKind })])
          : [],
      ),
    [presentation, key, defaultKind],
  );
  const [loaded, setLoaded] = useState<
    ReadonlyMap<string, EntityRefPresentationSnapshot>
  >(new Map());

  useEffect(() => {
    if (!asked.size) {
      return undefined;
    }
    let current = true;
    Promise.all(
      [...asked].map(async ([ref, { promise }]) => {
        try {
          return [ref, await promise] as const;
        } catch {
          return undefined;
        }
      }),
    ).then(entries => {
      if (current) {
        // Names read before are kept: a page that asks for other refs as it changes (another
        // page of rows, a menu opened) shows the ones it knows at once when they come back.
        setLoaded(
          previous =>
            new Map([
              ...previous,
              ...entries.filter(
                (e): e is [string, EntityRefPresentationSnapshot] => !!e,
              ),
            ]),
        );
      }
    });
    return () => {
      current = false;
    };
  }, [asked]);

  return useMemo(() => {
    const presentationOf = (ref: string) =>
      loaded.get(ref) ??
      asked.get(ref)?.snapshot ??
      defaultEntityPresentation(ref, { defaultKind });
    const titleOf = (ref: string) => presentationOf(ref).primaryTitle;
    return {
      titleOf,
      presentationOf,
      compare: (a, b) =>
        collator.compare(titleOf(a), titleOf(b)) || a.localeCompare(b),
    };
  }, [loaded, asked, defaultKind]);
}
