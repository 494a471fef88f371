/**
 * Bringing an existing catalogue in from a spreadsheet, and taking it out again.
 *
 * A CSV file (UTF-8, with or without a BOM; quoted fields may hold commas and line breaks;
 * Windows or Unix line endings) is parsed with papaparse, each row is turned into the same
 * input the policy form sends and validated with PolicyInputSchema, and the result is shown as a
 * preview. Nothing is written until the person confirms; then the file is parsed and validated
 * again, and each good row becomes a policy through createPolicy.
 */
import Papa from "papaparse";
import { getStore } from "~/store/index.server";
import {
  FRICTION_TAGS,
  PURPOSE_TAGS,
  type FrictionTag,
  type Policy,
  type PurposeTag,
} from "~/store/schema";
import { canManageTeam, hasRole, type Actor } from "./actor";
import { ForbiddenError, ValidationError } from "./errors";
import { customerHours, roundHours } from "./friction";
import { slugify } from "./ids";
import type { CatalogueRow } from "./catalogue.server";
import { createPolicy, PolicyInputSchema, type PolicyInput } from "./policy.server";
import { toFieldErrors } from "./validate";
import { messageRef } from "~/i18n/ref";

// ---------------------------------------------------------------- the columns

/** The documented columns, in template order. */
export const IMPORT_COLUMNS = [
  "title",
  "summary",
  "body",
  "team",
  "owner_email",
  "purpose",
  "purpose_tags",
  "audience_external",
  "audience_teams",
  "mandate",
  "occurrences_per_month",
  "steps",
  "approvals",
  "handoffs",
  "active_minutes",
  "waiting_minutes",
  "friction_tags",
  "review_cycle_months",
  "last_reviewed_on",
  "status",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns every file must have (the others may be left out). */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = [
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
];

/** Which form field each column fills, to name the column in a problem. */
const FIELD_COLUMN: Record<string, ImportColumn> = {
  title: "title",
  summary: "summary",
  body: "body",
  teamId: "team",
  ownerId: "owner_email",
  purpose: "purpose",
  purposeTags: "purpose_tags",
  audienceExternal: "audience_external",
  audienceTeamIds: "audience_teams",
  mandate: "mandate",
  occurrencesPerMonth: "occurrences_per_month",
  steps: "steps",
  approvals: "approvals",
  handoffs: "handoffs",
  activeMinutes: "active_minutes",
  waitingMinutes: "waiting_minutes",
  frictionTags: "friction_tags",
  reviewCycleMonths: "review_cycle_months",
  lastReviewedOn: "last_reviewed_on",
};

const HEADER_ALIASES: Record<string, ImportColumn> = {
  owner: "owner_email",
  owner_e_mail: "owner_email",
  email: "owner_email",
  team_slug: "team",
  occurrences: "occurrences_per_month",
  hand_offs: "handoffs",
  review_cycle: "review_cycle_months",
  last_reviewed: "last_reviewed_on",
};

export const MAX_IMPORT_BYTES = 2_000_000;
export const MAX_IMPORT_ROWS = 5_000;

// ---------------------------------------------------------------- problems

/** Problems the interface words itself (translated); others carry the schema's message. */
export const IMPORT_PROBLEM_KEYS = [
  "empty",
  "tooLarge",
  "tooManyRows",
  "unreadable",
  "missingColumns",
  "noRows",
  "tooFewValues",
  "tooManyValues",
  "unknownTeam",
  "unknownOwner",
  "inactiveOwner",
  "unknownAudienceTeam",
  "notYourTeam",
  "badYesNo",
  "badStatus",
  "badPurposeTag",
  "badFrictionTag",
  "duplicateInFile",
  "alreadyCatalogued",
] as const;
export type ImportProblemKey = (typeof IMPORT_PROBLEM_KEYS)[number];

export type ImportProblem = {
  /** The column it is about, or null for the whole row (or file). */
  column: string | null;
  key: ImportProblemKey | null;
  /** The message in English: the schema's own words when key is null. */
  message: string;
  vars: Record<string, string>;
};

const problem = (key: ImportProblemKey, column: string | null, message: string, vars: Record<string, string> = {}): ImportProblem => ({
  column,
  key,
  message,
  vars,
});

// ---------------------------------------------------------------- parsing (pure)

export type CsvRecord = { line: number; values: Partial<Record<ImportColumn, string>> };

export type ParsedCsv = {
  /** The header as the file spells it, and the documented column each maps to (or null). */
  header: Array<{ name: string; column: ImportColumn | null }>;
  records: CsvRecord[];
  /** Problems with the whole file (nothing can be imported while there are any). */
  fileProblems: ImportProblem[];
  /** Problems with single rows found while reading them, by line. */
  rowProblems: Map<number, ImportProblem[]>;
  ignoredColumns: string[];
};

export function normaliseHeader(name: string): ImportColumn | null {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if ((IMPORT_COLUMNS as readonly string[]).includes(key)) return key as ImportColumn;
  return HEADER_ALIASES[key] ?? null;
}

/**
 * Reads CSV text into records keyed by documented column, each with the line it starts on.
 * Pure: no store, no actor.
 */
export function parsePolicyCsv(text: string): ParsedCsv {
  const parsed: ParsedCsv = { header: [], records: [], fileProblems: [], rowProblems: new Map(), ignoredColumns: [] };
  const source = text.replace(/^\uFEFF/, "");
  if (!source.trim()) {
    parsed.fileProblems.push(problem("empty", null, "The file is empty."));
    return parsed;
  }
  if (Buffer.byteLength(source, "utf8") > MAX_IMPORT_BYTES) {
    parsed.fileProblems.push(problem("tooLarge", null, "The file is larger than 2 MB.", { max: "2" }));
    return parsed;
  }

  const rows: Array<{ line: number; cells: string[] }> = [];
  const unterminated: number[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(source, {
    skipEmptyLines: false,
    step: (result) => {
      const cursor = result.meta.cursor;
      const cells = result.data;
      if (result.errors.some((e) => e.code === "MissingQuotes")) unterminated.push(line);
      if (cells.some((c) => c.trim() !== "")) rows.push({ line, cells });
      for (let i = start; i < cursor && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
      start = cursor;
    },
  });

  if (unterminated.length) {
    parsed.fileProblems.push(
      problem("unreadable", null, `A quoted value that starts on line ${unterminated[0]} is never closed.`, { line: String(unterminated[0]) }),
    );
    return parsed;
  }
  const [head, ...body] = rows;
  if (!head) {
    parsed.fileProblems.push(problem("empty", null, "The file is empty."));
    return parsed;
  }
  parsed.header = head.cells.map((name) => ({ name: name.trim(), column: normaliseHeader(name) }));
  parsed.ignoredColumns = parsed.header.filter((h) => h.column === null && h.name).map((h) => h.name);
  const present = new Set(parsed.header.map((h) => h.column));
  const missing = REQUIRED_COLUMNS.filter((c) => !present.has(c));
  if (missing.length) {
    parsed.fileProblems.push(
      problem("missingColumns", null, `The file has no column ${missing.join(", ")}.`, { columns: missing.join(", ") }),
    );
  }
  if (!body.length) parsed.fileProblems.push(problem("noRows", null, "The file has a header but no policies."));
  if (body.length > MAX_IMPORT_ROWS) {
    parsed.fileProblems.push(
      problem("tooManyRows", null, `The file has more than ${MAX_IMPORT_ROWS} policies.`, { max: String(MAX_IMPORT_ROWS) }),
    );
  }
  if (parsed.fileProblems.length) return parsed;

  const width = parsed.header.length;
  for (const row of body) {
    const values: CsvRecord["values"] = {};
    parsed.header.forEach((h, i) => {
      if (h.column && values[h.column] === undefined) values[h.column] = (row.cells[i] ?? "").trim();
    });
    const problems: ImportProblem[] = [];
    if (row.cells.length < width) {
      problems.push(
        problem("tooFewValues", null, `This row has ${row.cells.length} values but the header has ${width} columns.`, {
          count: String(row.cells.length),
          width: String(width),
        }),
      );
    } else if (row.cells.length > width && row.cells.slice(width).some((c) => c.trim() !== "")) {
      problems.push(
        problem("tooManyValues", null, `This row has ${row.cells.length} values but the header has ${width} columns; a value with a comma may need quotes.`, {
          count: String(row.cells.length),
          width: String(width),
        }),
      );
    }
    if (problems.length) parsed.rowProblems.set(row.line, problems);
    parsed.records.push({ line: row.line, values });
  }
  return parsed;
}

/** "service; Quality | fraud prevention" → ["service", "quality", "fraud-prevention"] */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[;,|\n]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

const PURPOSE_ALIASES: Record<string, PurposeTag> = {
  "action-results": "action",
  results: "action",
  "action-and-results": "action",
  fraud: "fraud-prevention",
};
const FRICTION_ALIASES: Record<string, FrictionTag> = {
  approvals: "approval",
  handoff: "hand-off",
  "hand-offs": "hand-off",
  handoffs: "hand-off",
  "duplicate-data-entry": "duplicate-entry",
  duplicate: "duplicate-entry",
  "channel-limits": "channel-limit",
};

export function purposeTag(value: string): PurposeTag | null {
  const slug = slugify(value);
  if ((PURPOSE_TAGS as readonly string[]).includes(slug)) return slug as PurposeTag;
  return PURPOSE_ALIASES[slug] ?? null;
}

export function frictionTag(value: string): FrictionTag | null {
  const slug = slugify(value);
  if ((FRICTION_TAGS as readonly string[]).includes(slug)) return slug as FrictionTag;
  return FRICTION_ALIASES[slug] ?? null;
}

/** The status that marks a row as an example to read, not a policy to import (any case). */
export const EXAMPLE_STATUS = "example";
const EXAMPLE_STATUSES = new Set([EXAMPLE_STATUS, "voorbeeld"]);

const YES = new Set(["yes", "y", "true", "1", "x", "ja", "j"]);
const NO = new Set(["no", "n", "false", "0", "", "nee"]);

export type Lookup = {
  /** slug or lowercased name → team */
  team: (key: string) => { id: string; name: string } | null;
  /** lowercased email → person */
  person: (email: string) => { id: string; name: string; active: boolean } | null;
};

/**
 * One record as the policy form's input, with the problems the schema cannot see (names that
 * match nothing, words where a yes/no belongs). Pure, given the lookups.
 */
export function recordToInput(values: CsvRecord["values"], lookup: Lookup) {
  const problems: ImportProblem[] = [];
  const input: Record<string, unknown> = {
    title: values.title ?? "",
    summary: values.summary ?? "",
    body: values.body ?? "",
    purpose: values.purpose ?? "",
    mandate: slugify(values.mandate ?? "") === "own-choice" ? "own" : (values.mandate ?? "").toLowerCase(),
    occurrencesPerMonth: values.occurrences_per_month ?? "",
    steps: values.steps ?? "",
    approvals: values.approvals ?? "",
    handoffs: values.handoffs ?? "",
    activeMinutes: values.active_minutes ?? "",
    waitingMinutes: values.waiting_minutes ?? "",
    reviewCycleMonths: values.review_cycle_months ?? "",
    lastReviewedOn: values.last_reviewed_on ?? "",
  };

  const teamValue = values.team ?? "";
  const team = teamValue ? lookup.team(teamValue) : null;
  input.teamId = team?.id ?? "";
  if (teamValue && !team) problems.push(problem("unknownTeam", "team", `There is no team "${teamValue}".`, { value: teamValue }));

  const email = (values.owner_email ?? "").toLowerCase();
  const owner = email ? lookup.person(email) : null;
  input.ownerId = owner?.id ?? "";
  if (email && !owner) problems.push(problem("unknownOwner", "owner_email", `Nobody here has the email address ${email}.`, { value: email }));
  if (owner && !owner.active) {
    problems.push(problem("inactiveOwner", "owner_email", `${owner.name} has been deactivated and cannot be accountable.`, { name: owner.name }));
  }

  const purposeTags: string[] = [];
  for (const raw of splitList(values.purpose_tags)) {
    const tag = purposeTag(raw);
    if (tag) purposeTags.push(tag);
    else problems.push(problem("badPurposeTag", "purpose_tags", `"${raw}" is not a purpose.`, { value: raw }));
  }
  input.purposeTags = purposeTags;

  const frictionTags: string[] = [];
  for (const raw of splitList(values.friction_tags)) {
    const tag = frictionTag(raw);
    if (tag) frictionTags.push(tag);
    else problems.push(problem("badFrictionTag", "friction_tags", `"${raw}" is not a friction tag.`, { value: raw }));
  }
  input.frictionTags = frictionTags;

  const external = (values.audience_external ?? "").toLowerCase();
  if (YES.has(external)) input.audienceExternal = true;
  else if (NO.has(external)) input.audienceExternal = false;
  else problems.push(problem("badYesNo", "audience_external", `Write yes or no, not "${values.audience_external}".`, { value: values.audience_external ?? "" }));

  const audienceTeamIds: string[] = [];
  for (const raw of splitList(values.audience_teams)) {
    const t = lookup.team(raw);
    if (t) audienceTeamIds.push(t.id);
    else problems.push(problem("unknownAudienceTeam", "audience_teams", `There is no team "${raw}".`, { value: raw }));
  }
  input.audienceTeamIds = audienceTeamIds;

  const statusValue = (values.status ?? "").trim().toLowerCase();
  let status: "active" | "draft" = "active";
  /** A row marked as an example (the template's): shown in the preview, never imported. */
  const example = EXAMPLE_STATUSES.has(statusValue);
  if (statusValue === "draft") status = "draft";
  else if (statusValue !== "" && statusValue !== "active" && !example) {
    problems.push(problem("badStatus", "status", `Write active or draft, not "${values.status}".`, { value: values.status ?? "" }));
  }

  // The schema's own checks; a column already reported above is not reported twice.
  const checked = PolicyInputSchema.safeParse(input);
  if (!checked.success) {
    const reported = new Set(problems.map((p) => p.column));
    for (const [field, messages] of Object.entries(toFieldErrors(checked.error))) {
      const column = FIELD_COLUMN[field.split(".")[0]] ?? null;
      if (column && reported.has(column)) continue;
      for (const message of messages) problems.push({ column, key: null, message, vars: {} });
    }
  }
  return { input: input as PolicyInput, status, example, team, owner, problems, valid: checked.success && problems.length === 0 };
}

// ---------------------------------------------------------------- preview and import

export type PreviewRow = {
  line: number;
  title: string;
  teamName: string;
  ownerName: string;
  status: "active" | "draft";
  /** An example row (status "example"): the import skips it, and it is checked for nothing. */
  example: boolean;
  purposeTags: PurposeTag[];
  customerHours: number | null;
  problems: ImportProblem[];
};

export type ImportPreview = {
  rows: PreviewRow[];
  fileProblems: ImportProblem[];
  ignoredColumns: string[];
  ready: number;
  withProblems: number;
  /** Example rows, which the import skips. */
  examples: number;
};

function requireImporter(actor: Actor) {
  if (!hasRole(actor, "manager")) throw new ForbiddenError("Only managers and admins can import policies.");
}

function storeLookup(): Lookup {
  const { teams, people } = getStore().data;
  const teamByKey = new Map<string, { id: string; name: string }>();
  for (const t of Object.values(teams)) {
    teamByKey.set(t.slug.toLowerCase(), { id: t.id, name: t.name });
    teamByKey.set(t.name.toLowerCase(), { id: t.id, name: t.name });
  }
  const personByEmail = new Map<string, { id: string; name: string; active: boolean }>();
  for (const p of Object.values(people)) personByEmail.set(p.email, { id: p.id, name: p.name, active: p.active });
  return {
    team: (key) => teamByKey.get(key.trim().toLowerCase()) ?? teamByKey.get(slugify(key)) ?? null,
    person: (email) => personByEmail.get(email.trim().toLowerCase()) ?? null,
  };
}

type Checked = PreviewRow & { input: PolicyInput | null };

function check(actor: Actor, csv: string): { rows: Checked[]; parsed: ParsedCsv } {
  const parsed = parsePolicyCsv(csv);
  if (parsed.fileProblems.length) return { rows: [], parsed };
  const lookup = storeLookup();
  const store = getStore();
  const catalogued = new Set<string>();
  for (const p of Object.values(store.data.policies) as Policy[]) {
    if (p.status !== "retired") catalogued.add(`${p.teamId}:${p.title.trim().toLowerCase()}`);
  }
  const seen = new Map<string, number>();
  const rows = parsed.records.map((record): Checked => {
    const result = recordToInput(record.values, lookup);
    if (result.example) {
      return {
        line: record.line,
        title: String(result.input.title ?? "").trim(),
        teamName: result.team?.name ?? "",
        ownerName: result.owner?.name ?? "",
        status: result.status,
        example: true,
        purposeTags: [],
        customerHours: null,
        problems: [],
        input: null,
      };
    }
    const problems = [...(parsed.rowProblems.get(record.line) ?? []), ...result.problems];
    if (result.team && !canManageTeam(actor, result.team.id)) {
      problems.push(
        problem("notYourTeam", "team", `You can import policies only for your own team, not for ${result.team.name}.`, { team: result.team.name }),
      );
    }
    const title = String(result.input.title ?? "").trim();
    if (title && result.team) {
      const key = `${result.team.id}:${title.toLowerCase()}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push(problem("duplicateInFile", "title", `Line ${earlier} already has a policy with this title for this team.`, { line: String(earlier) }));
      } else seen.set(key, record.line);
      if (catalogued.has(key)) {
        problems.push(problem("alreadyCatalogued", "title", `${result.team.name} already has a policy with this title.`, { team: result.team.name }));
      }
    }
    const data = PolicyInputSchema.safeParse(result.input);
    const purposeTags = (Array.isArray(result.input.purposeTags) ? result.input.purposeTags : []) as PurposeTag[];
    return {
      line: record.line,
      title,
      teamName: result.team?.name ?? "",
      ownerName: result.owner?.name ?? "",
      status: result.status,
      example: false,
      purposeTags,
      customerHours: data.success ? roundHours(customerHours(data.data)) : null,
      problems,
      input: problems.length === 0 && data.success ? result.input : null,
    };
  });
  return { rows, parsed };
}

/** Reads a file and says, row by row, what would be imported and what is wrong. Writes nothing. */
export async function previewImport({ actor, csv }: { actor: Actor; csv: string }): Promise<ImportPreview> {
  requireImporter(actor);
  const { rows, parsed } = check(actor, csv);
  const withProblems = rows.filter((r) => r.problems.length > 0).length;
  const examples = rows.filter((r) => r.example).length;
  return {
    rows: rows.map(({ input: _input, ...row }) => row),
    fileProblems: parsed.fileProblems,
    ignoredColumns: parsed.ignoredColumns,
    ready: rows.length - withProblems - examples,
    withProblems,
    examples,
  };
}

/**
 * Imports the good rows of a file, after checking it all again. Rows with problems stop the
 * import unless `skipInvalid` says to leave them out.
 */
export async function importPolicies({
  actor,
  csv,
  skipInvalid,
}: {
  actor: Actor;
  csv: string;
  skipInvalid: boolean;
}): Promise<{ imported: Policy[]; skipped: number[] }> {
  requireImporter(actor);
  const { rows, parsed } = check(actor, csv);
  if (parsed.fileProblems.length) throw new ValidationError({}, parsed.fileProblems.map((p) => p.message).join(" "));
  const bad = rows.filter((r) => r.input === null && !r.example);
  if (bad.length && !skipInvalid) {
    throw new ValidationError(
      {},
      messageRef("policies.import.rowsWithProblems", { count: bad.length }),
    );
  }
  if (!rows.some((r) => r.input)) throw new ValidationError({}, messageRef("policies.import.noRowImportable"));
  const imported: Policy[] = [];
  const skipped = bad.map((r) => r.line);
  for (const row of rows) {
    if (!row.input) continue;
    try {
      imported.push(await createPolicy({ actor, input: row.input, status: row.status, note: "Imported from a spreadsheet", imported: true }));
    } catch (error) {
      // Something changed since the check (an owner deactivated meanwhile): leave the row out.
      if (error instanceof ValidationError || error instanceof ForbiddenError) skipped.push(row.line);
      else throw error;
    }
  }
  return { imported, skipped };
}

// ---------------------------------------------------------------- template and export

const yesNo = (b: boolean) => (b ? "yes" : "no");

/** One policy as a row of the documented columns (what an import reads back in). */
export function policyToRecord(policy: Policy): Record<ImportColumn, string | number> {
  const { teams, people } = getStore().data;
  return {
    title: policy.title,
    summary: policy.summary,
    body: policy.body,
    team: teams[policy.teamId]?.slug ?? "",
    owner_email: people[policy.ownerId]?.email ?? "",
    purpose: policy.purpose,
    purpose_tags: policy.purposeTags.join("; "),
    audience_external: yesNo(policy.audienceExternal),
    audience_teams: policy.audienceTeamIds.map((id) => teams[id]?.slug ?? "").filter(Boolean).join("; "),
    mandate: policy.mandate,
    occurrences_per_month: policy.friction.occurrencesPerMonth,
    steps: policy.friction.steps,
    approvals: policy.friction.approvals,
    handoffs: policy.friction.handoffs,
    active_minutes: policy.friction.activeMinutes,
    waiting_minutes: policy.friction.waitingMinutes,
    friction_tags: policy.frictionTags.join("; "),
    review_cycle_months: policy.reviewCycleMonths,
    last_reviewed_on: policy.lastReviewedOn ?? "",
    status: policy.status,
  };
}

/** CSV text from records; cells that a spreadsheet would run as a formula are defused. */
export function toCsv(records: Array<Record<string, string | number | boolean>>, columns: readonly string[]): string {
  return "\uFEFF" + Papa.unparse({ fields: [...columns], data: records.map((r) => columns.map((c) => r[c] ?? "")) }, {
    escapeFormulae: true,
    newline: "\r\n",
  });
}

/**
 * A template with the documented header and two example rows for the person's own team. The
 * examples teach the format by showing it, and say they are examples in their status column:
 * an import skips them (and says so in the preview), so a file sent back with the examples still
 * in it does not catalogue them as real policies.
 */
export function importTemplate({ teamSlug, email }: { teamSlug: string; email: string }): string {
  const examples: Array<Record<ImportColumn, string | number>> = [
    {
      title: "Refunds over €50 need a manager's approval",
      summary: "A second pair of eyes on larger refunds.",
      body: "## The rule\n\nRefunds over €50 are approved by the team manager before they are paid.\n\n- Under €50: the agent refunds at once.\n- Over €50: ask in the approvals queue.",
      team: teamSlug,
      owner_email: email,
      purpose: "Protects against refund fraud while keeping small refunds instant.",
      purpose_tags: "fraud-prevention; price",
      audience_external: "yes",
      audience_teams: "",
      mandate: "own",
      occurrences_per_month: 120,
      steps: 4,
      approvals: 1,
      handoffs: 1,
      active_minutes: 6,
      waiting_minutes: 240,
      friction_tags: "approval; waiting",
      review_cycle_months: 12,
      last_reviewed_on: "",
      status: EXAMPLE_STATUS,
    },
    {
      title: "Supplier invoices are entered twice",
      summary: "",
      body: "",
      team: teamSlug,
      owner_email: email,
      purpose: "",
      purpose_tags: "",
      audience_external: "no",
      audience_teams: teamSlug,
      mandate: "own",
      occurrences_per_month: 300,
      steps: 3,
      approvals: 0,
      handoffs: 1,
      active_minutes: 5,
      waiting_minutes: 0,
      friction_tags: "duplicate-entry",
      review_cycle_months: 6,
      last_reviewed_on: "",
      status: EXAMPLE_STATUS,
    },
  ];
  return toCsv(examples, IMPORT_COLUMNS);
}

/** The export's columns: the import's, then what is derived (ignored when read back in). */
export const EXPORT_COLUMNS = [
  ...IMPORT_COLUMNS,
  "slug",
  "customer_hours_per_month",
  "next_review_on",
  "overdue",
  "orphan",
  "missing_purpose",
] as const;

export function exportRecord({ row, policy }: { row: CatalogueRow; policy: Policy }): Record<string, string | number> {
  return {
    ...policyToRecord(policy),
    slug: policy.slug,
    customer_hours_per_month: row.customerHours,
    next_review_on: row.nextReviewOn,
    overdue: yesNo(row.overdue),
    orphan: yesNo(row.orphan),
    missing_purpose: yesNo(row.missingPurpose),
  };
}

/** One policy for the JSON export: its content, names beside ids, and its derived figures. */
export function exportJson({ row, policy }: { row: CatalogueRow; policy: Policy }) {
  const { teams, people } = getStore().data;
  return {
    id: policy.id,
    slug: policy.slug,
    title: policy.title,
    summary: policy.summary,
    body: policy.body,
    status: policy.status,
    team: { slug: teams[policy.teamId]?.slug ?? null, name: row.teamName },
    owner: { name: row.ownerName, email: people[policy.ownerId]?.email ?? null, active: people[policy.ownerId]?.active ?? false },
    purpose: policy.purpose,
    purposeTags: policy.purposeTags,
    audience: {
      external: policy.audienceExternal,
      teams: policy.audienceTeamIds.map((id) => teams[id]?.slug ?? id),
    },
    mandate: policy.mandate,
    friction: policy.friction,
    frictionTags: policy.frictionTags,
    reviewCycleMonths: policy.reviewCycleMonths,
    lastReviewedOn: policy.lastReviewedOn,
    retiredReason: policy.retiredReason,
    revision: policy.revision,
    createdAt: policy.createdAt,
    updatedAt: policy.updatedAt,
    customerHoursPerMonth: row.customerHours,
    nextReviewOn: row.nextReviewOn,
    overdue: row.overdue,
    orphan: row.orphan,
    missingPurpose: row.missingPurpose,
  };
}
