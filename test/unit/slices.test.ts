import { describe, expect, it } from "vitest";
import { insertionPoint, Slicer, sortInSlices } from "~/lib/slices.server";

describe("sorting in slices", () => {
  it("sorts as Array.prototype.sort does, stably, at every length around its run size", async () => {
    for (const n of [0, 1, 2, 511, 512, 513, 1500, 4099]) {
      const items = Array.from({ length: n }, (_, i) => ({ key: (i * 7919) % 97, at: i }));
      const expected = [...items].sort((a, b) => a.key - b.key);
      const sorted = await sortInSlices(items, (a, b) => a.key - b.key);
      expect(sorted).toEqual(expected); // equal keys keep their order: stable
      expect(items.map((x) => x.at)).toEqual(Array.from({ length: n }, (_, i) => i)); // the input is left as it is
    }
  });

  it("lets the event loop run while it sorts, so no turn is held for long", async () => {
    const items = Array.from({ length: 60_000 }, (_, i) => `title ${(i * 104729) % 60_000}`);
    const collator = new Intl.Collator("en", { numeric: true });
    let turns = 0;
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      turns++;
    }, 0);
    const sorted = await sortInSlices(items, (a, b) => collator.compare(a, b), new Slicer(5));
    clearInterval(timer);
    expect(sorted).toEqual([...items].sort((a, b) => collator.compare(a, b)));
    expect(turns).toBeGreaterThan(10);
    expect(longest).toBeLessThan(100);
  });

  it("finds where an item belongs, after any equal ones", () => {
    const list = [1, 3, 3, 5];
    const cmp = (a: number, b: number) => a - b;
    expect([0, 1, 3, 4, 5, 6].map((x) => insertionPoint(list, x, cmp))).toEqual([0, 1, 3, 3, 4, 4]);
  });
});
