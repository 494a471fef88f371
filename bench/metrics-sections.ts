/**
 * Times the dashboard's figures on a generated organisation, in process: building the history
 * from the log, computing each section, the whole computation at once, and what the first
 * dashboard after a vote, a friction report and a policy edit recomputes.
 *
 *   tsx bench/metrics-sections.ts <data-dir> <manifest.json>
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { closeStore, getStore, openStore } from "~/store/index.server";
import { computeMetrics, frameAt, getOrgMetrics, MetricsHistory, SECTIONS } from "~/models/metrics.server";
import { castVote } from "~/models/vote.server";
import { reportFriction } from "~/models/friction-report.server";
import type { Manifest } from "./generate";

const [dir, manifestFile] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
const time = <T>(label: string, f: () => T): T => {
  const t = performance.now();
  const value = f();
  console.log(`${label.padEnd(40)} ${(performance.now() - t).toFixed(1)} ms`);
  return value;
};

const t0 = performance.now();
const store = await openStore(dir);
console.log(`open ${(performance.now() - t0).toFixed(0)} ms, ${store.activity.length} events`);
const rss = () => `${Math.round(process.memoryUsage().rss / 1e6)} MB`;
console.log(`resident after open ${rss()}`);
store.durable = false;
const now = store.clock.now();
const history = time("history from the log", () => MetricsHistory.from({ data: store.data, activity: store.activity }));
const frame = frameAt(now);
const thisMonth = history.taking.get(frame.months[frame.months.length - 1]);
console.log(`this month's latest participation ${thisMonth?.latestAt}, measured until ${frame.cutoffs[frame.cutoffs.length - 1]}`);
// Each section's best of five: the machine is shared, the least disturbed run says what it costs.
for (const [name, s] of Object.entries(SECTIONS)) {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    (s.compute as (i: unknown) => unknown)({ data: store.data, activity: store.activity, history, frame });
    runs.push(performance.now() - t);
  }
  console.log(`${`section ${name} (best of 5)`.padEnd(40)} ${Math.min(...runs).toFixed(1)} ms (first ${runs[0].toFixed(1)} ms)`);
}
time("everything at once (computeMetrics)", () => computeMetrics({ data: store.data, activity: store.activity }, now));
time("live: first (history + every section)", () => getOrgMetrics());
console.log(`resident with the live figures ${rss()}`);
time("live: nothing changed", () => getOrgMetrics());

const actor = (id: string) => store.data.people[id] as unknown as Parameters<typeof castVote>[0]["actor"];
await castVote({ actor: actor(manifest.voterIds[0]), proposalId: manifest.openProposals[0].proposalId, input: { position: "agree", reason: "" } });
time("live: after a vote", () => getOrgMetrics());
const policy = Object.values(store.data.policies).find((p) => p.status === "active")!;
await reportFriction({ actor: actor(manifest.voterIds[1]), policyId: policy.id, input: { kind: "waiting", description: "Waited two days.", minutesLost: "30" } }).catch(
  (e) => console.log("report refused:", (e as Error).message),
);
time("live: after a friction report", () => getOrgMetrics());
await store.flush();
await closeStore().catch(() => undefined);
