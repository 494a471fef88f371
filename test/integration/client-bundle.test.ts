import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * What the browser downloads: the client build (`npm run build`, which `npm test` runs first).
 * Form input is checked on the server, against schemas in the models; a route that imported zod
 * itself would ship it to every reader of that page (tens of kilobytes), so none may.
 */
const BUILD = path.resolve(import.meta.dirname, "../../public/build");

function scripts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return scripts(file);
    return entry.name.endsWith(".js") ? [file] : [];
  });
}

describe("the client build", () => {
  it("exists (npm run build)", () => {
    expect(fs.existsSync(BUILD), `${BUILD} is missing: run npm run build`).toBe(true);
  });

  it("carries no schema library: every route checks its forms on the server", () => {
    const files = scripts(BUILD);
    expect(files.length).toBeGreaterThan(5);
    const withZod = files.filter((file) => fs.readFileSync(file, "utf8").includes('"$ZodType"')).map((file) => path.relative(BUILD, file));
    expect(withZod).toEqual([]);
  });
});
