/**
 * How long a people-directory import of N people takes, and how long it holds the event loop
 * at most (what every other request would wait). Not part of `npm test` or `npm run bench`.
 *
 *   npx tsx bench/directory-import.ts [5000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { closeStore, openStore } from "~/store/index.server";
import { createTeam } from "~/models/team.server";
import { createPerson } from "~/models/person.server";
import { importDirectory, previewDirectoryImport } from "~/models/directory.server";
import { hashPassword } from "~/lib/password.server";

const count = Number(process.argv[2] ?? 5000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "untangle-directory-bench-"));
// DATABASE_URL (an empty database) measures the import on the PostgreSQL store instead.
await openStore(dir, { databaseUrl: process.env.DATABASE_URL ?? null });
const teams = [];
for (const name of ["Finance", "Operations", "Customer Support", "IT", "HR"]) teams.push(await createTeam({ actor: null, input: { name } }));
const passwordHash = await hashPassword("bench-password-1234");
const admin = await createPerson({ actor: null, input: { name: "Admin", email: "admin@bench.test", teamId: teams[0].id, role: "admin", password: "x".repeat(12) }, passwordHash });

const rows = ["name,email,team,role,manager_email"];
for (let i = 0; i < count; i++) {
  rows.push(`Person ${i},p${i}@bench.test,${teams[i % teams.length].name},${i < 100 ? "manager" : "employee"},${i < 100 ? "" : `p${i % 100}@bench.test`}`);
}
const csv = rows.join("\r\n");
const actor = { id: admin.id, name: admin.name, role: admin.role, teamId: admin.teamId };

/** Runs `run` while a 1 ms timer stands in for other requests: the longest gap between its turns is how long the loop was held. */
async function measure<T>(label: string, run: () => Promise<T> | T) {
  let turns = 0;
  let last = performance.now();
  let longest = 0;
  // Wall time between turns is inflated when other processes take the CPU; the CPU this
  // process used between two turns is not (it includes V8's helper threads, so it errs high).
  let lastCpu = process.cpuUsage();
  let longestCpu = 0;
  const other = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    longest = Math.max(longest, now - last);
    longestCpu = Math.max(longestCpu, (cpu.user + cpu.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
    turns++;
  }, 1);
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(other);
  console.log(
    `${label}: ${ms.toFixed(0)} ms in all; other work waited at most ${longest.toFixed(0)} ms wall, ${longestCpu.toFixed(0)} ms of CPU (a 1 ms timer ran ${turns} times); load average ${os.loadavg()[0].toFixed(1)}`,
  );
  return result;
}

const preview = await measure(`preview of ${count} people (${(Buffer.byteLength(csv) / 1024).toFixed(0)} KB)`, () => previewDirectoryImport({ actor, csv, deactivateMissing: false }));
console.log(`  ${preview.counts.create} to add, ${preview.counts.invalid} with problems`);
const result = await measure(`import of ${count} people`, () => importDirectory({ actor, csv, deactivateMissing: false }));
console.log(`  ${result.created} added`);
await measure(`preview again (all unchanged)`, () => previewDirectoryImport({ actor, csv, deactivateMissing: false }));
await closeStore();
fs.rmSync(dir, { recursive: true, force: true });
