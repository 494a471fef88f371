/**
 * The policy catalogue: every policy as a row with its derived figures (customer hours, next
 * review, overdue, orphan, missing purpose), filtered, sorted and paginated.
 *
 * The rows are derived once, in slices, and kept current change by change (see Catalogue): a
 * vote or a friction report does not touch them; a policy written moves its own row. Each
 * filtered, sorted result is cached until the next change to policies, people or teams, so
 * page 50 of 10,000 policies with two filters costs a slice, not a scan.
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
import type { Change } from "~/store/events";
import { insertionPoint, Slicer, sortInSlices } from "~/lib/slices.server";
import { customerHours, overdueOn, policyFigures } from "./friction";
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
  ownerId: string;
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

const MAX_CACHED_RESULTS = 100;
/** One event changing more policies than this (an import) rebuilds the rows, in slices, instead. */
const MAX_CHANGES_IN_PLACE = 100;

function toRow(store: Store, p: Policy, now: Date): CatalogueRow {
  const owner = store.data.people[p.ownerId];
  const figures = policyFigures(p, now, owner?.active ?? false);
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    teamId: p.teamId,
    teamName: store.data.teams[p.teamId]?.name ?? "",
    ownerId: p.ownerId,
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

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
const byTitle = (a: CatalogueRow, b: CatalogueRow) => collator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Each sort as a total order (ties by title, then id), so a row can be put in its place alone. */
const COMPARE: Record<CatalogueSort, (a: CatalogueRow, b: CatalogueRow) => number> = {
  title: byTitle,
  hours: (a, b) => b.customerHours - a.customerHours || byTitle(a, b),
  "next-review": (a, b) => (a.nextReviewOn < b.nextReviewOn ? -1 : a.nextReviewOn > b.nextReviewOn ? 1 : 0) || byTitle(a, b),
};

/**
 * Every policy as a row, in each sort order, kept current change by change: a policy written
 * moves its one row into place; a person or team renamed (or a person leaving) changes the
 * names and orphan marks of their rows where they stand; a new day marks overdue reviews again.
 * Built in slices (at start, and after an event that changes many policies at once), so that at
 * the large size no request waits the ~0.6 s a build takes; a request that needs the rows while
 * they are built waits for them.
 */
class Catalogue {
  rows = new Map<string, CatalogueRow>();
  sorted: Record<CatalogueSort, CatalogueRow[]> = { hours: [], title: [], "next-review": [] };
  results = new Map<string, { rows: CatalogueRow[]; totalHours: number }>();
  day = "";
  /** Settles when the rows are whole; null while they are (and need no rebuilding). */
  private building: Promise<void> | null = null;
  /** The rows must be built again (from the start, or after a bulk change). */
  private stale = true;
  /** Changes met while a build ran: applied once it ends. */
  private missed: { policies: Set<string>; names: boolean } | null = null;

  constructor(readonly store: Store) {
    store.subscribe((_event, changes) => this.follow(changes));
  }

  /** The rows, once whole and current for today. */
  async ready(): Promise<this> {
    while (this.stale || this.building) {
      if (!this.building) {
        const run = this.build();
        this.building = run;
        run
          .finally(() => {
            if (this.building === run) this.building = null;
          })
          .catch(() => undefined); // the request awaiting it is told
      }
      await this.building;
    }
    const today = this.store.clock.now().toISOString().slice(0, 10);
    if (today !== this.day) this.newDay(today);
    return this;
  }

  private async build() {
    this.stale = false;
    this.missed = { policies: new Set(), names: false };
    let missed: { policies: Set<string>; names: boolean };
    try {
      const slicer = new Slicer();
      const store = this.store;
      const now = store.clock.now();
      const rows = new Map<string, CatalogueRow>();
      for (const policy of Object.values(store.data.policies)) {
        rows.set(policy.id, toRow(store, policy, now));
        await slicer.tick();
      }
      const title = await sortInSlices([...rows.values()], COMPARE.title, slicer);
      const hours = await sortInSlices(title, COMPARE.hours, slicer);
      const nextReview = await sortInSlices(title, COMPARE["next-review"], slicer);
      this.rows = rows;
      this.sorted = { title, hours, "next-review": nextReview };
      this.day = now.toISOString().slice(0, 10);
      this.results.clear();
    } catch (error) {
      this.stale = true;
      throw error;
    } finally {
      missed = this.missed;
      this.missed = null;
    }
    if (missed.policies.size > MAX_CHANGES_IN_PLACE) this.stale = true;
    else for (const id of missed.policies) this.place(id);
    if (missed.names) this.rename(() => true);
  }

  private follow(changes: readonly Change[]) {
    let policies = 0;
    for (const change of changes) if (change.c === "policies") policies++;
    const named = changes.some((change) => change.c === "people" || change.c === "teams");
    if (!policies && !named) return;
    this.results.clear();
    if (this.missed) {
      for (const change of changes) if (change.c === "policies") this.missed.policies.add(change.id);
      this.missed.names ||= named;
      return;
    }
    if (this.stale) return;
    if (policies > MAX_CHANGES_IN_PLACE) {
      this.stale = true; // rebuilt in slices when next asked for
      return;
    }
    for (const change of changes) {
      if (change.c === "policies") this.place(change.id);
      else if (change.c === "people") this.rename((row) => row.ownerId === change.id);
      else if (change.c === "teams") this.rename((row) => row.teamId === change.id);
    }
  }

  /** Takes a policy's row out of each order and puts its new row (if it still exists) in place. */
  private place(id: string) {
    const old = this.rows.get(id);
    if (old) {
      for (const sort of CATALOGUE_SORTS) {
        const list = this.sorted[sort];
        const at = list.indexOf(old);
        if (at !== -1) list.splice(at, 1);
      }
      this.rows.delete(id);
    }
    const policy = this.store.data.policies[id];
    if (!policy) return;
    const row = toRow(this.store, policy, this.store.clock.now());
    this.rows.set(id, row);
    for (const sort of CATALOGUE_SORTS) {
      const list = this.sorted[sort];
      list.splice(insertionPoint(list, row, COMPARE[sort]), 0, row);
    }
  }

  /** Owner and team names and the orphan mark (no sort order reads them), where the rows stand. */
  private rename(which: (row: CatalogueRow) => boolean) {
    const { people, teams } = this.store.data;
    for (const row of this.rows.values()) {
      if (!which(row)) continue;
      const owner = people[row.ownerId];
      row.ownerName = owner?.name ?? "";
      row.orphan = row.status !== "retired" && !(owner?.active ?? false);
      row.teamName = teams[row.teamId]?.name ?? "";
    }
  }

  /** Overdue reviews as of `today` (nothing else in a row depends on the date). */
  private newDay(today: string) {
    for (const row of this.rows.values()) row.overdue = overdueOn(row.status, row.nextReviewOn, today);
    this.day = today;
    this.results.clear();
  }
}

const catalogues = new WeakMap<Store, Catalogue>();

function catalogueOf(store: Store) {
  let catalogue = catalogues.get(store);
  if (!catalogue) catalogues.set(store, (catalogue = new Catalogue(store)));
  return catalogue;
}

/** Starts building the rows in slices, now rather than at the first request that needs them. */
export function startCatalogue(store: Store) {
  void catalogueOf(store).ready();
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

async function results(query: CatalogueQuery) {
  const derived = await catalogueOf(getStore()).ready();
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
  const { rows, totalHours } = await results(query);
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const page = Math.min(query.page, pages);
  return { rows: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, totalHours, page, pages };
}

/** Every policy the filters match, in order, with its stored record (for exports). */
export async function catalogueForExport(query: CatalogueQuery): Promise<Array<{ row: CatalogueRow; policy: Policy }>> {
  const store = getStore();
  return (await results(query)).rows.flatMap((row) => {
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
