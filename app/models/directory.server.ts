/**
 * The people directory: bringing people in from a spreadsheet and taking them out again.
 *
 * The same shape as the policy import (./policy-import.server.ts): the CSV is read, each row
 * is checked and shown as it will be saved, every problem named by line and column; nothing is
 * written until the admin confirms, and then the file is checked again. A person is known by
 * their email, so importing the same file twice changes nothing the second time.
 *
 * Writing: one event per person (their history says the import added or changed them), in
 * batches: a batch of commits (100) is applied at once and shares one fsync, then the event
 * loop is free for other requests before the next batch; checking the rows pauses likewise. New people are created managers first, so a
 * manager link never points at someone not yet written.
 */
import Papa from "papaparse";
import { z } from "zod";
import { messageRef } from "~/i18n/ref";
import { getStore, put, remove } from "~/store/index.server";
import type { Person, Role } from "~/store/schema";
import type { Decision } from "~/store/base.server";
import { personWithEmail } from "./person.server";
import { isAdmin, type Actor } from "./actor";
import { ForbiddenError, ValidationError } from "./errors";
import { newId, slugify } from "./ids";
import { toCsv } from "./policy-import.server";

export const DIRECTORY_COLUMNS = ["name", "email", "team", "role", "manager_email"] as const;
export type DirectoryColumn = (typeof DIRECTORY_COLUMNS)[number];
export const DIRECTORY_REQUIRED: readonly DirectoryColumn[] = ["name", "email", "team"];

const HEADER_ALIASES: Record<string, DirectoryColumn> = {
  full_name: "name",
  e_mail: "email",
  email_address: "email",
  department: "team",
  team_name: "team",
  manager: "manager_email",
  manager_e_mail: "manager_email",
};

export const MAX_DIRECTORY_BYTES = 5_000_000;
export const MAX_DIRECTORY_ROWS = 20_000;
/** Commits applied before the event loop is let go (and their lines share one fsync). */
export const DIRECTORY_BATCH = 100;
/** Rows checked before the event loop is let go. */
const CHECK_BATCH = 500;

export const DIRECTORY_PROBLEM_KEYS = [
  "empty",
  "tooLarge",
  "tooManyRows",
  "unreadable",
  "missingColumns",
  "noRows",
  "tooFewValues",
  "tooManyValues",
  "required",
  "badEmail",
  "tooLong",
  "formula",
  "unknownTeam",
  "badRole",
  "duplicateInFile",
  "unknownManager",
  "ownManager",
  "ownRole",
  "ownAccount",
] as const;
export type DirectoryProblemKey = (typeof DIRECTORY_PROBLEM_KEYS)[number];

export type DirectoryProblem = { column: DirectoryColumn | null; key: DirectoryProblemKey; vars: Record<string, string> };

const problem = (key: DirectoryProblemKey, column: DirectoryColumn | null, vars: Record<string, string> = {}): DirectoryProblem => ({ key, column, vars });

// ---------------------------------------------------------------- reading the file (pure)

type Record_ = { line: number; values: Partial<Record<DirectoryColumn, string>>; problems: DirectoryProblem[] };

export function normaliseDirectoryHeader(name: string): DirectoryColumn | null {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if ((DIRECTORY_COLUMNS as readonly string[]).includes(key)) return key as DirectoryColumn;
  return HEADER_ALIASES[key] ?? null;
}

export async function readDirectoryCsv(text: string) {
  const fileProblems: DirectoryProblem[] = [];
  const records: Record_[] = [];
  let ignoredColumns: string[] = [];
  const source = text.replace(/^\uFEFF/, "");
  if (!source.trim()) return { records, fileProblems: [problem("empty", null)], ignoredColumns };
  if (Buffer.byteLength(source, "utf8") > MAX_DIRECTORY_BYTES) {
    return { records, fileProblems: [problem("tooLarge", null, { max: String(MAX_DIRECTORY_BYTES / 1_000_000) })], ignoredColumns };
  }
  const rows: Array<{ line: number; cells: string[] }> = [];
  let unterminated: number | null = null;
  let start = 0;
  let line = 1;
  let steps = 0;
  // Read CHECK_BATCH rows at a time, letting other requests in between.
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(source, {
      skipEmptyLines: false,
      step: (result, parser) => {
        if (unterminated === null && result.errors.some((e) => e.code === "MissingQuotes")) unterminated = line;
        if (result.data.some((c) => c.trim() !== "")) rows.push({ line, cells: result.data });
        const cursor = result.meta.cursor;
        for (let i = start; i < cursor && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
        start = cursor;
        if (++steps % CHECK_BATCH === 0) {
          parser.pause();
          setImmediate(() => parser.resume());
        }
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  if (unterminated !== null) return { records, fileProblems: [problem("unreadable", null, { line: String(unterminated) })], ignoredColumns };
  const [head, ...body] = rows;
  if (!head) return { records, fileProblems: [problem("empty", null)], ignoredColumns };
  const header = head.cells.map((name) => ({ name: name.trim(), column: normaliseDirectoryHeader(name) }));
  ignoredColumns = header.filter((h) => h.column === null && h.name).map((h) => h.name);
  const present = new Set(header.map((h) => h.column));
  const missing = DIRECTORY_REQUIRED.filter((c) => !present.has(c));
  if (missing.length) fileProblems.push(problem("missingColumns", null, { columns: missing.join(", ") }));
  if (!body.length) fileProblems.push(problem("noRows", null));
  if (body.length > MAX_DIRECTORY_ROWS) fileProblems.push(problem("tooManyRows", null, { max: String(MAX_DIRECTORY_ROWS) }));
  if (fileProblems.length) return { records, fileProblems, ignoredColumns };

  const width = header.length;
  for (const row of body) {
    const values: Record_["values"] = {};
    header.forEach((h, i) => {
      if (h.column && values[h.column] === undefined) values[h.column] = (row.cells[i] ?? "").trim();
    });
    const problems: DirectoryProblem[] = [];
    if (row.cells.length < width) problems.push(problem("tooFewValues", null, { count: String(row.cells.length), width: String(width) }));
    else if (row.cells.length > width && row.cells.slice(width).some((c) => c.trim() !== ""))
      problems.push(problem("tooManyValues", null, { count: String(row.cells.length), width: String(width) }));
    records.push({ line: row.line, values, problems });
  }
  return { records, fileProblems, ignoredColumns };
}

/** A cell a spreadsheet would run as a formula (the same characters the export defuses). */
export function looksLikeFormula(value: string) {
  return /^[=+\-@\t\r]/.test(value);
}

const ROLE_WORDS: Record<string, Role> = {
  employee: "employee",
  manager: "manager",
  admin: "admin",
  administrator: "admin",
  medewerker: "employee",
  leidinggevende: "manager",
  beheerder: "admin",
};

// zod's own email rule (the one PersonSchema applies), without zod's per-call machinery: a
// 5,000-row file is checked in a third of the time.
const EMAIL = z.regexes.email;

// ---------------------------------------------------------------- checking against the directory

export type DirectoryOutcome = "create" | "update" | "unchanged" | "invalid";

export type DirectoryRow = {
  line: number;
  name: string;
  email: string;
  teamName: string;
  role: Role | null;
  managerEmail: string;
  managerName: string;
  outcome: DirectoryOutcome;
  /** The fields an update changes. */
  changes: Array<"name" | "team" | "role" | "manager">;
  problems: DirectoryProblem[];
};

export type DirectoryPreview = {
  rows: DirectoryRow[];
  fileProblems: DirectoryProblem[];
  ignoredColumns: string[];
  counts: Record<DirectoryOutcome, number>;
  /** Active people not in the file, when the import deactivates them. */
  deactivate: Array<{ id: string; name: string; email: string }>;
};

type Planned = DirectoryRow & { personId: string | null; teamId: string | null };

function requireAdmin(actor: Actor) {
  if (!isAdmin(actor)) throw new ForbiddenError("Only admins can import people.");
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What saving the file would do, row by row. Reading the CSV is one step; the rows are then
 * checked CHECK_BATCH at a time, letting other requests in between.
 */
async function plan(actor: Actor, csv: string, deactivateMissing: boolean) {
  const { records, fileProblems, ignoredColumns } = await readDirectoryCsv(csv);
  const { teams, people } = getStore().data;
  const teamByKey = new Map<string, { id: string; name: string }>();
  for (const t of Object.values(teams)) {
    teamByKey.set(t.slug, { id: t.id, name: t.name });
    teamByKey.set(t.name.toLowerCase(), { id: t.id, name: t.name });
  }
  const personByEmail = new Map<string, Person>();
  for (const p of Object.values(people)) personByEmail.set(p.email, p);

  const firstLine = new Map<string, number>();
  const rows: Planned[] = [];
  for (const [index, record] of records.entries()) {
    if (index % CHECK_BATCH === CHECK_BATCH - 1) await yieldToOthers();
    const v = record.values;
    const problems = [...record.problems];
    const cell = (column: DirectoryColumn) => {
      const value = v[column] ?? "";
      if (looksLikeFormula(value)) {
        problems.push(problem("formula", column));
        return null;
      }
      return value;
    };
    const name = cell("name");
    const emailRaw = cell("email");
    const teamRaw = cell("team");
    const roleRaw = cell("role");
    const managerRaw = cell("manager_email");

    if (name === "") problems.push(problem("required", "name"));
    else if (name && name.length > 120) problems.push(problem("tooLong", "name", { max: "120" }));
    const email = (emailRaw ?? "").toLowerCase();
    if (emailRaw === "") problems.push(problem("required", "email"));
    else if (emailRaw !== null && !EMAIL.test(email)) problems.push(problem("badEmail", "email", { value: emailRaw }));
    else if (emailRaw !== null) {
      const earlier = firstLine.get(email);
      if (earlier !== undefined) problems.push(problem("duplicateInFile", "email", { line: String(earlier) }));
      else firstLine.set(email, record.line);
    }
    let team: { id: string; name: string } | null = null;
    if (teamRaw === "") problems.push(problem("required", "team"));
    else if (teamRaw !== null) {
      team = teamByKey.get(teamRaw.toLowerCase()) ?? teamByKey.get(slugify(teamRaw)) ?? null;
      if (!team) problems.push(problem("unknownTeam", "team", { value: teamRaw }));
    }
    let role: Role | null = null;
    if (roleRaw !== null) {
      role = roleRaw === "" ? "employee" : (ROLE_WORDS[roleRaw.toLowerCase()] ?? null);
      if (!role) problems.push(problem("badRole", "role", { value: roleRaw }));
    }
    const existing = personByEmail.get(email) ?? null;
    if (existing && existing.id === actor.id && role && role !== "admin") problems.push(problem("ownRole", "role"));
    rows.push({
      line: record.line,
      name: name ?? "",
      email,
      teamName: team?.name ?? "",
      teamId: team?.id ?? null,
      role,
      managerEmail: (managerRaw ?? "").toLowerCase(),
      managerName: "",
      outcome: "invalid" as DirectoryOutcome,
      changes: [],
      problems,
      personId: existing?.id ?? null,
    });
  }

  // Managers: someone in the file or already here; never oneself.
  const nameInFile = new Map(rows.filter((r) => r.email).map((r) => [r.email, r.name] as const));
  for (const row of rows) {
    if (!row.managerEmail) continue;
    if (row.managerEmail === row.email) row.problems.push(problem("ownManager", "manager_email"));
    else {
      const name = nameInFile.get(row.managerEmail) ?? personByEmail.get(row.managerEmail)?.name;
      if (name === undefined) row.problems.push(problem("unknownManager", "manager_email", { value: row.managerEmail }));
      else row.managerName = name;
    }
  }

  for (const row of rows) {
    if (row.problems.length) continue;
    const existing = row.personId ? people[row.personId] : null;
    if (!existing) {
      row.outcome = "create";
      continue;
    }
    const currentManager = existing.managerId ? (people[existing.managerId]?.email ?? "") : "";
    if (existing.name !== row.name) row.changes.push("name");
    if (existing.teamId !== row.teamId) row.changes.push("team");
    if (existing.role !== row.role) row.changes.push("role");
    if (currentManager !== row.managerEmail) row.changes.push("manager");
    row.outcome = row.changes.length ? "update" : "unchanged";
  }

  const inFile = new Set(rows.map((r) => r.email).filter(Boolean));
  const deactivate = deactivateMissing
    ? Object.values(people)
        .filter((p) => p.active && !inFile.has(p.email) && p.id !== actor.id)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((p) => ({ id: p.id, name: p.name, email: p.email }))
    : [];
  return { rows, fileProblems, ignoredColumns, deactivate };
}

function counts(rows: DirectoryRow[]) {
  const result: Record<DirectoryOutcome, number> = { create: 0, update: 0, unchanged: 0, invalid: 0 };
  for (const row of rows) result[row.outcome]++;
  return result;
}

/** Reads a file and says, row by row, what saving it would do. Writes nothing. */
export async function previewDirectoryImport({ actor, csv, deactivateMissing }: { actor: Actor; csv: string; deactivateMissing: boolean }): Promise<DirectoryPreview> {
  requireAdmin(actor);
  const { rows, fileProblems, ignoredColumns, deactivate } = await plan(actor, csv, deactivateMissing);
  return {
    rows: rows.map(({ personId: _p, teamId: _t, ...row }) => row),
    fileProblems,
    ignoredColumns,
    counts: counts(rows),
    deactivate,
  };
}

export type DirectoryImportResult = { created: number; updated: number; deactivated: number; skipped: number[] };

/**
 * Saves a file after checking it all again. A file with any problem saves nothing. The writes
 * go in batches (DIRECTORY_BATCH commits, then the event loop is free again).
 */
export async function importDirectory({
  actor,
  csv,
  deactivateMissing,
}: {
  actor: Actor;
  csv: string;
  deactivateMissing: boolean;
}): Promise<DirectoryImportResult> {
  requireAdmin(actor);
  const planned = await plan(actor, csv, deactivateMissing);
  if (planned.fileProblems.length) throw new ValidationError({}, messageRef("signin.directory.validation.cannotImport"));
  const bad = planned.rows.filter((r) => r.problems.length);
  if (bad.length) throw new ValidationError({}, messageRef("signin.directory.validation.rowsHaveProblems", { count: bad.length }));

  const store = getStore();
  const creates = planned.rows.filter((r) => r.outcome === "create");
  const updates = planned.rows.filter((r) => r.outcome === "update");

  // Managers before the people they manage (within the new people), so a report's manager is
  // written, and found by email, before the report is.
  const newManager = new Map(creates.map((r) => [r.email, r.managerEmail] as const));
  const depth = (email: string) => {
    let d = 0;
    for (let m = newManager.get(email); m && newManager.has(m) && d < creates.length; m = newManager.get(m)) d++;
    return d;
  };
  const ordered = creates.map((row) => ({ row, depth: depth(row.email) })).sort((a, b) => a.depth - b.depth).map((x) => x.row);

  const result: DirectoryImportResult = { created: 0, updated: 0, deactivated: 0, skipped: [] };
  const via = "people directory import";
  // Each row is decided against the latest state when it is written (store.write): another admin,
  // a company sign-in or another process may have added, changed or deactivated someone since the
  // file was checked. A row that no longer fits is skipped, and its line reported.
  let pending: Array<Promise<void>> = [];
  const settle = async () => {
    await Promise.all(pending);
    pending = [];
    await yieldToOthers();
  };
  const tally = async (line: number, decided: Promise<boolean>, done: () => void) => {
    if (await decided) done();
    else result.skipped.push(line);
  };
  const managerOf = (row: DirectoryRow) => (row.managerEmail ? personWithEmail(row.managerEmail)?.id : undefined);

  for (const row of ordered) {
    const decided = store.write((): Decision<boolean> => {
      if (personWithEmail(row.email) || !store.data.teams[row.teamId!]) return { result: false };
      const managerId = managerOf(row);
      const person: Person = {
        id: newId(),
        name: row.name,
        email: row.email,
        teamId: row.teamId!,
        role: row.role!,
        active: true,
        createdAt: store.clock.now().toISOString(),
        ...(managerId ? { managerId } : {}),
      };
      return {
        event: {
          type: "person.created",
          actorId: actor.id,
          subject: { kind: "person", id: person.id },
          after: { name: person.name, email: person.email, teamId: person.teamId, role: person.role, managerId: person.managerId ?? null, via },
        },
        changes: [put("people", person)],
        result: true,
      };
    });
    pending.push(tally(row.line, decided, () => result.created++));
    if (pending.length >= DIRECTORY_BATCH) await settle();
  }
  await settle();

  for (const row of updates) {
    const decided = store.write((): Decision<boolean> => {
      const current = row.personId ? store.data.people[row.personId] : null;
      if (!current || !store.data.teams[row.teamId!]) return { result: false };
      const managerId = managerOf(row);
      const { managerId: _old, ...rest } = current;
      const next: Person = { ...rest, name: row.name, teamId: row.teamId!, role: row.role!, ...(managerId ? { managerId } : {}) };
      return {
        event: {
          type: "person.updated",
          actorId: actor.id,
          subject: { kind: "person", id: current.id },
          before: { name: current.name, teamId: current.teamId, role: current.role, managerId: current.managerId ?? null },
          after: { name: next.name, teamId: next.teamId, role: next.role, managerId: next.managerId ?? null, via },
        },
        changes: [put("people", next)],
        result: true,
      };
    });
    pending.push(tally(row.line, decided, () => result.updated++));
    if (pending.length >= DIRECTORY_BATCH) await settle();
  }
  await settle();

  for (const gone of planned.deactivate) {
    const decided = store.write((): Decision<boolean> => {
      const current = store.data.people[gone.id];
      if (!current || !current.active || current.id === actor.id) return { result: false };
      const sessions = Object.values(store.data.sessions).filter((s) => s.personId === current.id);
      return {
        event: { type: "person.deactivated", actorId: actor.id, subject: { kind: "person", id: current.id }, before: { active: true }, after: { active: false, via } },
        changes: [put("people", { ...current, active: false }), ...sessions.map((s) => remove("sessions", s.id))],
        result: true,
      };
    });
    pending.push(decided.then((done) => void (done && result.deactivated++)));
    if (pending.length >= DIRECTORY_BATCH) await settle();
  }
  await settle();
  result.skipped.sort((a, b) => a - b);
  return result;
}

// ---------------------------------------------------------------- template and export

export function directoryTemplate({ teamName, email }: { teamName: string; email: string }) {
  return toCsv(
    [
      { name: "Sofia Jansen", email: "sofia.jansen@example.com", team: teamName, role: "manager", manager_email: email },
      { name: "Daan de Vries", email: "daan.devries@example.com", team: teamName, role: "employee", manager_email: "sofia.jansen@example.com" },
    ],
    DIRECTORY_COLUMNS,
  );
}

export const DIRECTORY_EXPORT_COLUMNS = [...DIRECTORY_COLUMNS, "active", "sign_in"] as const;

/** The whole directory as CSV (what the import reads back in, plus who is active and how they sign in); formula-like cells defused. */
export function exportDirectory({ actor }: { actor: Actor }): string {
  requireAdmin(actor);
  const { people, teams } = getStore().data;
  const records = Object.values(people)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => ({
      name: p.name,
      email: p.email,
      team: teams[p.teamId]?.name ?? "",
      role: p.role,
      manager_email: p.managerId ? (people[p.managerId]?.email ?? "") : "",
      active: p.active ? "yes" : "no",
      sign_in: [p.oidcSubject ? "company account" : null, p.passwordHash ? "password" : null].filter(Boolean).join("; "),
    }));
  return toCsv(records, DIRECTORY_EXPORT_COLUMNS);
}
