import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFormat, useT } from "~/components/i18n";
import { Pagination } from "~/components/pagination";
import { ReviewStatusBadge } from "~/components/review-badges";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { hasRole } from "~/models/actor";
import { listReviews, type ReviewListRow } from "~/models/review.server";
import { pageTitle } from "~/components/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("reviews.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const view = url.searchParams.get("view") === "needs-vote" ? "needs-vote" : "all";
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1;
  const result = await listReviews({ actor: user, view, page });
  return pageData({ ...result, view, canOpen: hasRole(user, "manager") });
}

function PolicyLinks({ row }: { row: Pick<ReviewListRow, "policies" | "morePolicies"> }) {
  const t = useT();
  return (
    <>
      {row.policies.map((p, i) => (
        <span key={p.slug}>
          {i > 0 ? ", " : null}
          <Link to={`/policies/${p.slug}`}>{p.title}</Link>
        </span>
      ))}
      {row.morePolicies ? <> {t("reviews.list.morePolicies", { count: row.morePolicies })}</> : null}
    </>
  );
}

function MyVotes({ row }: { row: ReviewListRow }) {
  const t = useT();
  if (row.openProposals === 0) return <span className="badge badge-muted">{t("reviews.list.noProposalsYet")}</span>;
  if (row.myVotes === row.openProposals) return <span className="badge badge-ok">{t("reviews.list.myVotesAll")}</span>;
  if (row.myVotes === 0) return <span className={row.votingOpen ? "badge badge-warn" : "badge badge-muted"}>{t("reviews.list.myVotesNone")}</span>;
  return <span className="badge badge-info">{t("reviews.list.myVotesSome", { mine: row.myVotes, total: row.openProposals })}</span>;
}

export default function Reviews() {
  const t = useT();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="reviews-title">
      <div className="page-head">
        <h1 id="reviews-title">{t("reviews.title")}</h1>
        {data.canOpen ? (
          <div className="actions">
            <Link to="/reviews/queue" className="button">{t("reviews.queueLink")}</Link>
            <Link to="/reviews/new" className="button primary">{t("reviews.openReview")}</Link>
          </div>
        ) : null}
      </div>
      <p className="lead">{t("reviews.lead")}</p>

      <nav aria-label={t("reviews.tabs.label")} className="sub-nav">
        <ul role="list">
          <li>
            <Link to="/reviews" className={data.view === "all" ? "active" : ""} aria-current={data.view === "all" ? "page" : undefined}>
              {t("reviews.tabs.all")}
            </Link>
          </li>
          <li>
            <Link
              to="/reviews?view=needs-vote"
              className={data.view === "needs-vote" ? "active" : ""}
              aria-current={data.view === "needs-vote" ? "page" : undefined}
            >
              {t("reviews.tabs.needsVoteCount", { count: data.needsVoteCount })}
            </Link>
          </li>
        </ul>
      </nav>

      <h2>{data.view === "needs-vote" ? t("reviews.tabs.needsVote") : t("reviews.list.open")}</h2>
      {data.open.length === 0 ? (
        <p className="hint">{data.view === "needs-vote" ? t("reviews.list.noNeedsVote") : t("reviews.list.noOpen")}</p>
      ) : (
        <ul className="grid review-cards" role="list">
          {data.open.map((r) => (
            <li key={r.id} className="card review-card">
              <h3>
                <Link to={`/reviews/${r.id}`}>{r.title}</Link>
              </h3>
              <p>
                <ReviewStatusBadge status={r.status} votingOpen={r.votingOpen} />
                {r.hideTallies ? <span className="badge badge-muted">{t("reviews.status.hiddenTallies")}</span> : null}
              </p>
              <p className={r.votingOpen ? "deadline" : "deadline passed"}>
                <strong>
                  {r.votingOpen
                    ? t("reviews.list.deadline", { date: format.dateTime(r.deadline) })
                    : t("reviews.list.deadlinePassed", { date: format.dateTime(r.deadline) })}
                </strong>
              </p>
              <p>
                <span className="hint">{t("reviews.list.policies")}: </span>
                <PolicyLinks row={r} />
              </p>
              <p>{t("reviews.list.counts", { proposals: r.summary.proposals, votes: r.votes })}</p>
              <p><MyVotes row={r} /></p>
            </li>
          ))}
        </ul>
      )}

      {data.view === "all" ? (
        <>
          <h2>{t("reviews.list.closed")}</h2>
          {data.closed.length === 0 ? (
            <p className="hint">{t("reviews.list.noClosed")}</p>
          ) : (
            <TableScroll label={t("reviews.list.closed")}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("reviews.list.review")}</th>
                    <th scope="col">{t("reviews.list.policies")}</th>
                    <th scope="col">{t("reviews.list.closedColumn")}</th>
                    <th scope="col">{t("reviews.list.outcomes")}</th>
                    <th scope="col" className="num">{t("reviews.list.hoursRemoved")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.closed.map((r) => (
                    <tr key={r.id}>
                      <td><Link to={`/reviews/${r.id}`}>{r.title}</Link></td>
                      <td><PolicyLinks row={r} /></td>
                      <td>{format.date(r.closedAt)}</td>
                      <td>
                        {t("reviews.list.outcomeSummary", {
                          adopted: r.summary.adopted,
                          rejected: r.summary.rejected,
                          deferred: r.summary.deferred,
                        })}
                      </td>
                      <td className="num">{format.hours(r.summary.hoursRemoved)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <Pagination page={data.page} pages={data.pages} />
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
