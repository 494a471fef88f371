import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/http";

describe("safeRedirect", () => {
  it.each([
    ["/policies?team=it", "/policies?team=it"],
    ["/", "/"],
  ])("keeps a path on this site: %s", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });

  it.each(["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "evil", "", null, 42, "/\nx"])(
    "refuses anything else: %s",
    (to) => {
      expect(safeRedirect(to, "/home")).toBe("/home");
    },
  );
});
