/**
 * The dashboard's routes share this: who may see which scope, the filters from the URL, and
 * the charts built from the metrics view — one ChartData per chart serves the SVG, its table
 * and its CSV export alike.
 */
import Papa from "papaparse";
import { z } from "zod";
import type { ChartData, ChartSeries, ChartUnit } from "~/components/charts/chart-data";
import type { Translate } from "~/i18n";
import { isAdmin } from "~/models/actor";
import { withFallback } from "~/models/validate";
import { catalogueSearch } from "~/models/catalogue.server";
import { getDashboard, metricsKey, PERIODS, type DashboardView, type Period, type Scoped } from "~/models/metrics.server";
import { SCALE_QUESTIONS } from "~/models/pulse.server";
import { getStore } from "~/store/index.server";
import { requireRole, type CurrentUser } from "./auth.server";
import { unchanging } from "./page-data.server";

// ---------------------------------------------------------------- scope and filters

const QuerySchema = z.object({
  period: withFallback(
    z.coerce
      .number()
      .refine((n) => (PERIODS as readonly number[]).includes(n))
      .transform((n) => n as Period),
    12 as Period,
  ),
  team: z.string().trim().max(100).optional().catch(undefined),
});

export type DashboardScope = {
  actor: CurrentUser;
  period: Period;
  /** The team in view: a manager's own team always; an admin's choice, or none for the organisation. */
  team: { id: string; slug: string; name: string } | null;
  /** The URL search that reproduces this view ("?period=6&team=finance"). */
  search: string;
};

/**
 * Managers and admins only (employees get 403). A manager sees their own team beside the
 * organisation's totals, never another team's view; an admin sees all, or one team.
 */
export async function requireDashboardScope(request: Request): Promise<DashboardScope> {
  const actor = await requireRole(request, "manager");
  const url = new URL(request.url);
  const query = QuerySchema.parse({ period: url.searchParams.get("period") ?? undefined, team: url.searchParams.get("team") || undefined });
  const teams = getStore().data.teams;
  let team: DashboardScope["team"] = null;
  if (isAdmin(actor)) {
    if (query.team) {
      const found = Object.values(teams).find((t) => t.slug === query.team);
      if (!found) throw new Response("No team with that name.", { status: 404 });
      team = { id: found.id, slug: found.slug, name: found.name };
    }
  } else {
    const own = teams[actor.teamId];
    if (!own) throw new Response("Your team no longer exists.", { status: 403 });
    if (query.team && query.team !== own.slug) throw new Response("Managers see their own team's dashboard.", { status: 403 });
    team = { id: own.id, slug: own.slug, name: own.name };
  }
  const params = new URLSearchParams();
  if (query.period !== 12) params.set("period", String(query.period));
  if (team && isAdmin(actor)) params.set("team", team.slug);
  const search = params.toString() ? `?${params}` : "";
  return { actor, period: query.period, team, search };
}

export function dashboardFor(scope: DashboardScope): DashboardView {
  return getDashboard({ period: scope.period, teamId: scope.team?.id ?? null });
}

/**
 * A page's payload, built once per data version, day, scope and language and reused until the
 * next write: a dashboard request then costs a lookup and the render, not a rebuild.
 */
const payloadsByStore = new WeakMap<object, Map<string, unknown>>();
const MAX_PAYLOADS = 64;

export function cachedPayload<T extends Record<string, unknown>>(scope: DashboardScope, locale: string, build: () => T): T {
  const store = getStore();
  let payloads = payloadsByStore.get(store);
  if (!payloads) payloadsByStore.set(store, (payloads = new Map()));
  const key = `${metricsKey()}|${scope.period}|${scope.team?.id ?? ""}|${isAdmin(scope.actor) ? "admin" : "manager"}|${locale}`;
  if (payloads.has(key)) return payloads.get(key) as T;
  // Its values are never changed: their JSON for the browser is written once (decision 024).
  const value = unchanging(build());
  if (payloads.size >= MAX_PAYLOADS) payloads.delete(payloads.keys().next().value as string);
  payloads.set(key, value);
  return value;
}

// ---------------------------------------------------------------- links to the items behind a figure

/**
 * Where each figure's items are listed: exactly the items it counts (the policies in force, not
 * drafts; the decisions of the period), so the card and its list show the same number.
 */
export function itemLinks(scope: DashboardScope) {
  const team = scope.team?.slug;
  const status = "in-force" as const;
  return {
    catalogue: `/policies${catalogueSearch({ team, status })}`,
    overdue: `/policies${catalogueSearch({ team, status, overdue: true })}`,
    orphans: `/policies${catalogueSearch({ team, status, orphan: true })}`,
    missingPurpose: `/policies${catalogueSearch({ team, status, nopurpose: true })}`,
    retired: `/policies${catalogueSearch({ team, status: "retired" })}`,
    decisions: `/dashboard/decisions${scope.search}`,
    reviews: "/reviews",
    standards: "/standards",
    pulse: "/pulse",
  };
}

// ---------------------------------------------------------------- charts

export const CHART_IDS = [
  "friction-load",
  "friction-load-by-team",
  "costliest-policies",
  "friction-removed",
  "friction-removed-by-team",
  "purpose-coverage",
  "purpose-coverage-by-team",
  "reviews-held",
  "participation",
  "participation-by-team",
  "standard-health",
  "acknowledgement-by-team",
  "standard-health-by-team",
  "pulse-trend",
  "pulse-week-lost",
] as const;
export type ChartId = (typeof CHART_IDS)[number];

/**
 * Every chart of the dashboard for this view. The by-team comparisons exist only in the
 * organisation's view; a team's view draws the team beside the organisation instead.
 */
/** A by-team chart shows at most this many teams, so it reads at a glance; its CSV has them all. */
export const MAX_TEAMS_SHOWN = 12;

export function buildCharts(
  view: DashboardView,
  t: Translate,
  scope: DashboardScope,
  { allTeams = false }: { allTeams?: boolean } = {}
): Partial<Record<ChartId, ChartData>> {
  const months = view.months.map((m) => ({ key: m, label: m }));
  const csv = (id: ChartId) => `/dashboard/csv/${id}${scope.search}`;
  const teamLabel = view.teamName ?? "";
  const orgLabel = t("dashboard.org");

  /** The team's line (if a team is in view) and the organisation's. */
  function scoped(label: string, values: Scoped<Array<number | null>>): ChartSeries[] {
    if (view.teamId && values.team) {
      return [
        { key: "team", label: teamLabel, values: values.team },
        { key: "org", label: orgLabel, values: values.org, reference: true },
      ];
    }
    return [{ key: "org", label, values: values.org }];
  }

  function chart(
    id: ChartId,
    c: Omit<ChartData, "id" | "csvHref" | "categoryHeading" | "monthly"> & { monthly?: boolean; categoryHeading?: string }
  ): ChartData {
    return {
      id,
      csvHref: csv(id),
      monthly: c.monthly ?? false,
      categoryHeading: c.categoryHeading ?? (c.monthly ? t("dashboard.months") : t("dashboard.teamColumn")),
      ...c,
      // A team's view has no by-team comparisons beside its trends: each trend takes the row.
      wide: Boolean(view.teamId) || c.wide,
    };
  }

  // A team's row links to that team's dashboard (admins only reach the by-team charts).
  const teamCategory = (r: { slug: string; name: string }) => ({
    key: r.slug,
    label: r.name,
    href: `/dashboard?${new URLSearchParams({ ...(scope.period !== 12 ? { period: String(scope.period) } : {}), team: r.slug })}`,
  });
  const byTeamSorted = <T extends { name: string; slug: string }>(rows: T[], value: (r: T) => number | null) =>
    [...rows].sort((a, b) => (value(b) ?? -Infinity) - (value(a) ?? -Infinity) || a.name.localeCompare(b.name));
  /**
   * The teams a by-team chart shows: all of them when few (or for the CSV); otherwise the
   * MAX_TEAMS_SHOWN that most need a look — the highest (friction) or the lowest (coverage,
   * participation, health) — and the definition says so.
   */
  const shownTeams = <T extends { name: string; slug: string }>(rows: T[], value: (r: T) => number | null, attention: "high" | "low") => {
    const sorted = byTeamSorted(rows, value);
    if (allTeams || sorted.length <= MAX_TEAMS_SHOWN) return { rows: sorted, note: "" };
    const picked = attention === "high" ? sorted.slice(0, MAX_TEAMS_SHOWN) : sorted.slice(-MAX_TEAMS_SHOWN);
    const key = attention === "high" ? "dashboard.charts.cappedHigh" : "dashboard.charts.cappedLow";
    return { rows: picked, note: ` ${t(key, { shown: MAX_TEAMS_SHOWN, total: sorted.length })}` };
  };

  const charts: Partial<Record<ChartId, ChartData>> = {};

  charts["friction-load"] = chart("friction-load", {
    kind: "line",
    title: t("dashboard.charts.load"),
    definition: t("dashboard.charts.loadDef"),
    unit: "hours",
    axisLabel: t("dashboard.units.hoursAxis"),
    categories: months,
    monthly: true,
    series: scoped(t("dashboard.series.hours"), view.friction.series),
  });

  charts["costliest-policies"] = chart("costliest-policies", {
    kind: "hbars",
    wide: true,
    title: t("dashboard.charts.costliest"),
    definition: t("dashboard.charts.costliestDef"),
    unit: "hours",
    axisLabel: t("dashboard.units.hoursAxis"),
    categoryHeading: t("dashboard.policyColumn"),
    categories: view.friction.costliest.map((p) => ({ key: p.slug, label: p.title, href: `/policies/${p.slug}` })),
    series: [{ key: "hours", label: t("dashboard.series.hours"), values: view.friction.costliest.map((p) => p.hours) }],
  });

  charts["friction-removed"] = chart("friction-removed", {
    kind: "stacked-bars",
    title: t("dashboard.charts.removed"),
    definition: t("dashboard.charts.removedDef"),
    unit: "hours",
    axisLabel: t("dashboard.units.hoursRemovedAxis"),
    categories: months,
    monthly: true,
    series: [
      { key: "proposals", label: t("dashboard.series.proposals"), values: view.removed.series.proposals },
      { key: "retirements", label: t("dashboard.series.retirements"), values: view.removed.series.retirements },
    ],
  });

  charts["purpose-coverage"] = chart("purpose-coverage", {
    kind: "line",
    title: t("dashboard.charts.coverage"),
    definition: t("dashboard.charts.coverageDef"),
    unit: "share",
    axisLabel: t("dashboard.units.percentAxis"),
    categories: months,
    monthly: true,
    domain: [0, 1],
    series: scoped(t("dashboard.series.coverage"), view.purpose.series),
  });

  charts["reviews-held"] = chart("reviews-held", {
    kind: "bars",
    title: t("dashboard.charts.held"),
    definition: t("dashboard.charts.heldDef"),
    unit: "count",
    axisLabel: t("dashboard.units.countAxis"),
    categories: months,
    monthly: true,
    series: scoped(t("dashboard.series.held"), view.reviews.held),
  });

  charts["participation"] = chart("participation", {
    kind: "line",
    title: t("dashboard.charts.participation"),
    definition: t("dashboard.charts.participationDef"),
    unit: "share",
    axisLabel: t("dashboard.units.percentAxis"),
    categories: months,
    monthly: true,
    series: scoped(t("dashboard.series.participation"), view.participation.series),
  });

  charts["standard-health"] = chart("standard-health", {
    kind: "line",
    title: t("dashboard.charts.health"),
    definition: t("dashboard.charts.healthDef"),
    unit: "score",
    axisLabel: t("dashboard.units.scoreAxis"),
    categories: months,
    monthly: true,
    domain: [1, 5],
    series: scoped(t("dashboard.series.health"), view.standards.healthSeries),
  });

  // Pulses: a team's answers where at least five of it answered; the organisation's when the
  // team never reached five (said so beside the chart).
  const pulses = view.pulses.filter((p) => p.org.responses > 0);
  const pulseCategories = pulses.map((p) => ({ key: p.id, label: p.title }));
  const teamShown = Boolean(view.teamId) && pulses.some((p) => p.team?.shown);
  const group = (p: (typeof pulses)[number]) => (teamShown ? p.team : p.org);
  charts["pulse-trend"] = chart("pulse-trend", {
    kind: "line",
    title: teamShown ? `${t("dashboard.charts.pulseTrend")} — ${teamLabel}` : t("dashboard.charts.pulseTrend"),
    definition:
      view.teamId && !teamShown
        ? `${t("dashboard.charts.pulseTrendDef")} ${t("dashboard.charts.pulseTrendOrg", { team: teamLabel })}`
        : t("dashboard.charts.pulseTrendDef"),
    unit: "score",
    axisLabel: t("dashboard.units.pulseAxis"),
    categoryHeading: t("dashboard.pulseColumn"),
    categories: pulseCategories,
    domain: [1, 5],
    series: SCALE_QUESTIONS.map((q) => ({
      key: q,
      label: t(`dashboard.pulse.short.${q}`),
      values: pulses.map((p) => group(p)?.means?.[q] ?? null),
    })),
  });
  charts["pulse-week-lost"] = chart("pulse-week-lost", {
    kind: "bars",
    title: t("dashboard.charts.pulseWeek"),
    definition: t("dashboard.charts.pulseWeekDef"),
    unit: "percent",
    axisLabel: t("dashboard.units.weekAxis"),
    categoryHeading: t("dashboard.pulseColumn"),
    categories: pulseCategories,
    series: scoped(t("dashboard.pulse.short.week-lost-to-process"), {
      team: view.teamId ? pulses.map((p) => p.team?.means?.["week-lost-to-process"] ?? null) : null,
      org: pulses.map((p) => p.org.means?.["week-lost-to-process"] ?? null),
    }),
  });

  if (!view.teamId) {
    const { rows: load, note: loadNote } = shownTeams(view.friction.byTeam, (r) => r.hours, "high");
    charts["friction-load-by-team"] = chart("friction-load-by-team", {
      kind: "hbars",
      title: t("dashboard.charts.loadByTeam"),
      definition: t("dashboard.charts.loadByTeamDef") + loadNote,
      unit: "hours",
      axisLabel: t("dashboard.units.hoursAxis"),
      categories: load.map(teamCategory),
      series: [{ key: "hours", label: t("dashboard.series.hours"), values: load.map((r) => r.hours) }],
    });
    const { rows: removed, note: removedNote } = shownTeams(view.removed.byTeam, (r) => r.proposals + r.retirements, "high");
    charts["friction-removed-by-team"] = chart("friction-removed-by-team", {
      kind: "stacked-hbars",
      title: t("dashboard.charts.removedByTeam"),
      definition: t("dashboard.charts.removedByTeamDef") + removedNote,
      unit: "hours",
      axisLabel: t("dashboard.units.hoursRemovedAxis"),
      categories: removed.map(teamCategory),
      series: [
        { key: "proposals", label: t("dashboard.series.proposals"), values: removed.map((r) => r.proposals) },
        { key: "retirements", label: t("dashboard.series.retirements"), values: removed.map((r) => r.retirements) },
      ],
    });
    const { rows: coverage, note: coverageNote } = shownTeams(view.purpose.byTeam, (r) => r.coverage, "low");
    charts["purpose-coverage-by-team"] = chart("purpose-coverage-by-team", {
      kind: "hbars",
      title: t("dashboard.charts.coverageByTeam"),
      definition: t("dashboard.charts.coverageByTeamDef") + coverageNote,
      unit: "share",
      axisLabel: t("dashboard.units.percentAxis"),
      domain: [0, 1],
      categories: coverage.map(teamCategory),
      series: [{ key: "coverage", label: t("dashboard.series.coverage"), values: coverage.map((r) => r.coverage) }],
    });
    const { rows: participation, note: participationNote } = shownTeams(view.participation.byTeam, (r) => r.share, "low");
    charts["participation-by-team"] = chart("participation-by-team", {
      kind: "hbars",
      title: t("dashboard.charts.participationByTeam"),
      definition: t("dashboard.charts.participationByTeamDef") + participationNote,
      unit: "share",
      axisLabel: t("dashboard.units.percentAxis"),
      domain: [0, 1],
      categories: participation.map(teamCategory),
      series: [{ key: "share", label: t("dashboard.series.participation"), values: participation.map((r) => r.share) }],
    });
    const providers = view.standards.byTeam.filter((r) => r.published > 0);
    const { rows: acknowledged, note: acknowledgedNote } = shownTeams(providers, (r) => r.coverage, "low");
    charts["acknowledgement-by-team"] = chart("acknowledgement-by-team", {
      kind: "hbars",
      title: t("dashboard.charts.coverageStandards"),
      definition: t("dashboard.charts.coverageStandardsDef") + acknowledgedNote,
      unit: "share",
      axisLabel: t("dashboard.units.percentAxis"),
      domain: [0, 1],
      categories: acknowledged.map(teamCategory),
      series: [{ key: "acknowledged", label: t("dashboard.series.acknowledged"), values: acknowledged.map((r) => r.coverage) }],
    });
    const { rows: health, note: healthNote } = shownTeams(providers, (r) => r.health, "low");
    charts["standard-health-by-team"] = chart("standard-health-by-team", {
      kind: "hbars",
      title: t("dashboard.charts.healthByTeam"),
      definition: t("dashboard.charts.healthByTeamDef") + healthNote,
      unit: "score",
      axisLabel: t("dashboard.units.scoreAxis"),
      domain: [0, 5],
      categories: health.map(teamCategory),
      series: [{ key: "health", label: t("dashboard.series.health"), values: health.map((r) => r.health) }],
    });
  }
  return charts;
}

// ---------------------------------------------------------------- CSV

/** A spreadsheet must never run a cell as a formula: text starting with = + - @ is quoted. */
function safeCell(value: string) {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvValue(unit: ChartUnit, value: number | null): number | string {
  if (value === null) return "";
  if (unit === "share") return Math.round(value * 1000) / 10;
  return value;
}

/** The chart's numbers as CSV: one row per month (YYYY-MM) or category, one column per series. */
export function chartCsv(data: ChartData): string {
  const unitSuffix = data.unit === "share" ? " (%)" : data.unit === "hours" ? " (h)" : "";
  const fields = [data.categoryHeading, ...data.series.map((s) => `${s.label}${unitSuffix}`)].map(safeCell);
  const rows = data.categories.map((c, i) => [
    safeCell(data.monthly ? c.key : c.label),
    ...data.series.map((s) => csvValue(data.unit, s.values[i])),
  ]);
  return Papa.unparse({ fields, data: rows }, { newline: "\r\n" });
}
