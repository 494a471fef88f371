import fs from "node:fs";
import fsp from "node:fs/promises";
import { forEachLineInBlocks, fsyncDir } from "./snapshot.server";
import path from "node:path";

/**
 * The append-only event log: one JSON line per event. Writes are group-committed: every line
 * appended while a flush is under way waits for the next flush, which writes them all in one
 * call and fsyncs once. A caller's promise resolves only when its line is on disk.
 */
export class EventLogWriter {
  private pending: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private bytes = 0;

  private constructor(
    private readonly handle: fsp.FileHandle,
    private readonly durable: () => boolean,
  ) {}

  static async open(file: string, truncateTo: number | null, durable: () => boolean) {
    const existed = fs.existsSync(file);
    if (truncateTo !== null) await fsp.truncate(file, truncateTo);
    const handle = await fsp.open(file, "a");
    if (!existed) {
      await handle.sync();
      fsyncDir(path.dirname(file));
    }
    return new EventLogWriter(handle, durable);
  }

  get failed() {
    return this.failure;
  }

  append(line: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.pending.push(line);
    this.bytes += line.length;
    if (!this.durable()) {
      // Bulk loading (the demo seed, the benchmark's generator): flush in large batches.
      if (this.bytes > 4 * 1024 * 1024) this.schedule();
      return Promise.resolve();
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return done;
  }

  /** Resolves when everything appended so far is on disk. */
  async flush(): Promise<void> {
    while (this.flushing || this.pending.length) {
      if (!this.flushing) this.schedule();
      await this.flushing;
    }
    if (this.failure) throw this.failure;
  }

  private schedule() {
    if (this.flushing) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
    });
  }

  private async drain() {
    while (this.pending.length && !this.failure) {
      const lines = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      this.bytes = 0;
      try {
        await this.handle.write(lines.join(""));
        await this.handle.datasync();
        for (const w of waiters) w.resolve();
      } catch (error) {
        this.failure = new Error(`Could not write the event log: ${(error as Error).message}`);
        for (const w of waiters) w.reject(this.failure);
      }
    }
  }

  async close() {
    await this.flush();
    await this.handle.close();
  }
}

/**
 * One line of the log: `<event JSON>\t<changes JSON>\n`. JSON never contains a raw tab, so the
 * tab splits the small event (needed for the activity log) from the changed records (needed only
 * to replay what the snapshot lacks) without parsing the latter.
 */
export type LogLine = { lineNumber: number; event: string; changes: () => string };

export function formatLogLine(event: unknown, changes: unknown) {
  return `${JSON.stringify(event)}\t${JSON.stringify(changes)}\n`;
}

/**
 * Reads the log. A last line without its newline is the torn tail of a write that was never
 * acknowledged (a write is acknowledged only once its whole line, newline included, is on disk):
 * it is reported (as the offset to cut at) so the writer can cut it off. A line that ends with its
 * newline is always returned, however damaged, for the reader to judge.
 */
export async function readLogLines(
  file: string,
): Promise<{ lines: LogLine[]; tornAt: number | null; size: number }> {
  let buffer: Buffer;
  try {
    buffer = await fsp.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lines: [], tornAt: null, size: 0 };
    throw error;
  }
  const lines: LogLine[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start < buffer.length) {
    const end = buffer.indexOf(10, start);
    lineNumber++;
    if (end === -1) return { lines, tornAt: start, size: buffer.length };
    let tab = buffer.indexOf(9, start);
    if (tab === -1 || tab > end) tab = end;
    const from = start;
    lines.push({
      lineNumber,
      event: buffer.toString("utf8", from, tab),
      changes: () => (tab < end ? buffer.toString("utf8", tab + 1, end) : ""),
    });
    start = end + 1;
  }
  return { lines, tornAt: null, size: buffer.length };
}

/**
 * Reads the log as `readLogLines` does, but in blocks of 8 MB, handing each complete line to
 * `onLine` as it is read (its `changes()` is valid only during that call): the whole file is
 * never in memory at once. Returns how many lines it read, and where a torn last line begins.
 */
export async function forEachLogLine(
  file: string,
  onLine: (line: LogLine) => void,
  blockSize = 8 * 1024 * 1024,
): Promise<{ lines: number; tornAt: number | null; size: number }> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lines: 0, tornAt: null, size: 0 };
    throw error;
  }
  try {
    let lineNumber = 0;
    const read = await forEachLineInBlocks(
      handle,
      (data, start, end) => {
        lineNumber++;
        let tab = data.indexOf(9, start);
        if (tab === -1 || tab > end) tab = end;
        onLine({
          lineNumber,
          event: data.toString("utf8", start, tab),
          changes: () => (tab < end ? data.toString("utf8", tab + 1, end) : ""),
        });
      },
      blockSize,
    );
    return { lines: lineNumber, ...read };
  } finally {
    await handle.close();
  }
}
