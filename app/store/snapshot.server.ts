import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Low, type Adapter } from "lowdb";

/**
 * A lowdb adapter that keeps its promise of durability: the document is written to a temporary
 * file, fsync'd, renamed over the old one, and the folder is fsync'd so the rename survives a
 * power loss. (lowdb's own JSONFile renames through steno but never fsyncs.) Compact JSON: the
 * snapshot is for the machine; pretty-printing would cost several times more to write.
 */
export class DurableJSONFile<T> implements Adapter<T | null> {
  constructor(private readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T | null): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const handle = await fsp.open(tmp, "w");
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, this.file);
    fsyncDir(path.dirname(this.file));
  }
}

export function fsyncDir(dir: string) {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function openSnapshot<T>(file: string): Low<T | null> {
  return new Low<T | null>(new DurableJSONFile<T>(file), null);
}
