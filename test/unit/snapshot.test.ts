/**
 * The streamed snapshot (app/store/snapshot.server.ts): every collection survives a round trip,
 * a single-document snapshot from before still opens and is rewritten in the new format, a
 * damaged or cut-short file is refused and left byte-for-byte as it was, a big store is written
 * without holding the event loop, and writes made while it is written leave the file at the
 * state of one event.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Store, StoreOpenError, SNAPSHOT_FILE, put, remove } from "~/store/store.server";
import { COLLECTION_NAMES, SCHEMA_VERSION, type Collections } from "~/store/schema";
import { SNAPSHOT_FORMAT, readSnapshotDocument } from "~/store/snapshot.server";
import { seedDemo } from "~/seed/demo.server";
import { closeStore, openStore } from "~/store/index.server";
import { tempDir } from "../support/temp";

const open: Store[] = [];
async function openAt(dir: string) {
  const store = await Store.open(dir);
  open.push(store);
  return store;
}
async function closeAll() {
  for (const s of open.splice(0)) await s.close();
}
afterEach(closeAll);

const at = "2026-11-01T09:00:00.000Z";

/** A record in each collection the demo leaves empty, so that every collection is in the round trip. */
async function fillTheRest(store: Store) {
  const person = Object.values(store.data.people)[0]!;
  const records = [
    put("sessions", { id: "s1", personId: person.id, createdAt: at, method: "password" }),
    put("notifications", { id: "n1", personId: person.id, kind: "review-opened", at, params: { title: "Q4 — «review»" }, link: "/reviews/r1", readAt: null, channel: "app", deliveryId: "d1" }),
    put("deliveries", { id: "d1", personId: person.id, kind: "notification", notificationIds: ["n1"], cadence: null, account: null, state: "sent", attempts: 1, nextAttemptAt: at, createdAt: at, sentAt: at, to: person.email, log: [{ at, state: "sent", reason: null }] }),
    put("notificationSettings", { id: person.id, channels: { "review-opened": "email" }, updatedAt: at }),
    put("notifier", { id: "mail", seq: 3 }),
    put("submissions", { id: `${person.id}:team:k1`, personId: person.id, kind: "team", recordId: "t1", at }),
  ];
  await store.commit({ type: "store.migrated", actorId: null, subject: { kind: "store", id: "store" } }, records);
}

function firstLine(file: string) {
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(200);
    const n = fs.readSync(fd, buffer, 0, 200, 0);
    return buffer.toString("utf8", 0, n).split("\n")[0];
  } finally {
    fs.closeSync(fd);
  }
}

async function demoFolder() {
  const dir = tempDir();
  const store = await openStore(dir);
  await seedDemo(store);
  await fillTheRest(store);
  const data = structuredClone(store.data) as Collections;
  await closeStore();
  return { dir, data };
}

describe("the streamed snapshot", () => {
  it("keeps every record of every collection across a close and an open", async () => {
    const { dir, data } = await demoFolder();
    for (const c of COLLECTION_NAMES) expect(Object.keys(data[c]).length, c).toBeGreaterThan(0);
    const file = path.join(dir, SNAPSHOT_FILE);
    expect(JSON.parse(firstLine(file))).toMatchObject({ format: SNAPSHOT_FORMAT, version: 1, schemaVersion: SCHEMA_VERSION });
    const lines = fs.readFileSync(file, "utf8").split("\n");
    expect(lines.at(-1)).toBe(""); // ends with a newline
    const records = COLLECTION_NAMES.reduce((n, c) => n + Object.keys(data[c]).length, 0);
    expect(JSON.parse(lines.at(-2)!)).toEqual({ end: SNAPSHOT_FORMAT, records });
    expect(lines.length).toBe(records + 3);

    // Opened from the snapshot alone: the log is moved away, so nothing is replayed.
    fs.renameSync(path.join(dir, "events.ndjson"), path.join(dir, "events.ndjson.aside"));
    const again = await openAt(dir);
    for (const c of COLLECTION_NAMES) expect(again.data[c], c).toEqual(data[c]);
  }, 60_000);

  it("opens a single-document snapshot from before, and rewrites it in the streamed format", async () => {
    const { dir, data } = await demoFolder();
    const file = path.join(dir, SNAPSHOT_FILE);
    const doc = (await readSnapshotDocument(file))!;
    fs.writeFileSync(file, JSON.stringify(doc));
    expect(firstLine(file).startsWith('{"schemaVersion"')).toBe(true);

    const store = await openAt(dir);
    for (const c of COLLECTION_NAMES) expect(store.data[c], c).toEqual(data[c]);
    // Rewritten at once, before the store serves anything.
    expect(JSON.parse(firstLine(file))).toMatchObject({ format: SNAPSHOT_FORMAT, lastSeq: doc.lastSeq });
    expect(await readSnapshotDocument(file)).toEqual({ ...doc, savedAt: expect.any(String) });
    await closeAll();
    const third = await openAt(dir);
    for (const c of COLLECTION_NAMES) expect(third.data[c], c).toEqual(data[c]);
  }, 60_000);

  describe("refuses a damaged file, names it and the problem, and leaves it byte-for-byte as it was", () => {
    const damages: Array<[string, (text: string) => string, RegExp]> = [
      ["cut in the middle of a record", (t) => t.slice(0, Math.floor(t.length / 2)), /damaged: it ends in the middle of line \d+ \(cut short\)/],
      ["cut between two records", (t) => t.slice(0, t.indexOf("\n", Math.floor(t.length / 2)) + 1), /damaged: it ends after line \d+, before its end line \(cut short\)/],
      ["without its end line", (t) => t.slice(0, t.lastIndexOf("\n", t.length - 2) + 1), /damaged: it ends after line \d+, before its end line/],
      ["a record missing (the count is off)", (t) => { const l = t.split("\n"); l.splice(5, 1); return l.join("\n"); }, /damaged: its end line counts \d+ records, but \d+ were read/],
      ["a garbled line", (t) => { const l = t.split("\n"); l[7] = l[7].slice(0, 20); return l.join("\n"); }, /damaged: line 8 is not valid JSON/],
      ["something after the end line", (t) => `${t}["teams","x",{}]\n`, /damaged: line \d+ comes after the end line/],
      ["an unknown collection", (t) => { const l = t.split("\n"); l[3] = JSON.stringify(["nonsense", "x", {}]); return l.join("\n"); }, /damaged: line 4 names a collection Untangle does not know/],
      ["its header cut short", (t) => t.slice(0, 40), /damaged: it ends in the middle of line 1 \(cut short\)/],
      ["cut within its first bytes", (t) => t.slice(0, 8), /not valid JSON/],
      ["empty", () => "", /not valid JSON/],
    ];
    let folder: Promise<{ dir: string }> | null = null;
    for (const [what, damage, message] of damages) {
      it(what, async () => {
        folder ??= demoFolder();
        const { dir: source } = await folder;
        const dir = tempDir();
        for (const f of fs.readdirSync(source)) fs.copyFileSync(path.join(source, f), path.join(dir, f));
        const file = path.join(dir, SNAPSHOT_FILE);
        fs.writeFileSync(file, damage(fs.readFileSync(file, "utf8")));
        const before = fs.readFileSync(file);
        const error = await Store.open(dir).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreOpenError);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).toContain(file);
        expect((error as Error).message).toMatch(/Refusing to start.*The file was left as it is\./);
        expect(fs.readFileSync(file).equals(before)).toBe(true);
        expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      }, 60_000);
    }
  });

  it("writes a big store without holding the event loop for 100 ms, and the file holds the state of one event while writes go on", async () => {
    const dir = tempDir();
    const store = await openAt(dir);
    // 200,000 teams of ~460 bytes (90 MB), committed in batches without waiting for each fsync.
    const description = "A team whose description is long enough to make the snapshot big. ".repeat(5);
    const team = (i: number) => ({ id: `t${i}`, slug: `team-${i}`, name: `Team ${i}`, description, createdAt: at });
    store.durable = false;
    for (let b = 0; b < 200; b++) {
      const changes = Array.from({ length: 1000 }, (_, j) => put("teams", team(b * 1000 + j)));
      void store.commit({ type: "team.created", actorId: null, subject: { kind: "team", id: `t${b}` } }, changes);
    }
    await store.flush();
    store.durable = true;
    const before = { ...store.data.teams };
    const seqBefore = store.version;

    // The event loop's longest stall: the time between two turns of setImmediate, but no more than
    // the CPU time the process used meanwhile — on a busy shared machine a process is also
    // stalled while it waits for a core, which is not its own blocking.
    let longestBlock = 0;
    let longestGap = 0;
    let last = performance.now();
    let lastCpu = process.cpuUsage();
    let ticking = true;
    const tick = () => {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      longestGap = Math.max(longestGap, now - last);
      longestBlock = Math.max(longestBlock, Math.min(now - last, (cpu.user + cpu.system) / 1000));
      last = now;
      lastCpu = process.cpuUsage();
      if (ticking) setImmediate(tick);
    };
    // Writes while the snapshot is written: one changed, one removed, one added, repeatedly.
    let n = 0;
    const writes: Promise<unknown>[] = [];
    const writing = setInterval(() => {
      const i = n++;
      writes.push(store.commit({ type: "team.created", actorId: null, subject: { kind: "team", id: `t${i}` } }, [
        put("teams", { ...team(i * 7), name: `Renamed ${i}` }),
        remove("teams", `t${i * 7 + 1}`),
        put("teams", { ...team(i), id: `new${i}`, slug: `new-${i}` }),
      ]));
    }, 5);
    setImmediate(tick);
    const started = performance.now();
    await store.snapshot();
    const took = performance.now() - started;
    ticking = false;
    clearInterval(writing);
    await Promise.all(writes);
    console.log(`snapshot of 200,000 records: ${took.toFixed(0)} ms, longest stall ${longestGap.toFixed(0)} ms, longest block ${longestBlock.toFixed(0)} ms, ${n} writes meanwhile`);

    expect(n).toBeGreaterThan(3); // writes did come in while it was written
    expect(took).toBeGreaterThan(200); // big enough that one string would have held the loop
    expect(longestBlock).toBeLessThan(100);

    const saved = (await readSnapshotDocument(path.join(dir, SNAPSHOT_FILE)))!;
    expect(saved.lastSeq).toBe(seqBefore);
    const savedTeams = saved.teams as Record<string, unknown>;
    expect(Object.keys(savedTeams).length).toBe(Object.keys(before).length);
    expect(savedTeams).toEqual(before);
  }, 120_000);
});
