import type { BaseStore as Store } from "./base.server";
import { EmbeddedStore } from "./store.server";
import { PostgresStore, redactUrl, type PostgresOptions } from "./postgres.server";

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

/**
 * Opens the store: PostgreSQL when `databaseUrl` is given (DATABASE_URL), otherwise the
 * embedded store in `dataDir`.
 */
export async function openStore(dataDir: string, options: { databaseUrl?: string | null } & PostgresOptions = {}): Promise<Store> {
  const where = options.databaseUrl ? redactUrl(options.databaseUrl) : dataDir;
  if (holder.__untangleStore) {
    if (holder.__untangleStore.dataDir === where) return holder.__untangleStore;
    throw new Error(`A store is already open on ${holder.__untangleStore.dataDir}.`);
  }
  const store = options.databaseUrl ? await PostgresStore.open(options.databaseUrl, options) : await EmbeddedStore.open(dataDir);
  holder.__untangleStore = store;
  return store;
}

export async function closeStore() {
  const store = holder.__untangleStore;
  holder.__untangleStore = null;
  if (store) await store.close();
}

export { put, remove, systemClock, StoreOpenError, StoreUnavailableError, type Clock, type Decision } from "./base.server";
export type { Store } from "./store.server";
