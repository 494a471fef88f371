/**
 * The store keeps one copy of each id and of each of the product's words (statuses, tags, event
 * types): a record's ids and an event's actor and subject are the pool's strings. String identity cannot be seen from JavaScript, so this measures it: the heap a
 * store holds for many votes of one proposal, read back from disk, where JSON gives every
 * mention of an id a string of its own.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { Store, put } from "~/store/store.server";
import { StringPool } from "~/store/string-pool";
import { tempDir } from "../support/temp";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const heapUsed = () => {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
};

const open: Store[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("the string pool", () => {
  it("swaps a record's ids, its id lists and a nested source's ids for one copy, leaving other fields", () => {
    const pool = new StringPool();
    const record = pool.record({ id: "a", teamId: "t", audienceTeamIds: ["t", "u"], title: "t", source: { reviewId: "r" } });
    expect(record).toEqual({ id: "a", teamId: "t", audienceTeamIds: ["t", "u"], title: "t", source: { reviewId: "r" } });
    expect(pool.size).toBe(3); // t, u, r: neither the record's own id nor its title
  });

  it("swaps the product's words without keeping other text, and leaves a record equal", () => {
    const pool = new StringPool();
    const record = { id: "a", status: "under-review", purposeTags: ["fraud-prevention"], title: "under-review", content: { frictionTags: ["duplicate-entry"] } };
    expect(pool.record(structuredClone(record), "a")).toEqual(record);
    expect(pool.size).toBe(0); // words are the product's own list, not added to the pool
  });

  it("holds each id of many votes once, after the store reads them back from disk", async () => {
    const dir = tempDir();
    const count = 20_000;
    await writeVotes(dir, count);
    const before = heapUsed();
    const store = await Store.open(dir); // reads every record and event back from disk
    open.push(store);
    const perVote = (heapUsed() - before) / count;
    console.log(`heap per vote and its event: ${perVote.toFixed(0)} bytes`);
    expect(Object.keys(store.data.votes)).toHaveLength(count);
    expect(store.activity).toHaveLength(count);
    // Measured: about 410–425 bytes with the pool of ids and words, 457 with ids only (each event's
    // type "proposal.voted" a string of its own), 870 without (each vote's proposal, review and
    // person ids and each event's actor and subject a string of their own).
    expect(perVote).toBeLessThan(445);
  });
});

/** Votes by 50 people on one proposal, written by a store that is closed again. */
async function writeVotes(dir: string, count: number) {
  const store = await Store.open(dir);
  const proposalId = uuid(1);
  const reviewId = uuid(2);
  store.durable = false;
  for (let i = 0; i < count; i++) {
    const personId = uuid(1000 + (i % 50));
    const vote = { id: `${proposalId}:${uuid(100_000 + i)}`, proposalId, reviewId, personId, position: "agree", reason: "", at: new Date().toISOString() };
    void store.commit({ type: "proposal.voted", actorId: personId, subject: { kind: "proposal", id: proposalId } }, [put("votes", vote as never)]);
  }
  store.durable = true;
  await store.flush();
  await store.close();
}
