/**
 * `npm run store`: an embedded data folder copied into PostgreSQL and verified, a non-empty
 * target refused without --force, and a round trip through the portable export file.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeStore, openStore } from "~/store/index.server";
import { seedDemo } from "~/seed/demo.server";
import { PostgresStore } from "~/store/postgres.server";
import { main, summarise } from "../../server/store-command";
import { dropDatabases, freshDatabase, query } from "../support/postgres";
import { tempDir } from "../support/temp";
import { SNAPSHOT_FILE } from "~/store/store.server";
import { SNAPSHOT_FORMAT, readSnapshotDocument } from "~/store/snapshot.server";

afterAll(dropDatabases);

async function demoFolder() {
  const dir = tempDir();
  const store = await openStore(dir);
  await seedDemo(store);
  const summary = summarise(store);
  await closeStore();
  return { dir, summary };
}

describe("the store command", () => {
  it("copies an embedded folder into PostgreSQL with the same records in every collection, and refuses to overwrite it", async () => {
    const { dir, summary } = await demoFolder();
    const url = await freshDatabase();
    await main(["copy", `--from=${dir}`, `--to=${url}`]);
    const copy = await PostgresStore.open(url, { follow: false });
    try {
      expect(summarise(copy)).toEqual(summary);
      expect(summary.votes.count).toBeGreaterThan(100);
    } finally {
      await copy.close();
    }
    const before = await query<{ n: string }>(url, "SELECT count(*) AS n FROM events");
    // The copy leaves a snapshot of every record, so the app's processes start from it.
    const snapshot = async () => query<{ last_seq: string; records: string }>(url, "SELECT last_seq, records FROM snapshots WHERE complete");
    const records = Object.entries(summary).filter(([c]) => c !== "(events)").reduce((n, [, s]) => n + s.count, 0);
    expect(await snapshot()).toEqual([{ last_seq: before[0].n, records: String(records) }]);
    await expect(main(["copy", `--from=${dir}`, `--to=${url}`])).rejects.toThrow(/already holds .* events\. Give --force/);
    expect(await query<{ n: string }>(url, "SELECT count(*) AS n FROM events")).toEqual(before);
    await main(["copy", `--from=${dir}`, `--to=${url}`, "--force"]);
    expect(await query<{ n: string }>(url, "SELECT count(*) AS n FROM events")).toEqual(before);
    expect(await snapshot()).toEqual([{ last_seq: before[0].n, records: String(records) }]);
  }, 120_000);

  it("exports a store to one file and imports it into an empty folder, the same in every collection", async () => {
    const { dir, summary } = await demoFolder();
    const file = path.join(tempDir(), "backup.ndjson");
    await main(["export", `--from=${dir}`, `--to=${file}`]);
    expect(JSON.parse(fs.readFileSync(file, "utf8").split("\n")[0])).toMatchObject({ format: "untangle-events", events: summary["(events)"].count });
    await expect(main(["export", `--from=${dir}`, `--to=${file}`])).rejects.toThrow(/exists\. Give --force/);
    const restored = tempDir();
    await main(["import", `--from=${file}`, `--to=${restored}`]);
    const store = await openStore(restored);
    try {
      expect(summarise(store)).toEqual(summary);
    } finally {
      await closeStore();
    }
    await expect(main(["import", `--from=${file}`, `--to=${restored}`])).rejects.toThrow(/already holds .*Give --force/);
    await expect(main(["verify", `--from=${dir}`, `--to=${restored}`])).resolves.toBeUndefined();
    // The restored folder's snapshot is in the streamed format: a header line, records, an end line.
    const lines = fs.readFileSync(path.join(restored, SNAPSHOT_FILE), "utf8").split("\n");
    expect(JSON.parse(lines[0])).toMatchObject({ format: SNAPSHOT_FORMAT, lastSeq: summary["(events)"].count });
    expect(JSON.parse(lines.at(-2)!)).toEqual({ end: SNAPSHOT_FORMAT, records: lines.length - 3 });
  }, 120_000);

  it("exports a folder whose snapshot is a single document (from before streamed snapshots), and it matches once imported", async () => {
    const { dir, summary } = await demoFolder();
    const snapshot = path.join(dir, SNAPSHOT_FILE);
    fs.writeFileSync(snapshot, JSON.stringify(await readSnapshotDocument(snapshot)));
    const file = path.join(tempDir(), "backup.ndjson");
    await main(["export", `--from=${dir}`, `--to=${file}`]);
    expect(fs.readFileSync(snapshot, "utf8").startsWith(`{"format":"${SNAPSHOT_FORMAT}"`)).toBe(true); // rewritten when opened
    const restored = tempDir();
    await main(["import", `--from=${file}`, `--to=${restored}`]);
    const store = await openStore(restored);
    try {
      expect(summarise(store)).toEqual(summary);
    } finally {
      await closeStore();
    }
  }, 120_000);
});
