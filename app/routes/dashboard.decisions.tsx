import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { useChartFormat } from "~/components/charts/use-chart-format";
import { pageTitle } from "~/components/meta";
import { requireDashboardScope } from "~/lib/dashboard.server";
import { pageData } from "~/lib/page-data.server";
import { decisionsBehind } from "~/models/metrics.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("dashboard.decisions.heading")]);

/** The decisions the "days to a decision" card counts, for the same scope and period. */
export async function loader({ request }: LoaderFunctionArgs) {
  const scope = await requireDashboardScope(request);
  const behind = decisionsBehind({ period: scope.period, teamId: scope.team?.id ?? null });
  return pageData({
    period: scope.period,
    team: scope.team ? scope.team.name : null,
    back: `/dashboard${scope.search}`,
    median: behind.median,
    n: behind.n,
    items: behind.items,
  });
}

export default function DashboardDecisions() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useChartFormat();
  const days = (n: number) => Math.round(n * 10) / 10;
  return (
    <div className="dashboard">
      <h1>{t("dashboard.decisions.heading")}</h1>
      <p className="lead">{t("dashboard.decisions.lead", { months: data.period, team: data.team ?? "none" })}</p>
      <p role="status" id="decisions-summary">
        {t("dashboard.decisions.summary", { count: data.n, days: data.median ?? 0 })}
      </p>
      {data.items.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.decisions.proposal")}</th>
                <th scope="col">{t("dashboard.decisions.policy")}</th>
                {data.team ? null : <th scope="col">{t("dashboard.decisions.team")}</th>}
                <th scope="col">{t("dashboard.decisions.outcome")}</th>
                <th scope="col">{t("dashboard.decisions.submitted")}</th>
                <th scope="col">{t("dashboard.decisions.decided")}</th>
                <th scope="col" className="num">
                  {t("dashboard.decisions.days")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.proposalId}>
                  <td>
                    <Link to={`/reviews/${d.reviewId}#proposal-${d.proposalId}`} lang="">
                      {d.title}
                    </Link>
                  </td>
                  <td lang="">{d.policyTitle}</td>
                  {data.team ? null : <td lang="">{d.team}</td>}
                  <td>{d.outcome ? t(`reviews.proposalStatus.${d.outcome}`) : ""}</td>
                  <td>{d.submittedAt ? f.date(d.submittedAt) : ""}</td>
                  <td>{d.decidedAt ? f.date(d.decidedAt) : ""}</td>
                  <td className="num">{f.number(days(d.days))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <Link to={data.back}>{t("dashboard.decisions.back")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
