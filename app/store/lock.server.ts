import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * One process per data directory. The lock file names its holder; a lock whose process is
 * gone (or whose host is this one and the pid is not running) is stale and is taken over.
 */
export class DataDirLockedError extends Error {}

type LockInfo = { pid: number; host: string; startedAt: string };

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquireLock(dataDir: string): () => void {
  const file = path.join(dataDir, "untangle.lock");
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      return () => {
        try {
          const held = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
          if (held.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let held: LockInfo | null = null;
      try {
        held = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
      } catch {
        held = null; // unreadable lock: left by a crash mid-write, so stale
      }
      const stale = !held || (held.host === os.hostname() && held.pid !== process.pid && !isRunning(held.pid));
      if (!stale && held) {
        throw new DataDirLockedError(
          `The data directory ${dataDir} is in use by another Untangle process (pid ${held.pid} on ${held.host}, since ${held.startedAt}). Stop it first, or point DATA_DIR elsewhere.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock the data directory ${dataDir}.`);
}
