import { useCallback, useEffect, useMemo, useState } from 'react';
import { storageApiRef, useApi } from '@backstage/frontend-plugin-api';

/** The bucket of the platform pages' remembered choices in the user's storage. */
const BUCKET = 'platform';

/**
 * Whether a collapsible section is open: what the user last chose, kept in their storage (the
 * app's user settings, or the browser's local storage), else `initiallyOpen`.
 */
export function useRememberedOpen(
  key: string,
  initiallyOpen: () => boolean,
): [boolean, (open: boolean) => void] {
  const storageApi = useApi(storageApiRef);
  const storage = useMemo(() => storageApi.forBucket(BUCKET), [storageApi]);
  const [open, setOpen] = useState<boolean>(() => {
    const stored = storage.snapshot<boolean>(key);
    return stored.presence === 'present'
      ? stored.value === true
      : initiallyOpen();
  });

  useEffect(() => {
    // A storage that answers later (the user settings backend) still gets the last say.
    const subscription = storage.observe$<boolean>(key).subscribe(stored => {
      if (stored.presence === 'present') {
        setOpen(stored.value === true);
      }
    });
    return () => subscription.unsubscribe();
  }, [storage, key]);

  const change = useCallback(
    (next: boolean) => {
      setOpen(next);
      storage.set(key, next).catch(() => {
        // Not remembered is no reason to refuse the change on the page.
      });
    },
    [storage, key],
  );
  return [open, change];
}
