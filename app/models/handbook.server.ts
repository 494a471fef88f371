/**
 * The handbook as people browse it: every standard in force, grouped by provider team,
 * filtered by SERVQUAL dimension and by the internal customer it serves, searched with the
 * product's one search index, each with its health.
 */
import type { ServqualDimension } from "~/store/schema";
import { getStore } from "~/store/index.server";
import { search } from "~/lib/search.server";
import { isAdmin, type Actor } from "./actor";
import { acknowledgementState } from "./acknowledgement.server";
import { healthOf, lastDayOf, mayRate, monthOf, ratingThisMonth, recentComments, type Health } from "./rating.server";
import { cachedOn } from "./derived.server";
import {
  canSeeDrafts,
  draftChanges,
  getStandardBySlug,
  handbook,
  latestVersionNumber,
  listVersions,
  servesTeam,
  standardHistory,
  versionChanges,
  versionOf,
  type FieldChange,
  type PublishedStandard,
} from "./standard.server";

export type StandardCardData = {
  slug: string;
  title: string;
  commitment: string;
  target: { metric: string; value: number; unit: string; period: string };
  dimension: ServqualDimension;
  factor: "hygiene" | "motivator" | null;
  serves: string[] | null;
  health: Pick<Health, "average" | "count" | "level" | "direction">;
  spark: Array<number | null>;
};

/** What a card's data depends on: the standards, their versions, team names and ratings (and the day, for health). */
const CARD_SOURCES = ["standards", "standardVersions", "teams", "ratings"] as const;
const today = () => getStore().clock.now().toISOString().slice(0, 10);

/** The cards made so far, by standard id: kept until a card's sources change or the day turns. */
const madeCards = () => cachedOn(CARD_SOURCES, "handbook.cards", () => new Map<string, StandardCardData>(), today());

/** Exactly what a card shows, made once per standard (`cards`: from madeCards, fetched once per page). */
function presentCard(s: PublishedStandard, cards: Map<string, StandardCardData>): StandardCardData {
  let card = cards.get(s.id);
  if (!card) cards.set(s.id, (card = buildCard(s)));
  return card;
}

function buildCard(s: PublishedStandard): StandardCardData {
  const teams = getStore().data.teams;
  const health = healthOf(s.id);
  return {
    slug: s.slug,
    title: s.content.title,
    commitment: s.content.commitment,
    target: { metric: s.content.metric, value: s.content.targetValue, unit: s.content.unit, period: s.content.period },
    dimension: s.content.dimension,
    factor: s.content.factor,
    serves: s.content.customerTeamIds.length ? s.content.customerTeamIds.map((id) => teams[id]?.name ?? "").filter(Boolean).sort() : null,
    health: { average: health.average, count: health.count, level: health.level, direction: health.direction },
    spark: health.trend.map((p) => p.average),
  };
}

export type HandbookGroup = { teamId: string; teamName: string; description: string; standards: StandardCardData[] };

/**
 * Cards per page: a page renders (and hydrates) every card on it, so keep it to what a reader
 * scans at a glance; the filters (provider, customer, dimension, search) reach the rest.
 */
export const HANDBOOK_PAGE_SIZE = 12;

/** One page of the handbook, grouped by provider team. */
export function browseHandbook({
  q = "",
  dimension,
  customerTeamId,
  providerTeamId,
  page = 1,
  pageSize = HANDBOOK_PAGE_SIZE,
}: {
  q?: string;
  dimension?: ServqualDimension | null;
  customerTeamId?: string | null;
  providerTeamId?: string | null;
  page?: number;
  pageSize?: number;
}) {
  let list = handbook();
  const query = q.trim();
  if (query) {
    const rank = new Map<string, number>();
    search(query, { kind: "standard", limit: 5000 }).forEach((hit, i) => rank.set(hit.id.slice("standard:".length), i));
    list = list.filter((s) => rank.has(s.id)).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  }
  if (dimension) list = list.filter((s) => s.content.dimension === dimension);
  if (customerTeamId) list = list.filter((s) => servesTeam(s, customerTeamId));
  if (providerTeamId) list = list.filter((s) => s.teamId === providerTeamId);

  const total = list.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const teams = getStore().data.teams;
  const cards = madeCards();
  const groups: HandbookGroup[] = [];
  const byTeam = new Map<string, HandbookGroup>();
  for (const s of list.slice((current - 1) * pageSize, current * pageSize)) {
    let group = byTeam.get(s.teamId);
    if (!group) {
      group = { teamId: s.teamId, teamName: s.teamName, description: teams[s.teamId]?.description ?? "", standards: [] };
      byTeam.set(s.teamId, group);
      groups.push(group);
    }
    group.standards.push(presentCard(s, cards));
  }
  return { groups, total, page: current, pages };
}

/** The handbook at a glance: how many promises, from how many teams, how many kept or slipping. */
export function handbookSummary() {
  return cachedOn(CARD_SOURCES, "handbook.summary", summarise, today());
}

function summarise() {
  const list = handbook();
  const teams = new Set<string>();
  let kept = 0;
  let slipping = 0;
  for (const s of list) {
    teams.add(s.teamId);
    const h = healthOf(s.id);
    if (h.level === "kept") kept++;
    if (h.direction === "down" || h.level === "not-kept") slipping++;
  }
  return { standards: list.length, teams: teams.size, kept, slipping };
}

// ---------------------------------------------------------------- one standard's page

/** Everything the page of one standard shows, for this reader; null when they may not see it. */
export function presentStandardPage({ actor, slug, compare }: { actor: Actor; slug: string; compare?: number | null }) {
  const s = getStandardBySlug(slug);
  if (!s) return null;
  const manage = canSeeDrafts(actor, s);
  if (s.publishedVersion === null && !manage) return null;
  const { teams } = getStore().data;
  const published = versionOf(s.id, s.publishedVersion);
  const draft = manage ? versionOf(s.id, s.draftVersion) : null;
  const shown = published ?? draft ?? (manage ? versionOf(s.id, latestVersionNumber(s)) : null);
  if (!shown) return null;
  const c = shown.content;

  const policies = c.linkedPolicyIds.flatMap((id) => {
    const p = getStore().data.policies[id];
    return p ? [{ slug: p.slug, title: p.title, retired: p.status === "retired" }] : [];
  });

  const versions = listVersions(s).filter((v) => manage || v.state === "in-force" || v.state === "superseded" || v.state === "retired");
  const visible = new Set(versions.map((v) => v.number));
  const history = standardHistory(s.id).filter((h) => manage || h.step === "published" || h.step === "retired");

  let changes: { kind: "draft" | "version"; from: number | null; to: number; changes: FieldChange[] } | null = null;
  if (compare && visible.has(compare)) {
    const v = versionChanges(s, compare);
    if (v) changes = { kind: "version", ...v };
  } else if (manage && s.draftVersion !== null && s.publishedVersion !== null) {
    const d = draftChanges(s);
    if (d) changes = { kind: "draft", ...d };
  }

  const inForce = s.publishedVersion !== null && s.status !== "retired";
  const month = monthOf(getStore().clock.now());
  const rateable = mayRate(actor, s, published?.content ?? null);
  const health = published ? healthOf(s.id) : null;
  const admin = isAdmin(actor);

  return {
    standard: {
      slug: s.slug,
      status: s.status,
      draftState: manage ? s.draftState : null,
      returnComment: manage ? s.returnComment : null,
      retiredReason: s.retiredReason,
      publishedVersion: s.publishedVersion,
      draftVersion: manage ? s.draftVersion : null,
      teamName: teams[s.teamId]?.name ?? "",
      publishedAt: published?.publishedAt ?? null,
    },
    content: {
      version: shown.number,
      isDraft: shown.number !== s.publishedVersion,
      title: c.title,
      commitment: c.commitment,
      metric: c.metric,
      targetValue: c.targetValue,
      unit: c.unit,
      period: c.period,
      dimension: c.dimension,
      factor: c.factor,
      bodyHtml: shown.bodyHtml,
      serves: c.customerTeamIds.length ? c.customerTeamIds.map((id) => teams[id]?.name ?? "").filter(Boolean).sort() : null,
      policies,
    },
    health,
    comments: published ? recentComments(s.id) : [],
    acknowledgement: acknowledgementState(actor, s),
    rating: {
      may: rateable,
      ownTeam: s.teamId === actor.teamId,
      current: rateable ? ratingThisMonth(actor.id, s.id) : null,
      month,
      until: lastDayOf(month),
    },
    can: {
      edit: manage && s.status !== "retired" && s.draftState !== "in-review",
      submit: manage && s.draftState === "draft",
      publish: admin && s.draftState === "in-review",
      return: admin && s.draftState === "in-review",
      retire: manage && s.status !== "retired",
    },
    inForce,
    versions,
    history,
    changes,
  };
}

// ---------------------------------------------------------------- the printed handbook

/** Every standard in force, grouped by provider team in handbook order, with what print shows. */
export function printableHandbook() {
  const { teams, policies } = getStore().data;
  const groups: Array<{
    teamId: string;
    teamName: string;
    standards: Array<{
      slug: string;
      version: number;
      publishedAt: string | null;
      title: string;
      commitment: string;
      target: { metric: string; value: number; unit: string; period: string };
      dimension: ServqualDimension;
      factor: "hygiene" | "motivator" | null;
      serves: string[] | null;
      policies: string[];
      bodyHtml: string;
    }>;
  }> = [];
  for (const s of handbook()) {
    let group = groups[groups.length - 1];
    if (!group || group.teamId !== s.teamId) groups.push((group = { teamId: s.teamId, teamName: s.teamName, standards: [] }));
    const c = s.content;
    group.standards.push({
      slug: s.slug,
      version: s.version,
      publishedAt: s.publishedAt,
      title: c.title,
      commitment: c.commitment,
      target: { metric: c.metric, value: c.targetValue, unit: c.unit, period: c.period },
      dimension: c.dimension,
      factor: c.factor,
      serves: c.customerTeamIds.length ? c.customerTeamIds.map((id) => teams[id]?.name ?? "").filter(Boolean).sort() : null,
      policies: c.linkedPolicyIds.map((id) => policies[id]?.title).filter((x): x is string => Boolean(x)),
      bodyHtml: s.bodyHtml,
    });
  }
  return { at: getStore().clock.now().toISOString(), groups };
}
