/**
 * The policy catalogue: every policy as a row with its derived figures (customer hours, next
 * review, overdue, orphan, missing purpose), filtered, sorted and paginated.
 *
 * The rows are derived once and cached; the cache is dropped when a write touches policies,
 * people or teams (a vote or a friction report does not), or when the day changes (overdue
 * depends on today). Each filtered, sorted result is cached too, so page 50 of 10,000 policies
 * with two filters costs a slice, not a scan.
 */
import { z } from "zod";
import { getStore } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import {
  FRICTION_TAGS,
  MANDATES,
  POLICY_STATUSES,
  PURPOSE_TAGS,
  type FrictionTag,
  type Mandate,
  type Policy,
  type PolicyStatus,
  type PurposeTag,
} from "~/store/schema";
import { customerHours, policyFigures } from "./friction";
import { cachedOn } from "./derived.server";
import { teamsByName } from "./team.server";
import { withFallback } from "./validate";

// ---------------------------------------------------------------- the query

export const CATALOGUE_SORTS = ["hours", "title", "next-review"] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];
/**
 * "current" (the default) is everything but retired policies; "in-force" is what the dashboard
 * counts (active or under review), so its cards link to exactly their policies.
 */
export const CATALOGUE_STATUSES = ["current", "in-force", ...POLICY_STATUSES, "all"] as const;
export const CATALOGUE_MANDATES = ["external", ...MANDATES] as const;
/** Rows per page: what fits a screen; the filters and paging reach the rest. */
export const PAGE_SIZE = 20;

const flag = z.preprocess((v) => v === "1" || v === "on" || v === "true", z.boolean());
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const CatalogueQuerySchema = z.object({
  /** Team slug. */
  team: optional(z.string().max(100)),
  status: withFallback(z.enum(CATALOGUE_STATUSES), "current"),
  purpose: optional(z.enum(PURPOSE_TAGS)),
  friction: optional(z.enum(FRICTION_TAGS)),
  /** "external", "internal" (any team) or a team slug. */
  audience: optional(z.string().max(100)),
  mandate: optional(z.enum(CATALOGUE_MANDATES)),
  overdue: flag.catch(false),
  orphan: flag.catch(false),
  nopurpose: flag.catch(false),
  sort: withFallback(z.enum(CATALOGUE_SORTS), "hours"),
  page: withFallback(z.coerce.number().int().min(1).max(100_000), 1),
});
export type CatalogueQuery = z.output<typeof CatalogueQuerySchema>;

export const CATALOGUE_PARAMS = Object.keys(CatalogueQuerySchema.shape) as (keyof CatalogueQuery)[];

/** Reads the catalogue's filters from a URL; anything unknown or malformed falls back to the default. */
export function parseCatalogueQuery(params: URLSearchParams): CatalogueQuery {
  const raw: Record<string, string> = {};
  for (const name of CATALOGUE_PARAMS) {
    const value = params.get(name);
    if (value !== null && value.trim() !== "") raw[name] = value.trim();
  }
  return CatalogueQuerySchema.parse(raw);
}

const DEFAULTS: CatalogueQuery = CatalogueQuerySchema.parse({});

/** The shortest URL search string for a query (defaults left out), so a view can be shared. */
export function catalogueSearch(query: Partial<CatalogueQuery>): string {
  const params = new URLSearchParams();
  for (const name of CATALOGUE_PARAMS) {
    const value = query[name];
    if (value === undefined || value === DEFAULTS[name]) continue;
    params.set(name, typeof value === "boolean" ? "1" : String(value));
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

// ---------------------------------------------------------------- the rows

export type CatalogueRow = {
  id: string;
  slug: string;
  title: string;
  teamId: string;
  teamName: string;
  ownerName: string;
  status: PolicyStatus;
  purposeTags: PurposeTag[];
  frictionTags: FrictionTag[];
  audienceExternal: boolean;
  audienceTeamIds: string[];
  mandate: Mandate;
  customerHours: number;
  nextReviewOn: string;
  overdue: boolean;
  orphan: boolean;
  missingPurpose: boolean;
};

type Derived = {
  store: Store;
  /** The rows in each sort order. */
  sorted: Record<CatalogueSort, CatalogueRow[]>;
  results: Map<string, { rows: CatalogueRow[]; totalHours: number }>;
};

const MAX_CACHED_RESULTS = 100;

function toRow(store: Store, p: Policy, now: Date): CatalogueRow {
  const owner = store.data.people[p.ownerId];
  const figures = policyFigures(p, now, owner?.active ?? false);
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    teamId: p.teamId,
    teamName: store.data.teams[p.teamId]?.name ?? "",
    ownerName: owner?.name ?? "",
    status: p.status,
    purposeTags: p.purposeTags,
    frictionTags: p.frictionTags,
    audienceExternal: p.audienceExternal,
    audienceTeamIds: p.audienceTeamIds,
    mandate: p.mandate,
    ...figures,
  };
}

/** The rows, sorted each way; rebuilt when policies, people or teams change, or the day turns (overdue reviews). */
function derive(): Derived {
  const store = getStore();
  const now = store.clock.now();
  return cachedOn(["policies", "people", "teams"], "catalogue.rows", () => {
    const rows = Object.values(store.data.policies).map((p) => toRow(store, p, now));
    const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
    const byTitle = (a: CatalogueRow, b: CatalogueRow) => collator.compare(a.title, b.title) || (a.id < b.id ? -1 : 1);
    const title = [...rows].sort(byTitle);
    const hours = [...title].sort((a, b) => b.customerHours - a.customerHours); // stable: ties stay by title
    const nextReview = [...title].sort((a, b) => (a.nextReviewOn < b.nextReviewOn ? -1 : a.nextReviewOn > b.nextReviewOn ? 1 : 0));
    return { store, sorted: { hours, title, "next-review": nextReview }, results: new Map() };
  }, now.toISOString().slice(0, 10));
}

function matcher(query: CatalogueQuery, store: Store): (row: CatalogueRow) => boolean {
  const teamBySlug = (slug: string) => Object.values(store.data.teams).find((t) => t.slug === slug)?.id ?? "\u0000none";
  const teamId = query.team ? teamBySlug(query.team) : null;
  const audienceTeamId =
    query.audience && query.audience !== "external" && query.audience !== "internal" ? teamBySlug(query.audience) : null;
  return (row) => {
    if (query.status === "current") {
      if (row.status === "retired") return false;
    } else if (query.status === "in-force") {
      if (row.status !== "active" && row.status !== "under-review") return false;
    } else if (query.status !== "all" && row.status !== query.status) return false;
    if (teamId && row.teamId !== teamId) return false;
    if (query.purpose && !row.purposeTags.includes(query.purpose)) return false;
    if (query.friction && !row.frictionTags.includes(query.friction)) return false;
    if (query.audience === "external" && !row.audienceExternal) return false;
    if (query.audience === "internal" && row.audienceTeamIds.length === 0) return false;
    if (audienceTeamId && !row.audienceTeamIds.includes(audienceTeamId)) return false;
    if (query.mandate === "external" && row.mandate === "own") return false;
    if (query.mandate && query.mandate !== "external" && row.mandate !== query.mandate) return false;
    if (query.overdue && !row.overdue) return false;
    if (query.orphan && !row.orphan) return false;
    if (query.nopurpose && !row.missingPurpose) return false;
    return true;
  };
}

function results(query: CatalogueQuery) {
  const derived = derive();
  const { page: _page, ...filters } = query;
  const key = JSON.stringify(filters);
  const cached = derived.results.get(key);
  if (cached) return cached;
  const matches = matcher(query, derived.store);
  const rows = derived.sorted[query.sort].filter(matches);
  // Summed before rounding, as the dashboard's friction load is, so the two show the same number.
  const policies = derived.store.data.policies;
  let totalHours = 0;
  for (const r of rows) {
    const p = policies[r.id];
    if (p) totalHours += customerHours(p.friction);
  }
  const result = { rows, totalHours: Math.round(totalHours * 100) / 100 };
  if (derived.results.size >= MAX_CACHED_RESULTS) derived.results.delete(derived.results.keys().next().value!);
  derived.results.set(key, result);
  return result;
}

export type CataloguePage = {
  rows: CatalogueRow[];
  total: number;
  totalHours: number;
  page: number;
  pages: number;
};

/** One page of the catalogue as filtered and sorted. A page past the end gives the last page. */
export async function listCatalogue(query: CatalogueQuery, pageSize = PAGE_SIZE): Promise<CataloguePage> {
  const { rows, totalHours } = results(query);
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const page = Math.min(query.page, pages);
  return { rows: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, totalHours, page, pages };
}

/** Every policy the filters match, in order, with its stored record (for exports). */
export async function catalogueForExport(query: CatalogueQuery): Promise<Array<{ row: CatalogueRow; policy: Policy }>> {
  const store = getStore();
  return results(query).rows.flatMap((row) => {
    const policy = store.data.policies[row.id];
    return policy ? [{ row, policy }] : [];
  });
}


/** What the filter form offers: the teams (by slug) and the fixed lists. */
export function catalogueFilterOptions() {
  return {
    teams: teamsByName().map((t) => ({ slug: t.slug, name: t.name })),
    statuses: CATALOGUE_STATUSES,
    purposeTags: PURPOSE_TAGS,
    frictionTags: FRICTION_TAGS,
    mandates: CATALOGUE_MANDATES,
    sorts: CATALOGUE_SORTS,
  };
}
