/**
 * Three production server processes on one PostgreSQL database: voters spread over them are all
 * counted, one voter's parallel votes to different processes leave one, a review closed in one
 * process takes no vote in the others, a process killed with SIGKILL under load loses no
 * acknowledged write and catches up when it starts again, and a database that drops every
 * connection under load loses nothing acknowledged (writes answer 503 meanwhile; reads go on).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeStore, openStore } from "~/store/index.server";
import { openReview } from "~/models/review.server";
import { submitProposal } from "~/models/proposal.server";
import { buildPolicy } from "../factories";
import { freePort, startServer, type RunningServer } from "../e2e/server";
import { dropDatabases, freshDatabase, query, refuseConnections, allowConnections } from "../support/postgres";
import { tempDir } from "../support/temp";
import {
  acknowledged,
  health,
  holdElection,
  inFuture,
  signIn,
  signInAll,
  until,
  vote as voteOn,
  votesInDatabase as votesIn,
  type Voter,
} from "../support/voting";

let url: string;
const servers: RunningServer[] = [];
const ports: number[] = [];
let voters: Voter[] = [];
let manager: Voter;
let reviewId: string;
let proposals: string[] = [];

async function start(i: number) {
  servers[i] = await startServer({ DATABASE_URL: url, SEED_DEMO: "false", PORT: String(ports[i]), DATA_DIR: tempDir() });
  return servers[i];
}

const vote = (server: RunningServer, cookie: string, proposalId: string, position: string, reason = "") => voteOn(server, cookie, reviewId, proposalId, position, reason);
const votesInDatabase = (proposalId: string) => votesIn(url, proposalId);

let cookies: string[] = [];

beforeAll(async () => {
  url = await freshDatabase();
  // The organisation, made through the domain functions on the same database.
  ({ manager, voters, reviewId, proposals } = await holdElection(url, 100, ["First", "Second", "Third", "Fourth"]));

  for (let i = 0; i < 3; i++) ports.push(await freePort());
  await Promise.all([0, 1, 2].map((i) => start(i)));
  // Every voter signs in on the process their votes go to; sessions live in the database.
  cookies = await signInAll(servers, voters);
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s?.stop()));
  await dropDatabases();
});

describe("three server processes on one database", () => {
  it("all say they use PostgreSQL, and exactly one of them is the sender", async () => {
    const all = await Promise.all(servers.map(health));
    expect(all.map((h) => h.store)).toEqual(["postgres", "postgres", "postgres"]);
    expect(new Set(all.map((h) => h.pid)).size).toBe(3);
    expect(all.filter((h) => h.leader)).toHaveLength(1);
  });

  it("counts a hundred voters spread over the three processes, each process seeing them all", async () => {
    const proposalId = proposals[0];
    const answers = await Promise.all(voters.map((v, i) => vote(servers[i % 3], cookies[i], proposalId, i % 4 === 3 ? "abstain" : "agree")));
    expect(answers.map((r) => r.status).filter((s) => !acknowledged(s))).toEqual([]);
    const votes = await votesInDatabase(proposalId);
    expect(votes.size).toBe(100);
    // Each process follows the others: the same newest event everywhere, within moments.
    await until(async () => new Set((await Promise.all(servers.map(health))).map((h) => h.events)).size === 1, 5000);
  });

  it("leaves exactly one vote of one voter's twenty parallel votes sent to different processes", async () => {
    const proposalId = proposals[1];
    const positions = ["agree", "abstain", "agree", "abstain"];
    const cookie = cookies[0];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => vote(servers[i % 3], cookie, proposalId, positions[i % positions.length])),
    );
    expect(answers.map((r) => r.status).filter((s) => !acknowledged(s))).toEqual([]);
    const rows = await query<{ line: string }>(url, "SELECT line FROM events ORDER BY seq");
    const store = rows.map((r) => JSON.parse(r.line.split("\t")[1]) as Array<{ c: string; id: string; v?: { proposalId: string } }>);
    const ids = new Set(store.flat().filter((c) => c.c === "votes" && c.v?.proposalId === proposalId).map((c) => c.id));
    expect([...ids]).toEqual([`${proposalId}:${voters[0].id}`]);
  });

  it("refuses votes in every process once the review is closed in one", async () => {
    // A review of its own, closed through the close form on the first process.
    const store = await openStore("", { databaseUrl: url });
    const policy = await buildPolicy(manager);
    const review = await openReview({ actor: manager, input: { title: "Closing review", policyIds: [policy.id], deadline: inFuture(10) } });
    const proposal = await submitProposal({ actor: manager, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "Shorter", reasoning: "Yes." } });
    expect(store.kind).toBe("postgres");
    await closeStore();
    const managerCookie = await signIn(servers[0], manager.email);
    const closed = await fetch(`${servers[0].url}/reviews/${review.id}/close`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: servers[0].url, Cookie: managerCookie },
      body: new URLSearchParams({ confirmEarly: "yes", [`outcome.${proposal.id}`]: "rejected", [`rationale.${proposal.id}`]: "Not now." }),
    });
    expect(closed.status).toBe(302);
    expect((await votesInDatabase(proposal.id)).size).toBe(0);
    // At once, before the others may even have been told: they decide against the latest state.
    const answers = await Promise.all([1, 2].map((i) =>
      fetch(`${servers[i].url}/reviews/${review.id}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: servers[i].url, Cookie: cookies[i] },
        body: new URLSearchParams({ intent: "vote", proposalId: proposal.id, position: "agree", via: "fetcher" }),
      }),
    ));
    expect(answers.map((r) => r.status)).toEqual([409, 409]);
    expect((await votesInDatabase(proposal.id)).size).toBe(0);
  });

  it("loses no acknowledged vote when a process is killed with SIGKILL under load, and the restarted process catches up", async () => {
    const proposalId = proposals[2];
    const acked = new Map<string, string>();
    let killed = false;
    let firstAck!: () => void;
    const firstAcked = new Promise<void>((resolve) => (firstAck = resolve));
    const sends = voters.map(async (v, i) => {
      await new Promise((r) => setTimeout(r, i * 5));
      const server = servers[i % 3];
      const position = i % 2 ? "agree" : "abstain";
      try {
        const res = await vote(server, cookies[i], proposalId, position);
        if (acknowledged(res.status)) {
          acked.set(v.id, position);
          firstAck();
        }
      } catch {
        /* the killed process's connections fail: not acknowledged */
      }
    });
    await firstAcked;
    servers[1].child.kill("SIGKILL");
    killed = true;
    await Promise.all(sends);
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThan(50);
    const stored = await votesInDatabase(proposalId);
    for (const [personId, position] of acked) expect(stored.get(personId)).toBe(position);

    // The killed process starts again and catches up with everything written meanwhile.
    await new Promise<void>((resolve) => (servers[1].child.exitCode !== null || servers[1].child.signalCode ? resolve() : servers[1].child.once("exit", () => resolve())));
    await start(1);
    await until(async () => {
      const all = await Promise.all(servers.map(health));
      return new Set(all.map((h) => h.events)).size === 1 && all.every((h) => h.lag === 0);
    }, 10_000);
    const again = await vote(servers[1], cookies[1], proposalId, "agree");
    expect(acknowledged(again.status)).toBe(true);
  });

  it("loses nothing acknowledged when the database drops every connection under load; writes answer 503 while it is away, reads go on", async () => {
    const proposalId = proposals[3];
    const acked = new Map<string, string>();
    let cut!: () => void;
    const cutStarted = new Promise<void>((resolve) => (cut = resolve));
    const sends = voters.map(async (v, i) => {
      await new Promise((r) => setTimeout(r, i * 8));
      if (i === 20) cut();
      const position = i % 2 ? "agree" : "abstain";
      const res = await vote(servers[i % 3], cookies[i], proposalId, position).catch(() => null);
      if (res && acknowledged(res.status)) acked.set(v.id, position);
      return res?.status ?? 0;
    });
    await cutStarted;
    await refuseConnections(url);
    let during: { write: number; read: number; ready: number; page: string };
    try {
      await until(async () => (await fetch(`${servers[0].url}/healthz`)).status === 503, 5000);
      const write = await vote(servers[0], cookies[0], proposalId, "agree");
      const page = await write.text();
      const read = await fetch(`${servers[0].url}/reviews/${reviewId}`, { headers: { Cookie: cookies[0] } });
      during = { write: write.status, read: read.status, ready: (await fetch(`${servers[0].url}/healthz`)).status, page };
    } finally {
      await allowConnections(url);
    }
    const statuses = await Promise.all(sends);
    expect(during.write).toBe(503);
    expect(during.page).toContain("nothing was saved");
    expect(during.read).toBe(200);
    expect(during.ready).toBe(503);
    expect(statuses.filter((s) => !acknowledged(s) && s !== 503)).toEqual([]);
    const stored = await votesInDatabase(proposalId);
    for (const [personId, position] of acked) expect(stored.get(personId)).toBe(position);
    // Every process reconnects by itself and takes writes again.
    await until(async () => (await Promise.all(servers.map(health))).every((h) => h.ok), 10_000);
    const answers = await Promise.all([0, 1, 2].map((i) => vote(servers[i], cookies[90 + i], proposalId, "abstain")));
    expect(answers.map((r) => acknowledged(r.status))).toEqual([true, true, true]);
  });
});
