import { DriftStore } from './DriftStore';

/** A store method, taking and giving what the store's does. */
export type StoreMethod = (...args: unknown[]) => unknown;

/**
 * A store whose methods `decorate` may replace, given each method's name and the store's own
 * method bound to it; where it returns undefined, the store's own is used. The shared shape of
 * the store's read caches.
 */
export function decorateStore(
  store: DriftStore,
  decorate: (
    name: keyof DriftStore,
    method: StoreMethod,
  ) => StoreMethod | undefined,
): DriftStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      const method = value.bind(target) as StoreMethod;
      return decorate(property as keyof DriftStore, method) ?? method;
    },
  });
}
