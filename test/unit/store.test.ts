import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Store, StoreOpenError, LOG_FILE, SNAPSHOT_FILE, put } from "~/store/store.server";
import { DataDirLockedError } from "~/store/lock.server";
import { SCHEMA_VERSION } from "~/store/schema";
import { readSnapshotDocument } from "~/store/snapshot.server";
import { tempDir } from "../support/temp";

const open: Store[] = [];
async function openAt(dir: string) {
  const store = await Store.open(dir);
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function team(id: string, name = `Team ${id}`) {
  return { id, slug: id, name, description: "", createdAt: new Date().toISOString() };
}

async function addTeam(store: Store, id: string) {
  return store.commit(
    { type: "team.created", actorId: null, subject: { kind: "team", id }, after: { name: id } },
    [put("teams", team(id))],
  );
}

describe("the store", () => {
  it("times how long a commit holds the event loop, including its listeners", async () => {
    const store = await openAt(tempDir());
    expect(store.longestCommitMs).toBe(0);
    store.subscribe(() => {
      const until = performance.now() + 30;
      while (performance.now() < until); // a slow index listener
    });
    await addTeam(store, "slow");
    expect(store.longestCommitMs).toBeGreaterThanOrEqual(30);
  });

  it("creates an empty document on first open and keeps every committed event across a reopen", async () => {
    const dir = tempDir();
    const first = await openAt(dir);
    expect(first.wasCreated).toBe(true);
    await addTeam(first, "a");
    await addTeam(first, "b");
    await first.close();
    open.pop();

    const again = await openAt(dir);
    expect(again.wasCreated).toBe(false);
    expect(Object.keys(again.data.teams).sort()).toEqual(["a", "b"]);
    expect(again.activity.map((e) => e.type)).toEqual(["team.created", "team.created"]);
    expect(again.version).toBe(2);
  });

  it("replays events the snapshot lacks (a crash after the log write, before any snapshot)", async () => {
    const dir = tempDir();
    const store = await openAt(dir);
    await addTeam(store, "a");
    // Simulate a crash: the log holds the event, the snapshot is from before it.
    const snapshot = await readSnapshotDocument(path.join(dir, SNAPSHOT_FILE));
    expect(snapshot?.lastSeq).toBe(0);
    fs.rmSync(path.join(dir, "untangle.lock"));
    open.pop();
    const reopened = await openAt(dir);
    expect(reopened.data.teams.a?.name).toBe("Team a");
  });

  it("refuses a snapshot that is not JSON, naming the file, and leaves it byte-for-byte unchanged", async () => {
    const dir = tempDir();
    const file = path.join(dir, SNAPSHOT_FILE);
    fs.writeFileSync(file, '{"schemaVersion": 2, "teams": {');
    const before = fs.readFileSync(file);
    await expect(Store.open(dir)).rejects.toThrow(new RegExp(`${SNAPSHOT_FILE}.*not valid JSON`));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(dir, "untangle.lock"))).toBe(false);
  });

  it("refuses a snapshot that fails its schema, naming the first problem", async () => {
    const dir = tempDir();
    const store = await openAt(dir);
    await addTeam(store, "a");
    await store.close();
    open.pop();
    const file = path.join(dir, SNAPSHOT_FILE);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const at = lines.findIndex((line) => line.startsWith('["teams","a",'));
    const record = JSON.parse(lines[at]);
    record[2].name = 42;
    lines[at] = JSON.stringify(record);
    fs.writeFileSync(file, lines.join("\n"));
    const before = fs.readFileSync(file);
    const error = await Store.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(String((error as Error).message)).toContain("teams.a.name");
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses a log with a corrupt line in the middle, and leaves it unchanged", async () => {
    const dir = tempDir();
    const store = await openAt(dir);
    await addTeam(store, "a");
    await addTeam(store, "b");
    await store.close();
    open.pop();
    const file = path.join(dir, LOG_FILE);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines[0] = "garbage";
    fs.writeFileSync(file, lines.join("\n"));
    const before = fs.readFileSync(file);
    await expect(Store.open(dir)).rejects.toThrow(/line 1 of .*events\.ndjson/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses a complete but unreadable last line (it ends with its newline: not a torn write), and leaves it unchanged", async () => {
    const dir = tempDir();
    const store = await openAt(dir);
    await addTeam(store, "a");
    await addTeam(store, "b");
    await store.flush();
    fs.rmSync(path.join(dir, "untangle.lock"));
    open.pop();
    const file = path.join(dir, LOG_FILE);
    fs.appendFileSync(file, '{"seq":3,"at":"2026-\t[]\n');
    const before = fs.readFileSync(file);
    await expect(Store.open(dir)).rejects.toThrow(/line 3 of .*events\.ndjson is not valid JSON/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("drops the torn tail of an unacknowledged write, says how much it cut, and keeps everything before it", async () => {
    const dir = tempDir();
    const store = await openAt(dir);
    await addTeam(store, "a");
    await store.flush();
    fs.rmSync(path.join(dir, "untangle.lock"));
    open.pop();
    const file = path.join(dir, LOG_FILE);
    const whole = fs.statSync(file).size;
    const tail = '{"e":{"seq":2,"at":"2026';
    fs.appendFileSync(file, tail);
    const warned: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((message: string) => void warned.push(message));
    const reopened = await openAt(dir).finally(() => warn.mockRestore());
    expect(warned).toEqual([expect.stringMatching(new RegExp(`events\\.ndjson: cut ${tail.length} bytes from its end`))]);
    expect(fs.statSync(file).size).toBe(whole);
    expect(Object.keys(reopened.data.teams)).toEqual(["a"]);
    await addTeam(reopened, "b");
    await reopened.close();
    open.pop();
    const third = await openAt(dir);
    expect(Object.keys(third.data.teams).sort()).toEqual(["a", "b"]);
  });

  it("migrates an older schemaVersion and records the migration", async () => {
    const dir = tempDir();
    const v1 = {
      schemaVersion: 1,
      lastSeq: 0,
      savedAt: new Date().toISOString(),
      teams: { a: team("a") },
      people: {}, sessions: {}, policies: {}, policyRevisions: {}, frictionReports: {}, reviews: {},
      proposals: {}, proposalVersions: {}, votes: {}, comments: {}, standards: {}, standardVersions: {},
      acknowledgements: {}, ratings: {},
    };
    fs.writeFileSync(path.join(dir, SNAPSHOT_FILE), JSON.stringify(v1));
    const store = await openAt(dir);
    expect(store.data.teams.a?.name).toBe("Team a");
    expect(store.data.pulses).toEqual({});
    expect(store.activity.at(-1)?.type).toBe("store.migrated");
    await store.close();
    open.pop();
    const saved = await readSnapshotDocument(path.join(dir, SNAPSHOT_FILE));
    expect(saved?.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it("refuses a second opener of the same data directory, and takes over a stale lock", async () => {
    const dir = tempDir();
    await openAt(dir);
    await expect(Store.open(dir)).rejects.toBeInstanceOf(DataDirLockedError);

    const other = tempDir();
    fs.writeFileSync(path.join(other, "untangle.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import("node:os")).hostname(), startedAt: "x" }));
    const store = await openAt(other);
    expect(store.healthy).toBe(true);
  });

  it("rejects a record that fails its schema without changing anything", async () => {
    const dir = tempDir();
    const store = await openAt(dir);
    const bad = { ...team("x"), name: "" };
    await expect(
      store.commit({ type: "team.created", actorId: null, subject: { kind: "team", id: "x" } }, [put("teams", bad)]),
    ).rejects.toThrow();
    expect(store.data.teams.x).toBeUndefined();
    expect(store.version).toBe(0);
  });

  it("counts every one of many concurrent commits exactly once (group commit)", async () => {
    const dir = tempDir();
    const store = await openAt(dir);
    await Promise.all(Array.from({ length: 200 }, (_, i) => addTeam(store, `t${i}`)));
    await store.close();
    open.pop();
    const reopened = await openAt(dir);
    expect(Object.keys(reopened.data.teams)).toHaveLength(200);
    expect(reopened.version).toBe(200);
  });
});
