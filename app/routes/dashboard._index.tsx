import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ListLink } from "~/components/link";
import { ReusedSection } from "~/components/reused-markup";
import type { ChartData } from "~/components/charts/chart-data";
import { ChartFigure } from "~/components/charts/chart-figure";
import { formatValue } from "~/components/charts/format";
import { MetricTile } from "~/components/charts/metric-tile";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { useChartFormat } from "~/components/charts/use-chart-format";
import { translator, type Locale } from "~/i18n";
import { requestLocale } from "~/lib/locale.server";
import {
  buildCharts,
  cachedPayload,
  dashboardFor,
  itemLinks,
  requireDashboardScope,
  type ChartId,
  type DashboardScope,
} from "~/lib/dashboard.server";
import { isAdmin } from "~/models/actor";
import { PERIODS } from "~/models/culture";
import { overdueImplementationCount, type DashboardView } from "~/models/metrics.server";
import type { PulseMeans } from "~/models/pulse.server";
import { PULSE_QUESTIONS } from "~/store/vocabulary";
import { getStore } from "~/store/index.server";
import { pageData } from "~/lib/page-data.server";
import { pageTitle } from "~/components/meta";
import { TableScroll } from "~/components/table-scroll";
import { FollowUpOverview } from "~/components/change-checks";
import { followUpOverview } from "~/models/follow-up.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("dashboard.heading")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const scope = await requireDashboardScope(request);
  const locale = await requestLocale(request);
  const payload = cachedPayload(scope, locale, () => buildPayload(scope, locale));
  // Whether the latest pulse is still open depends on the minute, not on the data.
  const now = getStore().clock.now().toISOString();
  // Did the changes work? Predicted beside measured (app/models/follow-up.server.ts); small and time-dependent, so not cached.
  const followUps = followUpOverview({ teamId: scope.team?.id ?? null });
  return pageData({
    ...payload,
    followUps,
    asOf: now,
    pulse: payload.pulse ? { ...payload.pulse, open: payload.pulse.closesAt > now } : null,
  });
}

/** Everything the page shows for one scope and language (cached until the next write). */
function buildPayload(scope: DashboardScope, locale: Locale) {
  const t = translator(locale);
  const view = dashboardFor(scope);
  const store = getStore();
  const admin = isAdmin(scope.actor);
  const teams = admin
    ? Object.values(store.data.teams)
        .map((team) => ({ slug: team.slug, name: team.name }))
        .sort((a, b) => a.name.localeCompare(b.name))
    : [];
  // The latest pulse anyone answered, with the groups this viewer may see.
  const latest = [...view.pulses].reverse().find((p) => p.org.responses > 0) ?? null;
  const teamNames = new Map(Object.values(store.data.teams).map((team) => [team.id, team.name]));
  return {
    period: scope.period,
    team: scope.team ? { slug: scope.team.slug, name: scope.team.name } : null,
    admin,
    teams,
    links: itemLinks(scope),
    charts: buildCharts(view, t, scope),
    figures: {
      months: view.months,
      friction: { now: view.friction.now, change: view.friction.change },
      removed: {
        total: view.removed.total,
        waiting: view.removed.waiting,
        overdue: overdueImplementationCount(scope.team?.id ?? null),
      },
      purpose: { now: view.purpose.now, missing: view.purpose.missing },
      reviews: view.reviews,
      participation: {
        period: view.participation.period,
        byKind: view.participation.byKind,
        people: view.participation.people,
        active: view.participation.active,
      },
      standards: {
        published: view.standards.published,
        coverage: view.standards.coverage,
        health: view.standards.health,
        byStandard: view.standards.byStandard,
        falling: view.standards.falling,
      },
    },
    pulse: latest ? presentPulse(latest, scope, t, teamNames) : null,
  };
}

/**
 * The latest pulse's results as the table shows them: the organisation, then the teams shown
 * (a manager: their own team only); the teams under five answers are one summary row, so
 * the table stays short and names no small group.
 */
function presentPulse(
  latest: DashboardView["pulses"][number],
  scope: DashboardScope,
  t: ReturnType<typeof translator>,
  teamNames: Map<string, string>
) {
  type Row = {
    key: string;
    name: string;
    responses: number;
    shown: boolean;
    means: PulseMeans | null;
  };
  const row = (key: string, name: string, g: { responses: number; shown: boolean; means: PulseMeans | null }): Row => ({
    key,
    name,
    responses: g.responses,
    shown: g.shown,
    means: g.means,
  });
  const groups: Row[] = [row("org", t("dashboard.org"), latest.org)];
  if (scope.team) {
    groups.push(row(scope.team.id, scope.team.name, latest.team ?? { responses: 0, shown: false, means: null }));
  } else {
    const shown = latest.teams.filter((g) => g.shown);
    const hidden = latest.teams.filter((g) => !g.shown);
    groups.push(...shown.map((g) => row(g.teamId, teamNames.get(g.teamId) ?? "", g)).sort((a, b) => a.name.localeCompare(b.name)));
    if (hidden.length) {
      groups.push(
        row("hidden", t("dashboard.lists.hiddenTeams", { count: hidden.length }), {
          responses: hidden.reduce((sum, g) => sum + g.responses, 0),
          shown: false,
          means: null,
        })
      );
    }
  }
  return { title: latest.title, closesAt: latest.closesAt, groups };
}

/** A median of days with at most one decimal, left a number so the message picks its plural. */
function oneDecimal(days: number) {
  return Math.round(days * 10) / 10;
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useChartFormat();
  const { figures: fig, links, charts, team } = data;
  const orgValue = (value: string | null) => (team && value !== null ? t("dashboard.orgValue", { value }) : null);
  const hours = (n: number) => formatValue("hours", n, f);
  const pct = (n: number | null) => (n === null ? "—" : f.percent(n));
  const score = (n: number | null) => (n === null ? "—" : f.number(n));
  const pick = <T,>(s: { team: T | null; org: T }) => (team ? (s.team as T) : s.org);
  const chart = (id: ChartId) => (charts[id] ? <ChartFigure data={charts[id] as ChartData} /> : null);
  const firstMonth = fig.months[0];
  const change = pick(fig.friction.change);
  const latestPulse = data.pulse?.groups.find((g) => g.key !== "org" && team) ?? data.pulse?.groups[0];
  const falling = fig.standards.falling;

  return (
    <div className="dashboard">
      <div className="page-head">
        <h1>{t("dashboard.heading")}</h1>
        <p className="hint">{t("dashboard.asOf", { date: f.date(data.asOf) })}</p>
      </div>
      <p className="lead">{t("dashboard.lead")}</p>

      <Form method="get" className="filters dashboard-filters" aria-label={t("dashboard.filters.label")}>
        <div className="field">
          <label htmlFor="dashboard-period">{t("dashboard.filters.period")}</label>
          <select id="dashboard-period" name="period" defaultValue={String(data.period)}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t("dashboard.filters.periodOption", { months: p })}
              </option>
            ))}
          </select>
        </div>
        {data.admin ? (
          <div className="field">
            <label htmlFor="dashboard-team">{t("dashboard.filters.team")}</label>
            <select id="dashboard-team" name="team" defaultValue={team?.slug ?? ""}>
              <option value="">{t("dashboard.filters.allTeams")}</option>
              {data.teams.map((option) => (
                <option key={option.slug} value={option.slug}>
                  {option.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <button type="submit" className="button">
            {t("dashboard.filters.apply")}
          </button>
        </div>
        <p className="dashboard-scope">{team ? t("dashboard.scopeTeam", { team: team.name }) : t("dashboard.scopeOrg")}</p>
      </Form>

      <ReusedSection
        aria-labelledby="figures-title"
        reuseFor={fig}
        variant="figures"
        render={() => (
          <>
            <h2 id="figures-title" className="visually-hidden">
              {t("dashboard.heading")}
            </h2>
            <div className="metric-grid">
              <MetricTile
                label={t("dashboard.figures.load")}
                value={hours(pick(fig.friction.now))}
                detail={
                  firstMonth
                    ? t("dashboard.figures.loadChange", {
                        change: `${change > 0 ? "+" : change < 0 ? "−" : ""}${hours(Math.abs(change))}`,
                        month: f.month(firstMonth),
                      })
                    : null
                }
                org={orgValue(hours(fig.friction.now.org))}
                definition={t("dashboard.figures.loadDef")}
                href={links.catalogue}
                linkText={t("dashboard.links.catalogue")}
                tone={change < 0 ? "ok" : change > 0 ? "warn" : undefined}
              />
              <MetricTile
                label={t("dashboard.figures.removed")}
                value={hours(pick(fig.removed.total))}
                org={orgValue(hours(fig.removed.total.org))}
                definition={t("dashboard.figures.removedDef")}
                href="#friction-removed"
                linkText={t("dashboard.links.removedWhere")}
                tone={pick(fig.removed.total) > 0 ? "ok" : undefined}
              />
              <MetricTile
                label={t("dashboard.figures.coverage")}
                value={pct(pick(fig.purpose.now))}
                org={orgValue(pct(fig.purpose.now.org))}
                definition={t("dashboard.figures.coverageDef")}
                href={links.missingPurpose}
                linkText={t("dashboard.links.missingPurpose", {
                  count: fig.purpose.missing.count,
                })}
              />
              <MetricTile
                label={t("dashboard.figures.overdue")}
                value={f.integer(pick(fig.reviews.overdue.count))}
                org={orgValue(f.integer(fig.reviews.overdue.count.org))}
                definition={t("dashboard.figures.overdueDef")}
                href={links.overdue}
                linkText={t("dashboard.links.overdue")}
                tone={pick(fig.reviews.overdue.count) > 0 ? "warn" : "ok"}
              />
              <MetricTile
                label={t("dashboard.figures.orphans")}
                value={f.integer(pick(fig.reviews.orphans.count))}
                org={orgValue(f.integer(fig.reviews.orphans.count.org))}
                definition={t("dashboard.figures.orphansDef")}
                href={links.orphans}
                linkText={t("dashboard.links.orphans")}
                tone={pick(fig.reviews.orphans.count) > 0 ? "danger" : "ok"}
              />
              <MetricTile
                label={t("dashboard.figures.decision")}
                value={
                  pick(fig.reviews.medianDays).median === null
                    ? "—"
                    : t("dashboard.units.days", {
                        value: oneDecimal(pick(fig.reviews.medianDays).median!),
                      })
                }
                detail={t("dashboard.figures.decisionCount", {
                  count: pick(fig.reviews.medianDays).n,
                })}
                org={orgValue(
                  fig.reviews.medianDays.org.median === null
                    ? "—"
                    : t("dashboard.units.days", {
                        value: oneDecimal(fig.reviews.medianDays.org.median),
                      })
                )}
                definition={t("dashboard.figures.decisionDef")}
                href={links.decisions}
                linkText={t("dashboard.links.decisions")}
              />
              <MetricTile
                label={t("dashboard.figures.participation")}
                value={pct(pick(fig.participation.period).share)}
                detail={t("dashboard.figures.participationCount", {
                  people: f.integer(pick(fig.participation.period).people),
                  active: pick(fig.participation.period).active,
                })}
                org={orgValue(pct(fig.participation.period.org.share))}
                definition={t("dashboard.figures.participationDef")}
                href="#participation"
                linkText={t("dashboard.links.participationWhere")}
              />
              <MetricTile
                label={t("dashboard.figures.published")}
                value={f.integer(pick(fig.standards.published))}
                org={orgValue(f.integer(fig.standards.published.org))}
                definition={t("dashboard.figures.publishedDef")}
                href={links.standards}
                linkText={t("dashboard.links.standards")}
              />
              <MetricTile
                label={t("dashboard.figures.acknowledged")}
                value={pct(pick(fig.standards.coverage))}
                org={orgValue(pct(fig.standards.coverage.org))}
                definition={t("dashboard.figures.acknowledgedDef")}
                href="#standards-attention"
                linkText={t("dashboard.links.attention")}
              />
              <MetricTile
                label={t("dashboard.figures.health")}
                value={score(pick(fig.standards.health))}
                detail={
                  falling.count
                    ? t("dashboard.figures.fallingCount", {
                        count: falling.count,
                      })
                    : null
                }
                org={orgValue(score(fig.standards.health.org))}
                definition={t("dashboard.figures.healthDef")}
                href={falling.count ? "#falling" : links.standards}
                linkText={falling.count ? t("dashboard.links.falling") : t("dashboard.links.standards")}
                tone={falling.count ? "warn" : undefined}
              />
              <MetricTile
                label={t("dashboard.figures.waiting")}
                value={f.integer(fig.removed.waiting.count)}
                detail={
                  fig.removed.overdue
                    ? t("dashboard.figures.overdueImplementations", {
                        count: fig.removed.overdue,
                      })
                    : null
                }
                definition={t("dashboard.figures.waitingDef")}
                href="#waiting"
                linkText={t("dashboard.links.waiting")}
                tone={fig.removed.waiting.count ? "warn" : undefined}
              />
              <MetricTile
                label={t("dashboard.figures.pulse")}
                value={latestPulse?.shown && latestPulse.means ? score(latestPulse.means["serve-without-fighting-rules"]) : "—"}
                detail={data.pulse ? data.pulse.title : t("dashboard.lists.noPulse")}
                definition={t("dashboard.figures.pulseDef")}
                href="#pulse"
                linkText={t("dashboard.links.pulseResults")}
              />
            </div>
          </>
        )}
      />

      <ReusedSection
        aria-labelledby="friction"
        className="dashboard-section"
        reuseFor={fig}
        variant={"friction"}
        render={() => (
          <>
            <h2 id="friction">{t("dashboard.sections.friction")}</h2>
            <div className="chart-grid">
              {chart("friction-load")}
              {chart("friction-load-by-team")}
              {chart("costliest-policies")}
            </div>
          </>
        )}
      />

      <ReusedSection
        aria-labelledby="friction-removed"
        className="dashboard-section"
        reuseFor={fig}
        variant={"friction-removed"}
        render={() => (
          <>
            <h2 id="friction-removed">{t("dashboard.sections.removed")}</h2>
            <div className="chart-grid">
              {chart("friction-removed")}
              {chart("friction-removed-by-team")}
            </div>
            <p>
              <ListLink to={links.retired}>{t("dashboard.links.retired")}</ListLink> ·{" "}
              <ListLink to={links.reviews}>{t("dashboard.links.reviews")}</ListLink>
            </p>
            <h3 id="waiting">{t("dashboard.lists.waiting")}</h3>
            <p className="hint">{t("dashboard.figures.waitingDef")}</p>
            {fig.removed.waiting.items.length ? (
              <TableScroll labelledBy="waiting">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("dashboard.lists.proposalColumn")}</th>
                      <th scope="col">{t("dashboard.policyColumn")}</th>
                      {team ? null : <th scope="col">{t("dashboard.teamColumn")}</th>}
                      <th scope="col">{t("dashboard.lists.status")}</th>
                      <th scope="col">{t("dashboard.lists.decided")}</th>
                      <th scope="col" className="num">
                        {t("dashboard.lists.hoursColumn")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {fig.removed.waiting.items.map((w) => (
                      <tr key={w.proposalId}>
                        <td>
                          <ListLink to={`/reviews/${w.reviewId}#proposal-${w.proposalId}`}>{w.title}</ListLink>
                        </td>
                        <td>{w.policySlug ? <ListLink to={`/policies/${w.policySlug}`}>{w.policyTitle}</ListLink> : w.policyTitle}</td>
                        {team ? null : <td>{w.team}</td>}
                        <td>
                          <span className={`badge ${w.implementation === "planned" ? "badge-muted" : "badge-info"}`}>
                            {t(`dashboard.lists.implementation.${w.implementation}`)}
                          </span>
                          {w.overdue ? <span className="badge badge-danger">{t("dashboard.lists.implementationOverdue")}</span> : null}
                        </td>
                        <td>{f.date(w.decidedAt)}</td>
                        <td className="num">{hours(w.hoursRemoved)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            ) : (
              <p>{t("dashboard.none")}</p>
            )}
            {fig.removed.waiting.count > fig.removed.waiting.items.length ? (
              <p className="hint">
                {t("dashboard.lists.more", {
                  count: fig.removed.waiting.count - fig.removed.waiting.items.length,
                })}
              </p>
            ) : null}
          </>
        )}
      />

      <ReusedSection
        aria-labelledby="follow-ups"
        className="dashboard-section"
        reuseFor={data.followUps}
        variant="follow-ups"
        render={() => <FollowUpOverview overview={data.followUps} />}
      />

      <ReusedSection
        aria-labelledby="purpose"
        className="dashboard-section"
        reuseFor={fig}
        variant={"purpose"}
        render={() => (
          <>
            <h2 id="purpose">{t("dashboard.sections.purpose")}</h2>
            <div className="chart-grid">
              {chart("purpose-coverage")}
              {chart("purpose-coverage-by-team")}
            </div>
            <h3>{t("dashboard.lists.missingPurpose")}</h3>
            <p className="hint">{t("dashboard.lists.missingPurposeDef")}</p>
            <PolicyList
              items={fig.purpose.missing.items.map((p) => ({
                slug: p.slug,
                title: p.title,
                note: hours(p.hours),
              }))}
              count={fig.purpose.missing.count}
              href={links.missingPurpose}
            />
          </>
        )}
      />

      <ReusedSection
        aria-labelledby="reviews"
        className="dashboard-section"
        reuseFor={fig}
        variant={"reviews"}
        render={() => (
          <>
            <h2 id="reviews">{t("dashboard.sections.reviews")}</h2>
            <div className="chart-grid">
              {chart("reviews-held")}
              <div className="stack">
                <div className="panel">
                  <h3>{t("dashboard.lists.overdue")}</h3>
                  <p className="hint">{t("dashboard.figures.overdueDef")}</p>
                  <PolicyList
                    items={fig.reviews.overdue.items.map((p) => ({
                      slug: p.slug,
                      title: p.title,
                      note: t("dashboard.lists.dueOn", {
                        date: f.date(p.nextReviewOn),
                      }),
                    }))}
                    count={pick(fig.reviews.overdue.count)}
                    href={links.overdue}
                  />
                </div>
                <div className="panel">
                  <h3>{t("dashboard.lists.orphans")}</h3>
                  <p className="hint">{t("dashboard.figures.orphansDef")}</p>
                  <PolicyList items={fig.reviews.orphans.items} count={pick(fig.reviews.orphans.count)} href={links.orphans} />
                </div>
              </div>
            </div>
          </>
        )}
      />

      <ReusedSection
        aria-labelledby="participation"
        className="dashboard-section"
        reuseFor={fig}
        variant={"participation"}
        render={() => (
          <>
            <h2 id="participation">{t("dashboard.sections.participation")}</h2>
            <div className="chart-grid">
              {chart("participation")}
              {chart("participation-by-team")}
            </div>
            <details className="chart-table">
              <summary>{t("dashboard.lists.byKind")}</summary>
              <TableScroll label={t("dashboard.lists.byKind")}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("dashboard.months")}</th>
                      {(["proposed", "voted", "commented", "reported"] as const).map((k) => (
                        <th key={k} scope="col" className="num">
                          {t(`dashboard.lists.kinds.${k}`)}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        {t("dashboard.lists.peopleTakingPart")}
                      </th>
                      <th scope="col" className="num">
                        {t("dashboard.lists.activePeople")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {fig.months.map((m, i) => (
                      <tr key={m}>
                        <th scope="row">{f.month(m)}</th>
                        {(["proposed", "voted", "commented", "reported"] as const).map((k) => (
                          <td key={k} className="num">
                            {f.integer(fig.participation.byKind[k][i])}
                          </td>
                        ))}
                        <td className="num">{f.integer(fig.participation.people[i])}</td>
                        <td className="num">{f.integer(fig.participation.active[i])}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </details>
          </>
        )}
      />

      <ReusedSection
        aria-labelledby="standards"
        className="dashboard-section"
        reuseFor={fig}
        variant={"standards"}
        render={() => (
          <>
            <h2 id="standards">{t("dashboard.sections.standards")}</h2>
            <div className="chart-grid">
              {chart("standard-health")}
              {chart("standard-health-by-team")}
              {chart("acknowledgement-by-team")}
            </div>
            <h3 id="falling">{t("dashboard.lists.falling")}</h3>
            <p className="hint">{t("dashboard.lists.fallingDef")}</p>
            {falling.items.length ? (
              <ul className="dashboard-list">
                {falling.items.map((s) => (
                  <li key={s.slug}>
                    <ListLink to={`/standards/${s.slug}`}>{s.title}</ListLink>
                    {team ? null : <span className="hint"> · {s.team}</span>}
                    <span className="badge badge-warn">
                      {t("dashboard.lists.fallingFromTo", {
                        from: score(s.previousHealth),
                        to: score(s.health),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("dashboard.none")}</p>
            )}
            <h3 id="standards-attention">{t("dashboard.lists.standards")}</h3>
            <p className="hint">{t("dashboard.lists.standardsDef")}</p>
            {fig.standards.byStandard.items.length ? (
              <TableScroll labelledBy="standards-attention">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("dashboard.standardColumn")}</th>
                      {team ? null : <th scope="col">{t("dashboard.teamColumn")}</th>}
                      <th scope="col" className="num">
                        {t("dashboard.lists.healthColumn")}
                      </th>
                      <th scope="col" className="num">
                        {t("dashboard.lists.ratingsColumn")}
                      </th>
                      <th scope="col" className="num">
                        {t("dashboard.lists.previousColumn")}
                      </th>
                      <th scope="col" className="num">
                        {t("dashboard.lists.coverageColumn")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {fig.standards.byStandard.items.map((s) => (
                      <tr key={s.slug}>
                        <td>
                          <ListLink to={`/standards/${s.slug}`}>{s.title}</ListLink>{" "}
                          <span className="hint">
                            {t("dashboard.lists.version", {
                              version: s.version,
                            })}
                          </span>
                          {s.falling ? <span className="badge badge-warn">{t("dashboard.lists.fallingBadge")}</span> : null}
                        </td>
                        {team ? null : <td>{s.team}</td>}
                        <td className="num">{score(s.health)}</td>
                        <td className="num">{f.integer(s.ratings)}</td>
                        <td className="num">{score(s.previousHealth)}</td>
                        <td className="num">
                          {pct(s.coverage)}{" "}
                          <span className="hint">
                            ({f.integer(s.acknowledged)}/{f.integer(s.members)})
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            ) : (
              <p>{t("dashboard.none")}</p>
            )}
            {fig.standards.byStandard.count > fig.standards.byStandard.items.length ? (
              <p>
                <ListLink to={links.standards}>
                  {t("dashboard.seeAll", {
                    count: fig.standards.byStandard.count,
                  })}
                </ListLink>
              </p>
            ) : null}
          </>
        )}
      />

      <ReusedSection
        aria-labelledby="pulse"
        className="dashboard-section"
        reuseFor={fig}
        variant={`pulse|${data.pulse?.open ?? ""}`}
        render={() => (
          <>
            <h2 id="pulse">{t("dashboard.sections.pulse")}</h2>
            <div className="chart-grid">
              {chart("pulse-trend")}
              {chart("pulse-week-lost")}
            </div>
            {data.pulse ? (
              <>
                <h3>
                  {t("dashboard.lists.pulseResults", {
                    title: data.pulse.title,
                  })}
                </h3>
                <p className="hint">
                  {t("dashboard.lists.pulseResultsDef")}
                  {data.pulse.open
                    ? ` ${t("dashboard.lists.pulseOpen", {
                        date: f.date(data.pulse.closesAt),
                      })}`
                    : null}
                </p>
                <TableScroll
                  label={t("dashboard.lists.pulseResults", {
                    title: data.pulse.title,
                  })}
                >
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("dashboard.teamColumn")}</th>
                        <th scope="col" className="num">
                          {t("dashboard.lists.responses")}
                        </th>
                        {PULSE_QUESTIONS.map((q) => (
                          <th key={q} scope="col" className="num">
                            {t(`dashboard.pulse.short.${q}`)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {data.pulse.groups.map((g) => (
                        <tr key={g.key}>
                          <th scope="row">{g.name}</th>
                          <td className="num">{f.integer(g.responses)}</td>
                          {g.shown && g.means ? (
                            PULSE_QUESTIONS.map((q) => (
                              <td key={q} className="num">
                                {q === "week-lost-to-process" ? f.percentPoints(g.means![q]) : f.number(g.means![q])}
                              </td>
                            ))
                          ) : (
                            <td colSpan={PULSE_QUESTIONS.length} className="hint">
                              {t("dashboard.lists.hidden")}
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              </>
            ) : (
              <p>{t("dashboard.lists.noPulse")}</p>
            )}
            <p>
              <ListLink to={links.pulse}>{t("dashboard.links.pulse")}</ListLink>
            </p>
          </>
        )}
      />
    </div>
  );
}

function PolicyList({ items, count, href }: { items: Array<{ slug: string; title: string; note?: string }>; count: number; href: string }) {
  const t = useT();
  if (!items.length) return <p>{t("dashboard.none")}</p>;
  return (
    <>
      <ul className="dashboard-list">
        {items.map((p) => (
          <li key={p.slug}>
            <ListLink to={`/policies/${p.slug}`}>{p.title}</ListLink>
            {p.note ? <span className="hint"> · {p.note}</span> : null}
          </li>
        ))}
      </ul>
      <p>
        <ListLink to={href}>{t("dashboard.seeAll", { count })}</ListLink>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
