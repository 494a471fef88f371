import { describe, expect, it } from "vitest";
import { HandbookQuery, StandardPageQuery } from "~/lib/standards-forms.server";

describe("the handbook's address", () => {
  it("reads nothing as the whole handbook, page 1", () => {
    expect(HandbookQuery.parse({})).toEqual({ q: "", dimension: null, customer: null, provider: null, page: 1 });
  });

  it("keeps what is well formed", () => {
    expect(HandbookQuery.parse({ q: "  laptop ", dimension: "reliability", customer: "finance", provider: "it", page: "3" })).toEqual({
      q: "laptop",
      dimension: "reliability",
      customer: "finance",
      provider: "it",
      page: 3,
    });
  });

  it("falls back field by field for anything malformed", () => {
    expect(HandbookQuery.parse({ q: "x".repeat(201), dimension: "speed", customer: "  ", provider: "it", page: "-1" })).toEqual({
      q: "",
      dimension: null,
      customer: null,
      provider: "it",
      page: 1,
    });
    expect(StandardPageQuery.parse({ compare: "two" })).toEqual({ compare: null });
    expect(StandardPageQuery.parse({ compare: "2" })).toEqual({ compare: 2 });
    expect(StandardPageQuery.parse({})).toEqual({ compare: null });
  });
});
