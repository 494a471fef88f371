import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/lib/markdown.server";
import { diffContents, NewStandardInputSchema, standardTemplate } from "~/models/standard.server";
import type { StandardContent } from "~/store/schema";

describe("the template a new standard starts from", () => {
  it("follows the fantastic-service sequence, in order", () => {
    const { body } = standardTemplate({ teamName: "IT" });
    const headings = [...body.matchAll(/^## \d\. (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(["Greet and welcome", "Determine the need", "Meet it efficiently", "Check and re-check", "Leave the door open"]);
  });

  it("names the provider team, and renders to five sections of HTML", () => {
    const { body } = standardTemplate({ teamName: "People & HR" });
    expect(body).toContain("How People & HR keeps this promise");
    const html = renderMarkdown(body);
    expect(html.match(/<h2>/g)).toHaveLength(5);
  });

  it("leaves the promise itself to the author: an untouched template does not validate", () => {
    const template = standardTemplate({ teamName: "IT" });
    const result = NewStandardInputSchema.safeParse({ ...template, teamId: "t1" });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(["title", "commitment", "metric", "targetValue", "unit", "dimension"]));
  });

  it("falls back to English for a language without a translation", () => {
    expect(standardTemplate({ teamName: "IT", locale: "xx" }).body).toBe(standardTemplate({ teamName: "IT" }).body);
  });
});

describe("the readable diff between versions", () => {
  const base: StandardContent = {
    title: "Travel booked within 2 working days",
    commitment: "Your trip is booked within 2 working days of approval.",
    metric: "Working days from approval to booking",
    targetValue: 2,
    unit: "working days",
    period: "per trip",
    customerTeamIds: [],
    dimension: "responsiveness",
    factor: null,
    body: "## Greet\n\nWe answer.\n\n## Meet\n\nWe book.\n",
    linkedPolicyIds: [],
  };

  it("lists only the fields that changed, with the words removed and added", () => {
    const changes = diffContents(base, { ...base, commitment: "Your trip is booked within 1 working day of approval.", targetValue: 1 });
    expect(changes.map((c) => c.field)).toEqual(["commitment", "targetValue"]);
    const commitment = changes[0].parts;
    expect(commitment.filter((p) => p.removed).map((p) => p.value.trim())).toEqual(expect.arrayContaining(["2", "days"]));
    expect(commitment.filter((p) => p.added).map((p) => p.value.trim())).toEqual(expect.arrayContaining(["1", "day"]));
    expect(commitment.filter((p) => !p.added && !p.removed).map((p) => p.value).join("")).toContain("Your trip is booked within");
  });

  it("compares the body line by line", () => {
    const [change] = diffContents(base, { ...base, body: base.body.replace("We book.", "We book and confirm.") });
    expect(change.field).toBe("body");
    expect(change.parts.find((p) => p.removed)?.value).toBe("We book.\n");
    expect(change.parts.find((p) => p.added)?.value).toBe("We book and confirm.\n");
  });

  it("shows everything as added for a first version, and nothing for identical versions", () => {
    expect(diffContents(null, base).every((c) => c.parts.every((p) => p.added))).toBe(true);
    expect(diffContents(base, { ...base })).toEqual([]);
  });
});
