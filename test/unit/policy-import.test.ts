import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import {
  IMPORT_COLUMNS,
  frictionTag,
  normaliseHeader,
  parsePolicyCsv,
  purposeTag,
  recordToInput,
  splitList,
  toCsv,
  type Lookup,
} from "~/models/policy-import.server";
import { readMessage, translator } from "~/i18n";

const inEnglish = (message: string) => readMessage(translator("en"), message);

const HEADER = IMPORT_COLUMNS.join(",");

function row(values: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>) {
  const base: Record<string, string> = {
    title: "Refunds over 50",
    summary: "",
    body: "",
    team: "customer-support",
    owner_email: "sofia@example.com",
    purpose: "Stops refund fraud",
    purpose_tags: "fraud-prevention",
    audience_external: "yes",
    audience_teams: "",
    mandate: "own",
    occurrences_per_month: "120",
    steps: "4",
    approvals: "1",
    handoffs: "1",
    active_minutes: "6",
    waiting_minutes: "240",
    friction_tags: "approval; waiting",
    review_cycle_months: "12",
    last_reviewed_on: "",
    status: "",
    ...values,
  };
  return IMPORT_COLUMNS.map((c) => {
    const v = base[c];
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(",");
}

const lookup: Lookup = {
  team: (key) =>
    ({ "customer-support": { id: "t-cs", name: "Customer Support" }, "customer support": { id: "t-cs", name: "Customer Support" }, finance: { id: "t-fin", name: "Finance" } })[
      key.trim().toLowerCase()
    ] ?? null,
  person: (email) =>
    ({
      "sofia@example.com": { id: "p-sofia", name: "Sofia Lindqvist", active: true },
      "henk@example.com": { id: "p-henk", name: "Henk Mulder", active: false },
    })[email] ?? null,
};

describe("reading a CSV file", () => {
  it("reads a UTF-8 BOM, Windows line endings and quoted commas and line breaks", () => {
    const csv = `\uFEFF${HEADER}\r\n${row({ title: "Refunds, returns and exchanges", body: "## Rule\r\n\r\n- one\r\n- two" })}\r\n${row({ title: "Second" })}\r\n`;
    const parsed = parsePolicyCsv(csv);
    expect(parsed.fileProblems).toEqual([]);
    expect(parsed.header[0]).toEqual({ name: "title", column: "title" });
    expect(parsed.records).toHaveLength(2);
    expect(parsed.records[0].values.title).toBe("Refunds, returns and exchanges");
    expect(parsed.records[0].values.body).toBe("## Rule\r\n\r\n- one\r\n- two");
    expect(parsed.records[1].values.title).toBe("Second");
  });

  it("numbers rows by the line they start on, counting line breaks inside quotes and blank lines", () => {
    const csv = [HEADER, row({ body: "a\nb\nc" }), "", row({ title: "Third line policy" })].join("\n");
    const parsed = parsePolicyCsv(csv);
    expect(parsed.records.map((r) => r.line)).toEqual([2, 6]);
  });

  it("accepts headers in another case or spelling and reports columns it does not know", () => {
    const csv = `Title,Team,Owner,Mandate,Occurrences per month,Steps,Approvals,Hand-offs,Active minutes,Waiting minutes,Review cycle,Colour\nA,finance,sofia@example.com,own,1,1,0,0,1,0,12,blue\n`;
    const parsed = parsePolicyCsv(csv);
    expect(parsed.fileProblems).toEqual([]);
    expect(parsed.header.map((h) => h.column)).toEqual([
      "title",
      "team",
      "owner_email",
      "mandate",
      "occurrences_per_month",
      "steps",
      "approvals",
      "handoffs",
      "active_minutes",
      "waiting_minutes",
      "review_cycle_months",
      null,
    ]);
    expect(parsed.ignoredColumns).toEqual(["Colour"]);
    expect(normaliseHeader("  OWNER_EMAIL ")).toBe("owner_email");
  });

  it("refuses a file without the required columns, naming them", () => {
    const parsed = parsePolicyCsv("title,summary\nA,B\n");
    expect(parsed.fileProblems).toHaveLength(1);
    expect(parsed.fileProblems[0].key).toBe("missingColumns");
    expect(parsed.fileProblems[0].vars.columns).toContain("owner_email");
    expect(parsed.fileProblems[0].vars.columns).toContain("review_cycle_months");
  });

  it("refuses an empty file, a header without rows, and an unclosed quote", () => {
    expect(parsePolicyCsv("").fileProblems[0].key).toBe("empty");
    expect(parsePolicyCsv("\uFEFF \r\n").fileProblems[0].key).toBe("empty");
    expect(parsePolicyCsv(`${HEADER}\r\n`).fileProblems[0].key).toBe("noRows");
    const unclosed = parsePolicyCsv(`${HEADER}\n${row({})}\n"Broken,finance\n`);
    expect(unclosed.fileProblems[0].key).toBe("unreadable");
    expect(unclosed.fileProblems[0].vars.line).toBe("3");
  });

  it("flags rows with too few or too many values", () => {
    const csv = `${HEADER}\nonly,three,values\n${row({})},extra\n${row({})}\n`;
    const parsed = parsePolicyCsv(csv);
    expect(parsed.rowProblems.get(2)?.[0].key).toBe("tooFewValues");
    expect(parsed.rowProblems.get(3)?.[0].key).toBe("tooManyValues");
    expect(parsed.rowProblems.has(4)).toBe(false);
  });
});

describe("turning a row into a policy", () => {
  const values = (overrides: Record<string, string> = {}) => parsePolicyCsv(`${HEADER}\n${row(overrides)}\n`).records[0].values;

  it("maps a good row to the form's input with ids, lists and booleans", () => {
    const result = recordToInput(values({ audience_teams: "finance; Customer Support", purpose_tags: "Fraud prevention | price" }), lookup);
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.input).toMatchObject({
      teamId: "t-cs",
      ownerId: "p-sofia",
      audienceExternal: true,
      audienceTeamIds: ["t-fin", "t-cs"],
      purposeTags: ["fraud-prevention", "price"],
      frictionTags: ["approval", "waiting"],
    });
    expect(result.status).toBe("active");
  });

  it("says in plain words what is wrong, column by column", () => {
    const result = recordToInput(
      values({
        title: "",
        team: "Marketing",
        owner_email: "nobody@example.com",
        audience_external: "maybe",
        occurrences_per_month: "lots",
        steps: "2.5",
        mandate: "because",
        purpose_tags: "speed",
        friction_tags: "red tape",
        review_cycle_months: "0",
        last_reviewed_on: "31/12/2024",
        status: "archived",
      }),
      lookup,
    );
    expect(result.valid).toBe(false);
    const byColumn = Object.fromEntries(result.problems.map((p) => [p.column, p]));
    expect(byColumn.team.key).toBe("unknownTeam");
    expect(byColumn.team.vars.value).toBe("Marketing");
    expect(byColumn.owner_email.key).toBe("unknownOwner");
    expect(byColumn.audience_external.key).toBe("badYesNo");
    expect(byColumn.purpose_tags.key).toBe("badPurposeTag");
    expect(byColumn.friction_tags.key).toBe("badFrictionTag");
    expect(byColumn.status.key).toBe("badStatus");
    expect(inEnglish(byColumn.title.message)).toBe("Give the policy a title.");
    expect(inEnglish(byColumn.occurrences_per_month.message)).toBe("Enter the occurrences per month as a number.");
    expect(inEnglish(byColumn.steps.message)).toBe("Enter the number of steps as a whole number.");
    expect(inEnglish(byColumn.mandate.message)).toBe("Choose whether the policy is mandated, and by what.");
    expect(inEnglish(byColumn.review_cycle_months.message)).toMatch(/120 months/);
    expect(inEnglish(byColumn.last_reviewed_on.message)).toBe("Enter a date as YYYY-MM-DD.");
    // A column reported by the lookup is not reported again by the schema.
    expect(result.problems.filter((p) => p.column === "team")).toHaveLength(1);
  });

  it("refuses an owner who has left", () => {
    const result = recordToInput(values({ owner_email: "HENK@example.com" }), lookup);
    expect(result.problems.map((p) => p.key)).toEqual(["inactiveOwner"]);
  });

  it("reads drafts, blank yes/no as no, and 'own choice' as an own mandate", () => {
    const result = recordToInput(values({ status: "Draft", audience_external: "", mandate: "Own choice" }), lookup);
    expect(result.problems).toEqual([]);
    expect(result.status).toBe("draft");
    expect(result.input.audienceExternal).toBe(false);
    expect(result.input.mandate).toBe("own");
  });
});

describe("lists and tags", () => {
  it("splits on semicolons, commas and bars and drops blanks", () => {
    expect(splitList(" a; b ,c|| d ")).toEqual(["a", "b", "c", "d"]);
    expect(splitList("")).toEqual([]);
  });

  it("understands tags as people write them", () => {
    expect(purposeTag("Fraud prevention")).toBe("fraud-prevention");
    expect(purposeTag("Action/results")).toBe("action");
    expect(purposeTag("speed")).toBeNull();
    expect(frictionTag("Duplicate data entry")).toBe("duplicate-entry");
    expect(frictionTag("hand-offs")).toBe("hand-off");
    expect(frictionTag("Channel limit")).toBe("channel-limit");
  });
});

describe("writing CSV", () => {
  it("round-trips commas, quotes and line breaks, with a BOM and CRLF", () => {
    const csv = toCsv([{ title: 'Say "yes", then wait', body: "line one\nline two" }], ["title", "body"]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("\r\n");
    const back = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true }).data;
    expect(back).toEqual([{ title: 'Say "yes", then wait', body: "line one\nline two" }]);
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    const csv = toCsv([{ title: "=HYPERLINK(\"http://evil\")", summary: "+1", purpose: "@SUM(A1)" }], ["title", "summary", "purpose"]);
    const [, line] = csv.slice(1).split("\r\n");
    expect(line.split(",").every((cell) => /^"?'/.test(cell))).toBe(true);
  });
});
