import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { emptyCollections } from "./schema";

/**
 * The snapshot file (`untangle.json`): every collection's records and the last event they
 * include, written as a stream of lines, never as one JSON string.
 *
 *   {"format":"untangle-snapshot","version":1,"schemaVersion":2,"lastSeq":…,"savedAt":…,"secret":…}
 *   ["teams","t1",{…the record…}]
 *   …one line per record…
 *   {"end":"untangle-snapshot","records":123456}
 *
 * Every line is JSON and ends with a newline. The end line carries the count of records, so a
 * file cut short anywhere (even between two lines) is recognised as damaged and refused.
 *
 * Writing it: to a temporary file, in chunks of a few milliseconds' work each (the event loop
 * serves requests between them), then fsync, rename over the old file, fsync the folder.
 *
 * Reading it: in blocks of 8 MB, one line at a time. An older snapshot — one JSON document
 * holding everything — is still read (as a whole) and is replaced by this format at the next
 * snapshot.
 */

export const SNAPSHOT_FORMAT = "untangle-snapshot";
export const SNAPSHOT_FORMAT_VERSION = 1;

export type SnapshotHeader = {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  schemaVersion: number;
  lastSeq: number;
  savedAt: string;
  secret: string;
};

/** A snapshot file that cannot be read: the message names the file and the first problem. */
export class SnapshotDamagedError extends Error {}

/** Writing yields to the event loop after this much work (ms) or text (chars), whichever first. */
const SLICE_MS = 15;
const CHUNK_CHARS = 1 << 20;
/** Reading: bytes per block. */
const BLOCK = 8 * 1024 * 1024;

export function fsyncDir(dir: string) {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Serialises records as snapshot lines (`["collection","id",{record}]\n`), handing them on in
 * chunks of about 1 MB; between slices of `sliceMs` of work, the event loop runs (so a
 * generator reading live state must cope with changes made meanwhile — see
 * BaseStore.beginSnapshot). The snapshot file and the PostgreSQL store's snapshot table hold
 * the same lines. Returns the number of records.
 */
export async function serialiseRecords(
  records: Iterable<[string, string, unknown]>,
  onChunk: (text: string) => Promise<void>,
  options: { sliceMs?: number } = {},
): Promise<number> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  let count = 0;
  let parts: string[] = [];
  let chars = 0;
  let sliceStart = performance.now();
  for (const [c, id, value] of records) {
    const line = `${JSON.stringify([c, id, value])}\n`;
    parts.push(line);
    chars += line.length;
    count++;
    if (chars >= CHUNK_CHARS || (count % 256 === 0 && performance.now() - sliceStart >= sliceMs)) {
      await onChunk(parts.join(""));
      parts = [];
      chars = 0;
      await immediate();
      sliceStart = performance.now();
    }
  }
  if (parts.length) await onChunk(parts.join(""));
  return count;
}

/** One record line's collection, id and value, or null when the line is not a record (a problem). */
export function parseRecordLine(value: unknown): [string, string, unknown] | null {
  if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
  return value as [string, string, unknown];
}

/**
 * Writes a snapshot durably. `records` yields one `[collection, id, value]` at a time; it is
 * consumed in slices, between which the event loop runs (so a generator reading live state must
 * cope with changes made meanwhile — see BaseStore.beginSnapshot). `beforeRename` runs once every
 * record is on disk, before the new file replaces the old (the store makes the log durable up
 * to `lastSeq` there). Returns the number of records written.
 */
export async function writeSnapshot(
  file: string,
  header: Omit<SnapshotHeader, "format" | "version">,
  records: Iterable<[string, string, unknown]>,
  options: { beforeRename?: () => Promise<void>; sliceMs?: number } = {},
): Promise<{ records: number; bytes: number }> {
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await fsp.open(tmp, "w");
  const sliceMs = options.sliceMs ?? SLICE_MS;
  let count = 0;
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    await handle.write(text);
  };
  try {
    const full: SnapshotHeader = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_FORMAT_VERSION, ...header };
    await write(`${JSON.stringify(full)}\n`);
    count = await serialiseRecords(records, write, { sliceMs });
    await write(`${JSON.stringify({ end: SNAPSHOT_FORMAT, records: count })}\n`);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await options.beforeRename?.();
    await fsp.rename(tmp, file);
  } catch (error) {
    await fsp.rm(tmp, { force: true });
    throw error;
  }
  fsyncDir(path.dirname(file));
  return { records: count, bytes };
}

export type ReadSnapshot =
  | { kind: "missing" }
  /** A single JSON document (the format before streamed snapshots). */
  | { kind: "document"; doc: Record<string, unknown> }
  | { kind: "records"; header: SnapshotHeader; records: number };

/**
 * Reads a snapshot file. In the streamed format, each record is handed to `onRecord` as it is
 * read (the caller validates and keeps it); the header is handed to `onHeader` first. Throws
 * SnapshotDamagedError for anything that is not a whole snapshot; the file is never changed.
 */
export async function readSnapshot(
  file: string,
  onHeader: (header: SnapshotHeader) => void,
  onRecord: (collection: string, id: string, value: unknown, lineNumber: number) => void,
): Promise<ReadSnapshot> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    throw error;
  }
  try {
    const first = Buffer.alloc(64);
    const { bytesRead } = await handle.read(first, 0, first.length, 0);
    const opening = first.toString("utf8", 0, bytesRead);
    if (!opening.startsWith(`{"format":"${SNAPSHOT_FORMAT}"`)) {
      // The older format: one JSON document.
      await handle.close().catch(() => undefined);
      const text = await fsp.readFile(file, "utf8");
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (error) {
        throw new SnapshotDamagedError(`${file} is not valid JSON (${(error as Error).message})`);
      }
      if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new SnapshotDamagedError(`${file} is not valid JSON (not an object)`);
      return { kind: "document", doc: doc as Record<string, unknown> };
    }
    return await readRecords(file, handle, onHeader, onRecord);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads an open file from its start in blocks (8 MB unless said), handing each complete line to
 * `onLine` as the bytes `data[start..end)` without the newline (valid only during the call): the
 * whole file is never in memory at once. Returns where an unfinished last line begins (null when
 * the file ends with a newline) and how many bytes were read.
 */
export async function forEachLineInBlocks(
  handle: fsp.FileHandle,
  onLine: (data: Buffer, start: number, end: number) => void,
  blockSize = BLOCK,
): Promise<{ tornAt: number | null; size: number }> {
  // One block for the whole file: an unfinished line moves to its start and the next read fills
  // the rest, so no block is allocated or copied whole per read (it grows only for a longer line).
  let block = Buffer.allocUnsafe(blockSize);
  /** Bytes at the block's start carried from the last read: the beginning of an unfinished line. */
  let kept = 0;
  /** The file offset of `block[0]`. */
  let offset = 0;
  let position = 0;
  for (;;) {
    if (kept === block.length) {
      const larger = Buffer.allocUnsafe(block.length * 2);
      block.copy(larger, 0, 0, kept);
      block = larger;
    }
    const { bytesRead } = await handle.read(block, kept, block.length - kept, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const data = block.subarray(0, kept + bytesRead);
    let start = 0;
    for (;;) {
      const end = data.indexOf(10, start);
      if (end === -1) break;
      onLine(data, start, end);
      start = end + 1;
    }
    offset += start;
    kept = data.length - start;
    if (kept && start) block.copy(block, 0, start, data.length);
  }
  return { tornAt: kept ? offset : null, size: position };
}

async function readRecords(
  file: string,
  handle: fsp.FileHandle,
  onHeader: (header: SnapshotHeader) => void,
  onRecord: (collection: string, id: string, value: unknown, lineNumber: number) => void,
): Promise<ReadSnapshot> {
  const damaged = (what: string) => new SnapshotDamagedError(`${file} is damaged: ${what}`);
  let header: SnapshotHeader | null = null;
  let end: { records: number } | null = null;
  let count = 0;
  let lineNumber = 0;
  const line = (text: string) => {
    lineNumber++;
    if (end) throw damaged(`line ${lineNumber} comes after the end line`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw damaged(`line ${lineNumber} is not valid JSON`);
    }
    if (lineNumber === 1) {
      const h = value as SnapshotHeader;
      if (h?.format !== SNAPSHOT_FORMAT || typeof h.lastSeq !== "number") throw damaged("its first line is not a snapshot header");
      if (h.version > SNAPSHOT_FORMAT_VERSION) {
        throw new SnapshotDamagedError(`${file} was written by a newer Untangle (snapshot format ${h.version}); this one reads format ${SNAPSHOT_FORMAT_VERSION}`);
      }
      header = h;
      onHeader(h);
      return;
    }
    if (Array.isArray(value)) {
      const record = parseRecordLine(value);
      if (!record) throw damaged(`line ${lineNumber} is not a record`);
      count++;
      onRecord(record[0], record[1], record[2], lineNumber);
      return;
    }
    const e = value as { end?: unknown; records?: unknown };
    if (e?.end !== SNAPSHOT_FORMAT || typeof e.records !== "number") throw damaged(`line ${lineNumber} is neither a record nor the end line`);
    if (e.records !== count) throw damaged(`its end line counts ${e.records} records, but ${count} were read`);
    end = { records: e.records };
  };

  const { tornAt } = await forEachLineInBlocks(handle, (data, start, nl) => line(data.toString("utf8", start, nl)));
  if (tornAt !== null) throw damaged(`it ends in the middle of line ${lineNumber + 1} (cut short)`);
  if (!header) throw damaged("it is empty");
  if (!end) throw damaged(`it ends after line ${lineNumber}, before its end line (cut short)`);
  return { kind: "records", header, records: count };
}

/**
 * A snapshot file of either format as one document (`schemaVersion`, `lastSeq`, `savedAt`,
 * `secret` and every collection): for tools and tests, not for the store's own start (which
 * keeps records as they are read). Throws SnapshotDamagedError like `readSnapshot`.
 */
export async function readSnapshotDocument(file: string): Promise<Record<string, unknown> | null> {
  const doc: Record<string, unknown> = {};
  const read = await readSnapshot(
    file,
    ({ format: _format, version: _version, ...fields }) => Object.assign(doc, fields, emptyCollections()),
    (c, id, value) => {
      ((doc[c] ??= {}) as Record<string, unknown>)[id] = value;
    },
  );
  if (read.kind === "missing") return null;
  if (read.kind === "document") return read.doc;
  return doc;
}
