/**
 * `npm start`: builds the app when there is no current build, then starts the production server.
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildFile = path.join(root, "build", "index.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(buildFile) ? fs.statSync(buildFile).mtimeMs : 0;
const sources = Math.max(newestSource(path.join(root, "app")), fs.statSync(path.join(root, "remix.config.js")).mtimeMs);
if (built < sources) {
  console.log(built ? "The app changed since the last build: building…" : "No build yet: building…");
  execSync("npx remix build", { cwd: root, stdio: "inherit" });
}

await import("./main");
