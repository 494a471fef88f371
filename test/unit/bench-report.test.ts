import { describe, expect, it } from "vitest";
import { sectionsKept } from "../../bench/report";

describe("the benchmark report", () => {
  const old = [
    "# Benchmarks",
    "",
    "Measured on an earlier day.",
    "",
    "## Requests",
    "",
    "| old table |",
    "",
    "## PostgreSQL store and several processes (`npm run bench:processes`)",
    "",
    "Votes across two processes.",
    "",
    "## Start-up and memory at the large size",
    "",
    "18 s.",
    "",
  ].join("\n");

  it("keeps the sections another benchmark wrote, in their order, and drops those this run writes again", () => {
    const kept = sectionsKept(old, ["# Benchmarks", "", "## Requests", "", "| new table |", ""]);
    expect(kept).toEqual([
      "## PostgreSQL store and several processes (`npm run bench:processes`)\n\nVotes across two processes.\n",
      "## Start-up and memory at the large size\n\n18 s.\n",
    ]);
  });

  it("keeps nothing from a missing report", () => {
    expect(sectionsKept("", ["## Requests"])).toEqual([]);
  });
});
