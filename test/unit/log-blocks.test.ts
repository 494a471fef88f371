/** The log read in blocks gives the same lines as the log read whole, lines across blocks and a torn tail included. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { forEachLogLine, readLogLines } from "~/store/log.server";
import { tempDir } from "../support/temp";

describe("reading the log in blocks", () => {
  for (const tail of ["", '{"seq":4,"at":"2026'])
    it(`gives every line as the whole-file reader does${tail ? ", and where the torn tail begins" : ""}`, async () => {
      const file = path.join(tempDir(), "events.ndjson");
      const lines = [1, 2, 3].map((seq) => `${JSON.stringify({ seq, type: "team.created", note: "é".repeat(seq * 5) })}\t${JSON.stringify([{ c: "teams", id: `t${seq}` }])}\n`);
      fs.writeFileSync(file, lines.join("") + tail + "\n".slice(tail ? 1 : 1));
      const whole = await readLogLines(file);
      for (const blockSize of [7, 64, 1 << 20]) {
        const seen: Array<{ lineNumber: number; event: string; changes: string }> = [];
        const read = await forEachLogLine(file, (l) => seen.push({ lineNumber: l.lineNumber, event: l.event, changes: l.changes() }), blockSize);
        expect(seen).toEqual(whole.lines.map((l) => ({ lineNumber: l.lineNumber, event: l.event, changes: l.changes() })));
        expect(read).toEqual({ lines: 3, tornAt: whole.tornAt, size: whole.size });
      }
      expect(whole.tornAt).toBe(tail ? Buffer.byteLength(lines.join("")) : null);
    });
});
