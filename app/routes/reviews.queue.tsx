import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFormat, useT } from "~/components/i18n";
import { Pagination } from "~/components/pagination";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { reviewQueue } from "~/models/review.server";
import { QUEUE_WEIGHTS } from "~/models/review-rules";
import { listTeams } from "~/models/team.server";
import { pageTitle } from "~/components/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("reviews.queue.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const url = new URL(request.url);
  const teams = (await listTeams()).map((t) => ({ id: t.id, name: t.name }));
  // A manager starts on their own team; "All teams" (an empty choice) shows everyone's.
  const teamParam = url.searchParams.has("team") ? url.searchParams.get("team") : user.role === "manager" ? user.teamId : null;
  const teamId = teamParam && teams.some((t) => t.id === teamParam) ? teamParam : null;
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1;
  const queue = await reviewQueue({ actor: user, teamId, page });
  return pageData({ ...queue, teams, teamId });
}

export default function ReviewQueue() {
  const t = useT();
  const format = useFormat();
  const { rows, teams, teamId, page, pages, total } = useLoaderData<typeof loader>();
  const w = QUEUE_WEIGHTS;
  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t("reviews.queue.title")}</h1>
        <Link to="/reviews" className="button">{t("reviews.title")}</Link>
      </div>
      <p className="lead">{t("reviews.queue.intro")}</p>
      <details className="panel queue-how">
        <summary>{t("reviews.queue.howTitle")}</summary>
        <ul>
          <li>{t("reviews.queue.howHours", { cap: w.hoursCap })}</li>
          <li>{t("reviews.queue.howReports", { days: w.reportWindowDays, per: w.pointsPerEffort })}</li>
          <li>{t("reviews.queue.howOverdue", { base: w.overdueBase, per: w.overduePerMonth, cap: w.overdueCap })}</li>
          <li>{t("reviews.queue.howPurpose", { points: w.missingPurpose })}</li>
        </ul>
      </details>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="queue-team">{t("reviews.queue.team")}</label>
          <select id="queue-team" name="team" defaultValue={teamId ?? ""}>
            <option value="">{t("reviews.queue.allTeams")}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>{team.name}</option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" className="button">{t("reviews.queue.filter")}</button>
        </div>
      </Form>
      {total === 0 ? (
        <p className="hint">{t("reviews.queue.empty")}</p>
      ) : (
        <TableScroll labelledBy="queue-title">
          <table className="queue-table">
            <thead>
              <tr>
                <th scope="col" className="num">{t("reviews.queue.rank")}</th>
                <th scope="col">{t("reviews.queue.policy")}</th>
                <th scope="col" className="num">{t("reviews.queue.score")}</th>
                <th scope="col">{t("reviews.queue.hours")}</th>
                <th scope="col">{t("reviews.queue.reports")}</th>
                <th scope="col">{t("reviews.queue.overdue")}</th>
                <th scope="col">{t("reviews.queue.purpose")}</th>
                <th scope="col"><span className="visually-hidden">{t("reviews.queue.action")}</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.policyId}>
                  <td className="num">{r.rank}</td>
                  <td>
                    <Link to={`/policies/${r.slug}`}>{r.title}</Link>
                    <div className="hint">{r.team}</div>
                  </td>
                  <td className="num"><strong className="score">{format.integer(r.score)}</strong></td>
                  <td>
                    {t("reviews.queue.hoursValue", { hours: format.number(r.parts.hours.value) })}
                    <div className="points">{t("reviews.queue.points", { points: r.parts.hours.points })}</div>
                  </td>
                  <td>
                    {t("reviews.queue.reportsValue", { count: r.parts.reports.count, effort: r.parts.reports.effort })}
                    <div className="points">{t("reviews.queue.points", { points: r.parts.reports.points })}</div>
                  </td>
                  <td>
                    {r.parts.overdue.monthsOverdue === null
                      ? t("reviews.queue.notOverdue")
                      : t("reviews.queue.overdueValue", { months: r.parts.overdue.monthsOverdue })}
                    <div className="points">{t("reviews.queue.points", { points: r.parts.overdue.points })}</div>
                  </td>
                  <td>
                    {r.parts.purpose.missing ? (
                      <span className="badge badge-danger">{t("reviews.queue.missing")}</span>
                    ) : (
                      t("reviews.queue.stated")
                    )}
                    <div className="points">{t("reviews.queue.points", { points: r.parts.purpose.points })}</div>
                  </td>
                  <td>
                    {r.canOpen ? (
                      <Link to={`/reviews/new?policy=${encodeURIComponent(r.slug)}`} className="button small">
                        {t("reviews.queue.open")}
                        <span className="visually-hidden">: {r.title}</span>
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
