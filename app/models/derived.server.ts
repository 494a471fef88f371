/**
 * Derived data kept in memory beside the store: values cached until one of the collections
 * they read changes (`cachedOn`), and indexes kept current change by change (`liveIndex`).
 * Finer than `store.version`, which also moves on every vote.
 */
import { getStore } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import type { Change } from "~/store/events";
import type { CollectionName } from "~/store/schema";

type Tracker = { revs: Map<CollectionName, number>; memo: Map<string, { key: string; value: unknown }> };
const trackers = new WeakMap<Store, Tracker>();

function tracker(store: Store): Tracker {
  let t = trackers.get(store);
  if (!t) {
    const created: Tracker = { revs: new Map(), memo: new Map() };
    store.subscribe((_event, changes) => {
      for (const change of changes) created.revs.set(change.c, (created.revs.get(change.c) ?? 0) + 1);
    });
    trackers.set(store, created);
    t = created;
  }
  return t;
}

/**
 * Derived data (the handbook, health, coverage) cached until one of the collections it reads
 * changes. Finer than `store.version`: a flood of policy votes does not rebuild the handbook.
 * `extra` adds to the key what else the value depends on (today's date for a 90-day window).
 */
export function cachedOn<T>(collections: readonly CollectionName[], name: string, build: () => T, extra = ""): T {
  const t = tracker(getStore());
  const key = `${collections.map((c) => t.revs.get(c) ?? 0).join(",")}|${extra}`;
  const hit = t.memo.get(name);
  if (hit && hit.key === key) return hit.value as T;
  const value = build();
  t.memo.set(name, { key, value });
  return value;
}

/**
 * An index kept current change by change (ratings, acknowledgements): built once from the
 * store, then updated by `onChange` for each changed record of `collection`, so one new
 * rating never means re-reading a hundred thousand.
 */
export function liveIndex<T>(
  name: string,
  collection: CollectionName,
  build: (store: Store) => T,
  onChange: (index: T, change: Change, store: Store) => void,
): T {
  const store = getStore();
  let perStore = liveIndexes.get(store);
  if (!perStore) liveIndexes.set(store, (perStore = new Map()));
  if (perStore.has(name)) return perStore.get(name) as T;
  const index = build(store);
  perStore.set(name, index);
  store.subscribe((_event, changes) => {
    for (const change of changes) if (change.c === collection) onChange(index, change, store);
  });
  return index;
}
const liveIndexes = new WeakMap<Store, Map<string, unknown>>();

