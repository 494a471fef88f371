/**
 * After the load phase: reopens the stopped server's data folder with the store (replaying the
 * log as a restart would) and checks that every vote the server acknowledged is there.
 *
 *   tsx bench/verify.ts <data-dir> <acknowledged.json>   (a JSON list of vote ids, or of
 *                                                         { id, position }: the position must match)
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { Store } from "~/store/store.server";

/** A vote id, or a vote id with the position the server acknowledged last (bench/stop.ts). */
type Acknowledged = string | { id: string; position: string };

const [dataDir, ackFile] = process.argv.slice(2);
const acknowledged = JSON.parse(fs.readFileSync(ackFile, "utf8")) as Acknowledged[];
const t = performance.now();
const store = await Store.open(dataDir);
const reopenMs = Math.round(performance.now() - t);
const missing = acknowledged
  .filter((a) => (typeof a === "string" ? !store.data.votes[a] : store.data.votes[a.id]?.position !== a.position))
  .map((a) => (typeof a === "string" ? a : `${a.id} (${a.position})`));
const result = {
  reopenMs,
  acknowledged: acknowledged.length,
  present: acknowledged.length - missing.length,
  missing: missing.slice(0, 10),
  votes: Object.keys(store.data.votes).length,
  events: store.activity.length,
};
console.log(JSON.stringify(result));
// Not closed: closing would write another snapshot of a folder the benchmark deletes next.
process.exit(0);
