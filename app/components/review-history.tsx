import { Link } from "@remix-run/react";
import type { ReviewHistoryEntry } from "~/models/review.server";
import { ImplementationBadge, KindBadge, ProposalStatusBadge } from "./review-badges";
import { useFormat, useT } from "./i18n";

/**
 * A policy's review history: each review, what was proposed, what was decided and why, and what
 * it removed from the friction load. Feed it `reviewHistoryForPolicy(policy.id)` from a loader.
 */
export function ReviewHistory({ history, headingLevel = 2 }: { history: ReviewHistoryEntry[]; headingLevel?: 2 | 3 }) {
  const t = useT();
  const format = useFormat();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  return (
    <section className="review-history" aria-labelledby="review-history-title">
      <Heading id="review-history-title">{t("reviews.history.title")}</Heading>
      {history.length === 0 ? <p className="hint">{t("reviews.history.none")}</p> : null}
      <ol className="review-history-list" role="list">
        {history.map(({ review, proposals }) => (
          <li key={review.id} className="card">
            <Sub>
              <Link to={`/reviews/${review.id}`}>{review.title}</Link>
            </Sub>
            <p className="hint">
              {t("reviews.history.openedBy", { name: review.owner, date: format.date(review.openedAt) })} ·{" "}
              {review.closedAt
                ? t("reviews.history.closedOn", { date: format.date(review.closedAt) })
                : t("reviews.history.stillOpen", { date: format.date(review.deadline) })}
            </p>
            {proposals.length === 0 ? <p className="hint">{t("reviews.history.noProposals")}</p> : null}
            <ul className="history-proposals" role="list">
              {proposals.map((p) => (
                <li key={p.id}>
                  <p>
                    <KindBadge kind={p.kind} /> <ProposalStatusBadge status={p.status} /> <strong>{p.title}</strong>{" "}
                    <span className="hint">{t("reviews.proposal.by", { name: p.author })}</span>
                  </p>
                  {p.tally && p.tally.total > 0 ? <p className="hint">{t("reviews.history.tally", { ...p.tally })}</p> : null}
                  {p.decision ? (
                    <div className="history-decision">
                      <p className="rationale">{p.decision.rationale}</p>
                      <p className="hint">
                        {t("reviews.proposal.decidedBy", { name: p.decision.decidedBy, date: format.date(p.decision.decidedAt) })}
                        {p.decision.outcome === "adopted" && p.decision.hoursRemoved !== 0 ? (
                          <> · <strong>{t("reviews.friction.removed", { hours: format.hours(p.decision.hoursRemoved) })}</strong></>
                        ) : null}
                        {p.revisionNumber ? <> · {t("reviews.proposal.revision", { number: p.revisionNumber })}</> : null}
                      </p>
                      {p.implementation ? <ImplementationBadge status={p.implementation} /> : null}
                      {p.implementationOverdue ? <> <span className="badge badge-danger">{t("reviews.implementation.overdue")}</span></> : null}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
