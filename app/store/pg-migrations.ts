/**
 * The PostgreSQL store's schema, as versioned migrations applied in order at start, under an
 * advisory lock (two processes starting together: one migrates, the other waits and finds it
 * done). Each runs in its own transaction with the row that records it. Never edit a migration
 * that has shipped; add the next one.
 */
export type PgMigration = { version: number; description: string; sql: string };

export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    description: "the events table (one row per event: the event log's line) and the store's settings",
    sql: `
      CREATE TABLE events (
        seq bigint PRIMARY KEY,
        line text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE untangle_meta (
        key text PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "snapshots: every record as of one event, in chunks of the snapshot file's lines, so a process starts without replaying every event",
    sql: `
      CREATE TABLE snapshots (
        id bigserial PRIMARY KEY,
        last_seq bigint NOT NULL,
        schema_version integer NOT NULL,
        records bigint,
        complete boolean NOT NULL DEFAULT false,
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );
      CREATE TABLE snapshot_chunks (
        snapshot_id bigint NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
        n integer NOT NULL,
        lines text NOT NULL,
        PRIMARY KEY (snapshot_id, n)
      );
      -- Chunks are about 1 MB of JSON, written once and read whole: stored out of line, uncompressed
      -- (compressing and expanding them would cost the database more time than the disk saves).
      ALTER TABLE snapshot_chunks ALTER COLUMN lines SET STORAGE EXTERNAL;
    `,
  },
];

/** The table that records which migrations ran; created before any of them. */
export const MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS untangle_migrations (
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )
`;
