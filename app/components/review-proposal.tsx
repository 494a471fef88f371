import { Form, Link } from "@remix-run/react";
import { IMPLEMENTATION_STATUSES } from "~/store/vocabulary";
import type { Friction } from "~/store/schema";
import type { ProposalView, FrictionChange, DiffPart } from "~/models/proposal.server";
import { ImplementationBadge, KindBadge, ProposalStatusBadge } from "./review-badges";
import { TallyView, VoteForm, VotersList, type VoteFormResult } from "./review-vote";
import { TextArea } from "./forms";
import { useFormat, useT } from "./i18n";

const FRICTION_KEYS = ["occurrencesPerMonth", "steps", "approvals", "handoffs", "activeMinutes", "waitingMinutes"] as const satisfies ReadonlyArray<keyof Friction>;

/** The proposed text against the current one, word by word. */
export function TextDiff({ parts }: { parts: DiffPart[] }) {
  const t = useT();
  return (
    <div className="diff">
      <p className="hint">{t("reviews.proposal.diffLegend")}</p>
      <div className="diff-text">
        {parts.map((p, i) =>
          p.added ? <ins key={i}>{p.value}</ins> : p.removed ? <del key={i}>{p.value}</del> : <span key={i}>{p.value}</span>,
        )}
      </div>
    </div>
  );
}

/** Friction now and as proposed, with the customer hours it would save. */
export function FrictionChangeTable({ change, adopted = false }: { change: FrictionChange; adopted?: boolean }) {
  const t = useT();
  const format = useFormat();
  const saved = change.hoursSaved;
  return (
    <div className="friction-change">
      {adopted ? null : (
        <p className={`figure-line ${saved >= 0 ? "saves" : "adds"}`}>
          <strong>
            {saved >= 0
              ? t("reviews.friction.saves", { hours: format.hours(saved) })
              : t("reviews.friction.adds", { hours: format.hours(-saved) })}
          </strong>
        </p>
      )}
      <div className="table-wrap">
        <table className="friction-table">
          <caption className="visually-hidden">{t("reviews.friction.caption")}</caption>
          <thead>
            <tr>
              <th scope="col"><span className="visually-hidden">{t("reviews.policy.friction")}</span></th>
              <th scope="col" className="num">{adopted ? t("reviews.friction.before") : t("reviews.friction.now")}</th>
              <th scope="col" className="num">{adopted ? t("reviews.friction.after") : t("reviews.friction.proposed")}</th>
            </tr>
          </thead>
          <tbody>
            {FRICTION_KEYS.map((k) => (
              <tr key={k} className={change.before[k] !== change.after[k] ? "changed" : undefined}>
                <th scope="row">{t(`reviews.friction.${k}`)}</th>
                <td className="num">{format.number(change.before[k])}</td>
                <td className="num">{format.number(change.after[k])}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row">{t("reviews.friction.hours")}</th>
              <td className="num">{format.hours(change.hoursBefore)}</td>
              <td className="num">{format.hours(change.hoursAfter)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}

export type ProposalCardData = ProposalView & { canUpdateImplementation: boolean };

function Decision({ proposal }: { proposal: ProposalCardData }) {
  const t = useT();
  const format = useFormat();
  const d = proposal.decision;
  if (!d) return null;
  return (
    <section className={`decision decision-${d.outcome}`} aria-label={t("reviews.proposal.decision")}>
      <h4>
        {t("reviews.proposal.decision")}: <ProposalStatusBadge status={d.outcome} />
        {proposal.implementation ? <ImplementationBadge status={proposal.implementation} /> : null}
      </h4>
      <p className="rationale">{d.rationale}</p>
      <p className="hint">{t("reviews.proposal.decidedBy", { name: d.decidedByName, date: format.date(d.decidedAt) })}</p>
      {d.outcome === "adopted" && d.hoursRemoved !== 0 ? (
        <p><strong>{t("reviews.friction.removed", { hours: format.hours(d.hoursRemoved) })}</strong></p>
      ) : null}
      {proposal.revisionNumber ? (
        <p>
          <Link to={`/policies/${proposal.policy.slug}`}>{t("reviews.proposal.revision", { number: proposal.revisionNumber })}</Link>
        </p>
      ) : null}
      {d.outcome === "adopted" && proposal.kind === "remove" ? <p>{t("reviews.proposal.retiredPolicy")}</p> : null}
      {proposal.canUpdateImplementation && proposal.implementation ? (
        <Form method="post" className="implementation-form">
          <input type="hidden" name="intent" value="implementation" />
          <input type="hidden" name="proposalId" value={proposal.id} />
          <p className="hint">{t("reviews.implementation.hint")}</p>
          <div className="actions">
            <label htmlFor={`impl-${proposal.id}`}>{t("reviews.implementation.label")}</label>
            <select id={`impl-${proposal.id}`} name="status" defaultValue={proposal.implementation}>
              {IMPLEMENTATION_STATUSES.map((s) => (
                <option key={s} value={s}>{t(`reviews.implementation.${s}`)}</option>
              ))}
            </select>
            <button type="submit" className="button small">{t("reviews.implementation.update")}</button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

/** One proposal on the review page: what, why, the change, the votes, the discussion. */
export function ProposalCard({
  reviewId,
  proposal,
  result,
}: {
  reviewId: string;
  proposal: ProposalCardData;
  result?: VoteFormResult | null;
}) {
  const t = useT();
  const format = useFormat();
  const p = proposal;
  const titleId = `proposal-${p.id}-title`;
  const commentResult = result?.intent === "comment" && result.proposalId === p.id && !result.ok ? result : null;
  const votes = p.votes;
  return (
    <article id={`proposal-${p.id}`} className={`card proposal proposal-${p.status}`} aria-labelledby={titleId}>
      <header className="proposal-head">
        <h3 id={titleId}>{p.title}</h3>
        <p className="proposal-meta">
          <KindBadge kind={p.kind} /> <ProposalStatusBadge status={p.status} />{" "}
          {t("reviews.proposal.forPolicy")}{" "}
          <Link to={`/policies/${p.policy.slug}`}>{p.policy.title}</Link> · {t("reviews.proposal.by", { name: p.author })} ·{" "}
          {t("reviews.proposal.submitted", { date: format.date(p.createdAt) })}
          {p.version > 1 ? (
            <>
              {" "}· {t("reviews.proposal.version", { number: p.version })} ({t("reviews.proposal.edited", { date: format.date(p.updatedAt) })})
            </>
          ) : null}
        </p>
      </header>

      <div className="markdown" lang="" dangerouslySetInnerHTML={{ __html: p.reasoningHtml }} />

      {p.diff ? (
        <details className="proposal-text" open={p.status === "open"}>
          <summary>{t("reviews.proposal.newText")}</summary>
          <TextDiff parts={p.diff} />
        </details>
      ) : null}
      {p.friction ? <FrictionChangeTable change={p.friction} adopted={p.status === "adopted"} /> : null}

      {p.versions.length ? (
        <details className="proposal-versions">
          <summary>{t("reviews.proposal.versions")}</summary>
          <ol reversed>
            {p.versions.map((v) => (
              <li key={v.number}>
                {t("reviews.proposal.version", { number: v.number })}: {v.title} ({format.dateTime(v.at)})
              </li>
            ))}
          </ol>
        </details>
      ) : null}

      <Decision proposal={p} />

      {p.status !== "withdrawn" ? (
        <section className="proposal-votes" aria-labelledby={`${titleId}-votes`}>
          <h4 id={`${titleId}-votes`}>{t("reviews.vote.tally")}</h4>
          {votes.hidden ? (
            <p className="hint">{t("reviews.vote.hidden", { count: votes.count })}</p>
          ) : votes.tally ? (
            <>
              <TallyView tally={votes.tally} />
              <VotersList voters={votes.voters ?? []} more={votes.votersMore} />
            </>
          ) : null}
          {votes.myVote && !p.can.vote ? (
            <p>
              {t("reviews.vote.yours", { position: t(`reviews.positions.${votes.myVote.position}`) })}
              {votes.myVote.reason ? <> {t("reviews.vote.yoursReason", { reason: votes.myVote.reason })}</> : null}
            </p>
          ) : null}
          {p.can.vote ? (
            <>
              {votes.myVote ? (
                <p className="my-vote">
                  {t("reviews.vote.yours", { position: t(`reviews.positions.${votes.myVote.position}`) })}
                </p>
              ) : null}
              <VoteForm proposalId={p.id} myVote={votes.myVote} serverResult={result} />
            </>
          ) : p.status === "open" ? (
            <p className="hint">{t("reviews.vote.closed")}</p>
          ) : null}
        </section>
      ) : null}

      <section className="proposal-comments" aria-labelledby={`${titleId}-comments`}>
        <h4 id={`${titleId}-comments`}>{t("reviews.comments.title")}</h4>
        {p.comments.length ? (
          <ul className="comments" role="list">
            {p.comments.map((c) => (
              <li key={c.id} className="comment">
                <p className="comment-meta">
                  <strong>{c.author}</strong> · <time dateTime={c.at}>{format.dateTime(c.at)}</time>
                </p>
                <div className="markdown" lang="" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">{t("reviews.comments.none")}</p>
        )}
        {p.can.comment ? (
          <Form method="post" className="comment-form" preventScrollReset>
            <input type="hidden" name="intent" value="comment" />
            <input type="hidden" name="proposalId" value={p.id} />
            <TextArea
              label={t("reviews.comments.label")}
              name="body"
              rows={2}
              hint={t("reviews.comments.hint")}
              errors={commentResult?.errors?.body}
              defaultValue={typeof commentResult?.values?.body === "string" ? commentResult.values.body : ""}
            />
            <button type="submit" className="button small">{t("reviews.comments.submit")}</button>
          </Form>
        ) : (
          <p className="hint">{t("reviews.comments.ended")}</p>
        )}
      </section>

      {p.can.edit || p.can.withdraw ? (
        <div className="actions proposal-actions">
          {p.can.edit ? (
            <Link to={`/reviews/${reviewId}/proposals/${p.id}/edit`} className="button small">
              {t("reviews.proposal.edit")} <span className="visually-hidden">{p.title}</span>
            </Link>
          ) : null}
          {p.can.withdraw ? (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <input type="hidden" name="proposalId" value={p.id} />
              <button type="submit" className="button small danger">
                {t("reviews.proposal.withdraw")} <span className="visually-hidden">{p.title}</span>
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
