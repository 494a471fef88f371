import { Form, Link } from "@remix-run/react";
import { IMPLEMENTATION_STATUSES } from "~/store/vocabulary";
import type { Friction } from "~/store/schema";
import type { ProposalView, FrictionChange, DiffPart, FieldChanges } from "~/models/proposal.server";
import type { ImplementationView } from "~/models/review.server";
import { DiffText, FieldTable } from "./policy-diff";
import { ImplementationBadge, KindBadge, ProposalStatusBadge } from "./review-badges";
import { TallyView, VoteForm, VotersList, type VoteFormResult } from "./review-vote";
import { Field, Select, SubmissionKey, TextArea, typed } from "./forms";
import { useFormat, useT } from "./i18n";
import { TableScroll } from "./table-scroll";

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
      <TableScroll label={t("reviews.friction.caption")}>
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
      </TableScroll>
    </div>
  );
}

/** The policy's title, summary, purpose, tags, audience and review cycle: now and as proposed. */
export function FieldChangesView({ changes, adopted = false }: { changes: FieldChanges; adopted?: boolean }) {
  const t = useT();
  const labels = adopted
    ? { before: t("reviews.friction.before"), after: t("reviews.friction.after") }
    : { before: t("reviews.friction.now"), after: t("reviews.friction.proposed") };
  return (
    <section className="proposal-fields">
      <h4>{t("reviews.proposal.otherChanges")}</h4>
      {changes.text.map((d) => (
        <div key={d.field} className="text-diff changed">
          <h5>{t(`policies.history.textFields.${d.field}`)}</h5>
          <DiffText parts={d.parts} />
        </div>
      ))}
      {changes.fields.length ? <FieldTable rows={changes.fields} labels={labels} /> : null}
    </section>
  );
}

export type ProposalCardData = ProposalView & {
  tracking: ImplementationView | null;
  canUpdateImplementation: boolean;
  implementationOwners: Array<{ id: string; name: string }>;
};

/** An adopted change's implementation: status, owner, due date, overdue; editable by those who keep it. */
function Implementation({ proposal, result }: { proposal: ProposalCardData; result?: VoteFormResult | null }) {
  const t = useT();
  const format = useFormat();
  const tracking = proposal.tracking;
  if (!tracking) return null;
  const failed = result && !result.ok && result.intent === "implementation" && result.proposalId === proposal.id ? result : null;
  return (
    <div className="implementation">
      <p>
        <ImplementationBadge status={tracking.status} />{" "}
        {tracking.overdue ? <span className="badge badge-danger">{t("reviews.implementation.overdue")}</span> : null}{" "}
        {t("reviews.implementation.ownedBy", { name: tracking.owner })} ·{" "}
        {tracking.dueOn ? t("reviews.implementation.dueOn", { date: format.date(tracking.dueOn) }) : t("reviews.implementation.noDue")}
      </p>
      {proposal.canUpdateImplementation ? (
        <Form method="post" className="implementation-form" preventScrollReset>
          <input type="hidden" name="intent" value="implementation" />
          <input type="hidden" name="proposalId" value={proposal.id} />
          <p className="hint">{t("reviews.implementation.hint")}</p>
          <div className="form-row">
            <Select
              label={t("reviews.implementation.status")}
              name="status"
              defaultValue={tracking.status}
              errors={failed?.errors?.status}
              options={IMPLEMENTATION_STATUSES.map((s) => ({ value: s, label: t(`reviews.implementation.${s}`) }))}
            />
            <Select
              label={t("reviews.implementation.owner")}
              name="ownerId"
              defaultValue={tracking.ownerId}
              errors={failed?.errors?.ownerId}
              options={proposal.implementationOwners.map((o) => ({ value: o.id, label: o.name }))}
            />
            <Field
              label={t("reviews.implementation.due")}
              name="dueOn"
              type="date"
              defaultValue={typed(failed?.values, "dueOn", tracking.dueOn)}
              errors={failed?.errors?.dueOn}
            />
          </div>
          <button type="submit" className="button small">
            {t("reviews.implementation.update")} <span className="visually-hidden">{proposal.title}</span>
          </button>
        </Form>
      ) : null}
    </div>
  );
}

function Decision({ proposal, result }: { proposal: ProposalCardData; result?: VoteFormResult | null }) {
  const t = useT();
  const format = useFormat();
  const d = proposal.decision;
  if (!d) return null;
  return (
    <section className={`decision decision-${d.outcome}`} aria-label={t("reviews.proposal.decision")}>
      <h4>
        {t("reviews.proposal.decision")}: <ProposalStatusBadge status={d.outcome} />
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
      <Implementation proposal={proposal} result={result} />
    </section>
  );
}

/** One proposal on the review page: what, why, the change, the votes, the discussion. */
export function ProposalCard({
  reviewId,
  proposal,
  result,
  submissionKey,
}: {
  reviewId: string;
  proposal: ProposalCardData;
  result?: VoteFormResult | null;
  /** The page's key for new comments (a new one after each success, which empties the form). */
  submissionKey?: string;
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
      {p.fieldChanges ? <FieldChangesView changes={p.fieldChanges} adopted={p.status === "adopted"} /> : null}
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

      <Decision proposal={p} result={result} />

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
          <Form method="post" className="comment-form" preventScrollReset key={submissionKey}>
            <input type="hidden" name="intent" value="comment" />
            {submissionKey ? <SubmissionKey value={submissionKey} /> : null}
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
