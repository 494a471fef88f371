/**
 * Ratings — is the promise kept? Members of a standard's internal-customer teams (everyone but
 * the provider team, when it serves everyone) rate a published standard 1–5 once per calendar
 * month, with an optional comment, and may change that rating until the month ends. A
 * standard's health is the average and count of the last 90 days, with a monthly trend.
 *
 * Months are calendar months in UTC, like every date the interface shows.
 */
import { z } from "zod";
import { getStore, put } from "~/store/index.server";
import type { Rating, Standard, StandardContent } from "~/store/schema";
import type { Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError } from "./errors";
import { messageRef } from "~/i18n/ref";
import { cachedOn, liveIndex } from "./derived.server";
import { handbook, servesTeam, versionOf } from "./standard.server";
import { formNumber, formText, validate } from "./validate";

const DAY_MS = 86_400_000;
export const HEALTH_WINDOW_DAYS = 90;
export const TREND_MONTHS = 12;
/** Average from which a promise counts as kept, and as mostly kept. */
export const KEPT_AT = 4;
export const MOSTLY_KEPT_AT = 3;
/** A change of the 90-day average by this much against the 90 days before is a direction. */
export const DIRECTION_STEP = 0.3;

// ---------------------------------------------------------------- months (pure)

/** The calendar month (UTC) of a moment, as YYYY-MM. */
export function monthOf(date: Date | string): string {
  return (typeof date === "string" ? new Date(date) : date).toISOString().slice(0, 7);
}

/** A month some months before or after another: addMonths("2026-01", -1) → "2025-12". */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The last day of a month (UTC), as YYYY-MM-DD: until then a rating can change. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function ratingId(standardId: string, personId: string, month: string) {
  return `${standardId}:${personId}:${month}`;
}

// ---------------------------------------------------------------- health (pure)

export type HealthLevel = "unrated" | "kept" | "mostly" | "not-kept";
export type HealthDirection = "up" | "down" | "steady";

export type Health = {
  /** Average score of the last 90 days; null without ratings. */
  average: number | null;
  count: number;
  /** Average of the 90 days before that, to tell the direction. */
  previousAverage: number | null;
  level: HealthLevel;
  direction: HealthDirection | null;
  /** The last 12 calendar months, oldest first. */
  trend: Array<{ month: string; average: number | null; count: number }>;
};

type Scored = Pick<Rating, "score" | "at" | "month">;

const round1 = (n: number) => Math.round(n * 10) / 10;

export function levelOf(average: number | null): HealthLevel {
  if (average === null) return "unrated";
  if (average >= KEPT_AT) return "kept";
  if (average >= MOSTLY_KEPT_AT) return "mostly";
  return "not-kept";
}

/** The health of a standard from its ratings, as of `now`. */
export function computeHealth(ratings: readonly Scored[], now: Date, { windowDays = HEALTH_WINDOW_DAYS, months = TREND_MONTHS } = {}): Health {
  const end = now.getTime();
  const start = end - windowDays * DAY_MS;
  const previousStart = start - windowDays * DAY_MS;
  let sum = 0;
  let count = 0;
  let prevSum = 0;
  let prevCount = 0;
  const thisMonth = monthOf(now);
  const firstMonth = addMonths(thisMonth, -(months - 1));
  const byMonth = new Map<string, { sum: number; count: number }>();
  for (const r of ratings) {
    const t = Date.parse(r.at);
    if (t > end) continue;
    if (t > start) {
      sum += r.score;
      count++;
    } else if (t > previousStart) {
      prevSum += r.score;
      prevCount++;
    }
    if (r.month >= firstMonth && r.month <= thisMonth) {
      const m = byMonth.get(r.month) ?? { sum: 0, count: 0 };
      m.sum += r.score;
      m.count++;
      byMonth.set(r.month, m);
    }
  }
  const average = count ? round1(sum / count) : null;
  const previousAverage = prevCount ? round1(prevSum / prevCount) : null;
  let direction: HealthDirection | null = null;
  if (count && prevCount) {
    const delta = sum / count - prevSum / prevCount;
    direction = delta >= DIRECTION_STEP ? "up" : delta <= -DIRECTION_STEP ? "down" : "steady";
  }
  const trend: Health["trend"] = [];
  for (let i = 0; i < months; i++) {
    const month = addMonths(firstMonth, i);
    const m = byMonth.get(month);
    trend.push({ month, average: m ? round1(m.sum / m.count) : null, count: m?.count ?? 0 });
  }
  return { average, count, previousAverage, level: levelOf(average), direction, trend };
}

// ---------------------------------------------------------------- who may rate

/**
 * Members of the internal-customer teams rate a standard in force; when it serves everyone,
 * everyone but the provider team does.
 */
export function mayRate(person: { teamId: string }, s: Pick<Standard, "teamId" | "status" | "publishedVersion">, content: Pick<StandardContent, "customerTeamIds"> | null) {
  if (s.status === "retired" || s.publishedVersion === null || !content) return false;
  return servesTeam({ teamId: s.teamId, content }, person.teamId);
}

// ---------------------------------------------------------------- reads

type RatingIndex = {
  /** standard id → rating id → rating */
  byStandard: Map<string, Map<string, Rating>>;
  /** `${personId}:${month}` → the standards the person rated that month */
  byPersonMonth: Map<string, Set<string>>;
  /** standard id → its health as of a day, dropped when one of its ratings changes */
  health: Map<string, { day: string; health: Health }>;
};

function indexRating(index: RatingIndex, r: Rating) {
  let list = index.byStandard.get(r.standardId);
  if (!list) index.byStandard.set(r.standardId, (list = new Map()));
  list.set(r.id, r);
  const key = `${r.personId}:${r.month}`;
  let rated = index.byPersonMonth.get(key);
  if (!rated) index.byPersonMonth.set(key, (rated = new Set()));
  rated.add(r.standardId);
}

/** The standard a rating id belongs to: `${standardId}:${personId}:${month}`. */
const standardOfRating = (id: string) => id.slice(0, id.indexOf(":"));

export function ratingIndex(): RatingIndex {
  return liveIndex<RatingIndex>(
    "ratings",
    "ratings",
    (store) => {
      const index: RatingIndex = { byStandard: new Map(), byPersonMonth: new Map(), health: new Map() };
      for (const r of Object.values(store.data.ratings)) indexRating(index, r);
      return index;
    },
    (index, change) => {
      const standardId = standardOfRating(change.id);
      if ("del" in change) {
        const [, personId, month] = change.id.split(":");
        index.byStandard.get(standardId)?.delete(change.id);
        index.byPersonMonth.get(`${personId}:${month}`)?.delete(standardId);
      } else indexRating(index, change.v as Rating);
      index.health.delete(standardId);
    },
  );
}

function ratingsOf(standardId: string): Iterable<Rating> {
  return ratingIndex().byStandard.get(standardId)?.values() ?? [];
}

/** A standard's health as of now; computed once per standard until one of its ratings changes or the day turns. */
export function healthOf(standardId: string): Health {
  const now = getStore().clock.now();
  const day = now.toISOString().slice(0, 10);
  const { health: memo } = ratingIndex();
  const hit = memo.get(standardId);
  if (hit && hit.day === day) return hit.health;
  const health = computeHealth([...ratingsOf(standardId)], now);
  memo.set(standardId, { day, health });
  return health;
}

/** The person's rating of a standard this month, if they gave one. */
export function ratingThisMonth(personId: string, standardId: string): { score: number; comment: string; at: string; month: string } | null {
  const store = getStore();
  const month = monthOf(store.clock.now());
  const r = store.data.ratings[ratingId(standardId, personId, month)];
  return r ? { score: r.score, comment: r.comment, at: r.at, month } : null;
}

/** What internal customers said lately (last 90 days), newest first: team and month, never who. */
export function recentComments(standardId: string, limit = 5): Array<{ team: string; month: string; score: number; comment: string }> {
  const store = getStore();
  const since = store.clock.now().getTime() - HEALTH_WINDOW_DAYS * DAY_MS;
  const now = store.clock.now().getTime();
  const recent = [...ratingsOf(standardId)]
    .filter((r) => r.comment && Date.parse(r.at) > since && Date.parse(r.at) <= now)
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, limit);
  return recent.map((r) => ({ team: store.data.teams[r.teamId]?.name ?? "", month: r.month, score: r.score, comment: r.comment }));
}

/** Standards in force whose promise reaches this team, in handbook order. */
function standardsServing(teamId: string) {
  return cachedOn(["standards", "standardVersions", "teams"], `standards.serving.${teamId}`, () =>
    handbook()
      .filter((s) => servesTeam(s, teamId))
      .map((s) => ({ id: s.id, slug: s.slug, title: s.content.title, teamName: s.teamName })),
  );
}

/** Standards in force serving the person's team that they have not rated this month. */
export function standardsToRate(person: { id: string; teamId: string }): Array<{ slug: string; title: string; teamName: string }> {
  const month = monthOf(getStore().clock.now());
  const rated = ratingIndex().byPersonMonth.get(`${person.id}:${month}`);
  const out: Array<{ slug: string; title: string; teamName: string }> = [];
  for (const s of standardsServing(person.teamId)) {
    if (rated?.has(s.id)) continue;
    out.push({ slug: s.slug, title: s.title, teamName: s.teamName });
  }
  return out;
}

// ---------------------------------------------------------------- writes

export const RatingInputSchema = z.object({
  score: formNumber(messageRef("standards.validation.score")).pipe(
    z.number().int(messageRef("standards.validation.score")).min(1, messageRef("standards.validation.score")).max(5, messageRef("standards.validation.score")),
  ),
  comment: formText(2000).default(""),
});
export type RatingInput = z.input<typeof RatingInputSchema>;

/**
 * Rates a standard for the current calendar month; rating again in the same month replaces
 * the month's rating (one per person per month, by its id).
 */
export async function rateStandard({ actor, standardId, input }: { actor: Actor; standardId: string; input: unknown }): Promise<Rating> {
  const data = validate(RatingInputSchema, input);
  const store = getStore();
  return store.write(() => {
    const s = store.data.standards[standardId];
    if (!s) throw new NotFoundError("Standard not found");
    if (s.status === "retired" || s.publishedVersion === null) throw new ConflictError(messageRef("standards.validation.onlyPublishedRated"));
    const content = versionOf(s.id, s.publishedVersion)?.content ?? null;
    if (!mayRate(actor, s, content))
      throw new ForbiddenError(
        s.teamId === actor.teamId
          ? messageRef("standards.validation.ownTeamRates")
          : messageRef("standards.validation.onlyCustomersRate"),
      );
    const now = store.clock.now();
    const month = monthOf(now);
    const id = ratingId(s.id, actor.id, month);
    const previous = store.data.ratings[id];
    const rating: Rating = {
      id,
      standardId: s.id,
      personId: actor.id,
      teamId: actor.teamId,
      month,
      score: data.score,
      comment: data.comment,
      at: now.toISOString(),
    };
    return {
      event: {
        type: "standard.rated",
        actorId: actor.id,
        subject: { kind: "standard", id: s.id },
        before: previous ? { score: previous.score, month } : null,
        after: { score: data.score, month, version: s.publishedVersion, hasComment: data.comment.length > 0 },
      },
      changes: [put("ratings", rating)],
      result: rating,
    };
  });
}
