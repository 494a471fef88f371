import { describe, expect, it } from "vitest";
import { catalogueSearch, parseCatalogueQuery } from "~/models/catalogue.server";
import { diffText } from "~/models/policy-history.server";

describe("the catalogue's filters in the URL", () => {
  it("defaults to current policies, sorted by customer hours, page 1", () => {
    expect(parseCatalogueQuery(new URLSearchParams(""))).toEqual({
      team: undefined,
      status: "current",
      purpose: undefined,
      friction: undefined,
      audience: undefined,
      mandate: undefined,
      overdue: false,
      orphan: false,
      nopurpose: false,
      sort: "hours",
      page: 1,
    });
  });

  it("reads every filter", () => {
    const q = parseCatalogueQuery(
      new URLSearchParams("team=finance&status=retired&purpose=price&friction=approval&audience=external&mandate=law&overdue=1&orphan=on&nopurpose=1&sort=title&page=3"),
    );
    expect(q).toEqual({
      team: "finance",
      status: "retired",
      purpose: "price",
      friction: "approval",
      audience: "external",
      mandate: "law",
      overdue: true,
      orphan: true,
      nopurpose: true,
      sort: "title",
      page: 3,
    });
  });

  it("falls back to the default for anything unknown or malformed", () => {
    const q = parseCatalogueQuery(new URLSearchParams("status=gone&purpose=speed&sort=random&page=-2&overdue=maybe&team="));
    expect(q.status).toBe("current");
    expect(q.purpose).toBeUndefined();
    expect(q.sort).toBe("hours");
    expect(q.page).toBe(1);
    expect(q.overdue).toBe(false);
    expect(q.team).toBeUndefined();
  });

  it("writes the shortest shareable search string, which reads back the same", () => {
    expect(catalogueSearch(parseCatalogueQuery(new URLSearchParams("status=current&sort=hours&page=1")))).toBe("");
    const search = catalogueSearch(parseCatalogueQuery(new URLSearchParams("sort=title&team=it&overdue=on&purpose=&page=2")));
    expect(search).toBe("?team=it&overdue=1&sort=title&page=2");
    expect(catalogueSearch(parseCatalogueQuery(new URLSearchParams(search.slice(1))))).toBe(search);
  });
});

describe("text differences", () => {
  it("marks removed and added words and keeps the rest", () => {
    const parts = diffText("Refunds over €25 need approval.", "Refunds over €50 need approval.");
    expect(parts.filter((p) => p.removed).map((p) => p.value.trim())).toEqual(["25"]);
    expect(parts.filter((p) => p.added).map((p) => p.value.trim())).toEqual(["50"]);
    expect(parts.map((p) => (p.removed ? "" : p.value)).join("")).toBe("Refunds over €50 need approval.");
    expect(parts.map((p) => (p.added ? "" : p.value)).join("")).toBe("Refunds over €25 need approval.");
  });

  it("gives unchanged text as one part, and nothing for two empty texts", () => {
    expect(diffText("same", "same")).toEqual([{ value: "same" }]);
    expect(diffText("", "")).toEqual([]);
  });

  it("keeps line breaks, so Markdown stays readable", () => {
    const parts = diffText("## Rule\n\n- one\n- two", "## Rule\n\n- one\n- three");
    expect(parts.map((p) => (p.removed ? "" : p.value)).join("")).toBe("## Rule\n\n- one\n- three");
  });
});
