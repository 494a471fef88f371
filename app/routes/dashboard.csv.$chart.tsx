import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestTranslator } from "~/lib/locale.server";
import { getStore } from "~/store/index.server";
import { buildCharts, chartCsv, dashboardFor, requireDashboardScope, CHART_IDS, type ChartId } from "~/lib/dashboard.server";

/**
 * A chart's numbers as CSV, for the same scope and period as the dashboard (a resource route:
 * same access rules, same figures as the picture).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const scope = await requireDashboardScope(request);
  const id = params.chart as ChartId;
  if (!(CHART_IDS as readonly string[]).includes(id)) throw new Response("No such chart.", { status: 404 });
  const t = await requestTranslator(request);
  // Every team, even where the picture shows only the teams that most need a look.
  const chart = buildCharts(dashboardFor(scope), t, scope, { allTeams: true })[id];
  if (!chart) throw new Response("This chart compares teams; it is part of the organisation's view only.", { status: 404 });
  const stamp = getStore().clock.now().toISOString().slice(0, 10);
  const name = `untangle-${id}${scope.team ? `-${scope.team.slug}` : ""}-${scope.period}m-${stamp}.csv`;
  return new Response(`\uFEFF${chartCsv(chart)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
