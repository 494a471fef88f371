/**
 * The fan-out of a review opening: 10,000 people who may vote, each owed a notification and a
 * mail, recorded in batches with a turn of the event loop between them. Reports the longest the
 * event loop was blocked while the notifications were recorded (the target: under 100 ms), how
 * long recording took, and the longest single commit.
 *
 *   npm run bench:fanout                 # 10,000 people
 *   npm run bench:fanout -- --people=2000
 *
 * Not part of `npm test`: it is a measurement, not a pass/fail check.
 */
import os from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { closeStore, getStore, openStore, put } from "~/store/index.server";
import type { Person } from "~/store/schema";
import { hashPassword } from "~/lib/password.server";
import { createTeam } from "~/models/team.server";
import { createPerson } from "~/models/person.server";
import { createPolicy } from "~/models/policy.server";
import { openReview } from "~/models/review.server";
import { startNotifier, stopNotifier } from "~/models/notification.server";
import type { Actor } from "~/models/actor";
import { tempDir } from "../test/support/temp";

const arg = process.argv.find((a) => a.startsWith("--people="));
const PEOPLE = arg ? Number(arg.split("=")[1]) : 10_000;

const dir = tempDir("untangle-fanout-");
const store = await openStore(dir);
store.durable = false;
const started = performance.now();
const team = await createTeam({ actor: null, input: { name: "Everyone", description: "" } });
const hash = await hashPassword("fan-out-bench-password");
// The manager through the domain; the other people written a thousand to a commit (createPerson
// checks every address against every other, which at 10,000 people takes minutes).
const first = await createPerson({
  actor: null,
  passwordHash: hash,
  input: { name: "Person 0", email: "person-0@example.test", teamId: team.id, role: "manager", password: "unused-but-valid-1" },
});
const manager: Actor = { id: first.id, name: first.name, role: first.role, teamId: first.teamId };
for (let start = 1; start < PEOPLE; start += 1000) {
  const changes = [];
  for (let i = start; i < Math.min(PEOPLE, start + 1000); i++) {
    const person: Person = { id: randomUUID(), name: `Person ${i}`, email: `person-${i}@example.test`, teamId: team.id, role: "employee", active: true, passwordHash: hash, createdAt: new Date().toISOString() };
    changes.push(put("people", person));
  }
  await store.commit({ type: "person.created", actorId: null, subject: { kind: "person", id: "bench" }, after: { people: changes.length } }, changes);
}
const policy = await createPolicy({
  actor: manager,
  input: {
    title: "Refunds over 50 need a manager's approval",
    summary: "",
    body: "Ask your manager.",
    teamId: team.id,
    ownerId: manager.id,
    purpose: "Prevents fraud.",
    purposeTags: ["fraud-prevention"],
    audienceExternal: true,
    audienceTeamIds: [],
    mandate: "own",
    occurrencesPerMonth: 100,
    steps: 3,
    approvals: 1,
    handoffs: 1,
    activeMinutes: 5,
    waitingMinutes: 60,
    frictionTags: ["approval"],
    reviewCycleMonths: 12,
  },
});
await store.flush();
store.durable = true;
const loadedMs = performance.now() - started;

const notifier = await startNotifier(store, {});
await notifier.idle();
await new Promise((r) => setTimeout(r, 200));

// Measured: the review opening, and everything the notifier does because of it.
const loop = monitorEventLoopDelay({ resolution: 1 });
let longestGap = 0;
let last = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  longestGap = Math.max(longestGap, now - last - 1);
  last = now;
}, 1);
loop.enable();
store.longestCommitMs = 0;
const t0 = performance.now();
const review = await openReview({
  actor: manager,
  input: { title: "Simplify refunds", policyIds: [policy.id], deadline: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10) },
});
await notifier.idle();
const recordMs = performance.now() - t0;
clearInterval(ticker);
loop.disable();

const recorded = Object.values(getStore().data.notifications).filter((n) => n.id.includes(review.id)).length;
const deliveries = Object.keys(getStore().data.deliveries).length;
stopNotifier();
await closeStore();

const row = (k: string, v: string) => console.log(`${k.padEnd(44)} ${v}`);
console.log(`\nFan-out of one review opening (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}, Node ${process.version})\n`);
row("people who may vote", PEOPLE.toLocaleString("en"));
row("notifications recorded", recorded.toLocaleString("en"));
row("mails queued", deliveries.toLocaleString("en"));
row("organisation made in", `${(loadedMs / 1000).toFixed(1)} s`);
row("review opened to all recorded (durable)", `${recordMs.toFixed(0)} ms`);
row("longest event-loop block (histogram max)", `${(loop.max / 1e6).toFixed(1)} ms`);
row("longest gap between 1 ms timers", `${longestGap.toFixed(1)} ms`);
row("longest single commit", `${store.longestCommitMs.toFixed(1)} ms`);
row("target: no block over 100 ms", loop.max / 1e6 < 100 ? "met" : "MISSED");
process.exit(0);
