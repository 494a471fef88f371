/**
 * Voters on a review, for the tests that run the production server on PostgreSQL: an
 * organisation made through the domain functions on the database, signing in, voting through
 * the review page's form, and the votes as the database holds them.
 */
import { expect } from "vitest";
import { hashPassword } from "~/lib/password.server";
import type { Actor } from "~/models/actor";
import { createPerson } from "~/models/person.server";
import { submitProposal } from "~/models/proposal.server";
import { openReview } from "~/models/review.server";
import { closeStore, openStore } from "~/store/index.server";
import { buildPolicy, buildTeam } from "../factories";
import type { RunningServer } from "../e2e/server";
import { query } from "./postgres";

export const PASSWORD = "voter-password-123";

export type Voter = Actor & { email: string };
export type Election = { manager: Voter; voters: Voter[]; reviewId: string; proposals: string[] };

export function inFuture(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A team with a manager and `count` employees, one open review of one policy with `titles` as proposals. */
export async function holdElection(url: string, count: number, titles: string[]): Promise<Election> {
  await openStore("", { databaseUrl: url });
  try {
    const team = await buildTeam();
    const passwordHash = await hashPassword(PASSWORD);
    const make = async (i: number, role: "employee" | "manager"): Promise<Voter> => {
      const email = `voter-${i}@example.test`;
      const p = await createPerson({ actor: null, input: { name: `Voter ${i}`, email, teamId: team.id, role, password: PASSWORD }, passwordHash });
      return { id: p.id, name: p.name, role: p.role, teamId: p.teamId, email };
    };
    const manager = await make(0, "manager");
    const voters: Voter[] = [];
    for (let i = 1; i <= count; i++) voters.push(await make(i, "employee"));
    const policy = await buildPolicy(manager);
    const review = await openReview({ actor: manager, input: { title: "Shared review", policyIds: [policy.id], deadline: inFuture(10) } });
    const proposals: string[] = [];
    for (const title of titles) {
      proposals.push((await submitProposal({ actor: manager, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title, reasoning: "Plainer." } })).id);
    }
    return { manager, voters, reviewId: review.id, proposals };
  } finally {
    await closeStore();
  }
}

export async function signIn(server: RunningServer, email: string) {
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    body: new URLSearchParams({ email, password: PASSWORD, redirectTo: "/" }),
  });
  expect(res.status).toBe(302);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

/** Signs each voter in on the process their votes go to (voter i on server i mod n). */
export async function signInAll(servers: RunningServer[], voters: Voter[]) {
  const cookies: string[] = [];
  for (let i = 0; i < voters.length; i += 10) {
    const batch = voters.slice(i, i + 10);
    cookies.push(...(await Promise.all(batch.map((v, j) => signIn(servers[(i + j) % servers.length], v.email)))));
  }
  return cookies;
}

/** A vote through the review page's form, as a browser without JavaScript sends it. */
export function vote(server: RunningServer, cookie: string, reviewId: string, proposalId: string, position: string, reason = "") {
  return fetch(`${server.url}/reviews/${reviewId}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: cookie },
    body: new URLSearchParams({ intent: "vote", proposalId, position, reason }),
  });
}

export const acknowledged = (status: number) => status >= 200 && status < 400;

/** The votes on one proposal as the database holds them (a fresh reading, not any process's memory): person → position. */
export async function votesInDatabase(url: string, proposalId: string) {
  const rows = await query<{ line: string }>(url, "SELECT line FROM events WHERE line LIKE '%\"proposal.voted\"%' ORDER BY seq");
  const votes = new Map<string, string>();
  for (const { line } of rows) {
    const changes = JSON.parse(line.split("\t")[1]) as Array<{ c: string; v: { proposalId: string; personId: string; position: string } }>;
    for (const ch of changes) if (ch.c === "votes" && ch.v.proposalId === proposalId) votes.set(ch.v.personId, ch.v.position);
  }
  return votes;
}

export type Health = { ok: boolean; store: string; events: number; lag: number; leader: boolean; pid: number };

export async function health(server: RunningServer) {
  return (await (await fetch(`${server.url}/healthz`)).json()) as Health;
}

export async function until(check: () => Promise<boolean>, ms: number) {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}
