import { Store } from "./store.server";

/**
 * The one open store of this process. Kept on globalThis so that a development rebuild of the
 * server bundle reuses it instead of opening a second writer on the same files.
 */
const holder = globalThis as typeof globalThis & { __untangleStore?: Store | null };

export function getStore(): Store {
  const store = holder.__untangleStore;
  if (!store) throw new Error("The store is not open.");
  return store;
}

export function hasStore() {
  return Boolean(holder.__untangleStore);
}

export async function openStore(dataDir: string): Promise<Store> {
  if (holder.__untangleStore) {
    if (holder.__untangleStore.dataDir === dataDir) return holder.__untangleStore;
    throw new Error(`A store is already open on ${holder.__untangleStore.dataDir}.`);
  }
  const store = await Store.open(dataDir);
  holder.__untangleStore = store;
  return store;
}

export async function closeStore() {
  const store = holder.__untangleStore;
  holder.__untangleStore = null;
  if (store) await store.close();
}

export { put, remove, systemClock, StoreOpenError, type Clock } from "./store.server";
export type { Store } from "./store.server";
