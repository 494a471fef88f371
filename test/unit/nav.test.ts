import { describe, expect, it } from "vitest";
import { isCurrent } from "~/components/link";

describe("which navigation item is current", () => {
  it("marks a section on its own page and on the pages below it", () => {
    expect(isCurrent("/standards", { to: "/standards" })).toBe(true);
    expect(isCurrent("/standards/mine", { to: "/standards" })).toBe(true);
    expect(isCurrent("/Standards/Mine", { to: "/standards" })).toBe(true);
  });

  it("does not mark a section whose address only begins the same way", () => {
    expect(isCurrent("/standardsx", { to: "/standards" })).toBe(false);
    expect(isCurrent("/policies", { to: "/standards" })).toBe(false);
  });

  it("marks an `end` item only on its very address", () => {
    expect(isCurrent("/standards", { to: "/standards", end: true })).toBe(true);
    expect(isCurrent("/standards/mine", { to: "/standards", end: true })).toBe(false);
  });
});
