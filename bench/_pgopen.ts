import { performance } from "node:perf_hooks";
const { PostgresStore } = await import("~/store/postgres.server");
const t0 = performance.now();
const store = await PostgresStore.open(process.argv[2], { follow: false });
console.log("open ms", Math.round(performance.now() - t0), "version", store.version, "heap MB", Math.round(process.memoryUsage().heapUsed / 1e6));
await store.close();
process.exit(0);
