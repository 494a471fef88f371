import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { ReviewStatusBadge } from "~/components/review-badges";
import { PolicyInScopeCard } from "~/components/review-policy";
import { ProposalCard } from "~/components/review-proposal";
import type { VoteFormResult } from "~/components/review-vote";
import { requestTranslator } from "~/lib/locale.server";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { addComment, withdrawProposal } from "~/models/proposal.server";
import { getReviewPage, requireProposalInReview, updateImplementation } from "~/models/review.server";
import { NotFoundError } from "~/models/errors";
import { newSubmissionKey } from "~/models/submission.server";
import { castVote } from "~/models/vote.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => [data?.review.title, t("reviews.title")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  try {
    // A new submission key each time the page is shown: a comment sent twice is stored once.
    return pageData({ ...(await getReviewPage({ actor: user, reviewId: params.id ?? "" })), submissionKey: newSubmissionKey() });
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Review not found", { status: 404 });
    throw error;
  }
}

const INTENTS = ["vote", "comment", "withdraw", "implementation"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const reviewId = params.id ?? "";
  const intent = String(formData.get("intent") ?? "");
  const proposalId = String(formData.get("proposalId") ?? "");
  if (!(INTENTS as readonly string[]).includes(intent)) throw new Response("Unknown action", { status: 400 });
  const t = await requestTranslator(request);
  const back = `/reviews/${reviewId}#proposal-${proposalId}`;
  try {
    requireProposalInReview(reviewId, proposalId);
    switch (intent) {
      case "vote": {
        await castVote({ actor: user, proposalId, input: formInput(formData) });
        // In place for the fetcher; back to the page (with a notice) for a plain form.
        if (formData.get("via") === "fetcher") return json({ ok: true as const, intent, proposalId });
        return redirectWithNotice(back, t("reviews.vote.counted"));
      }
      case "comment":
        await addComment({ actor: user, proposalId, input: formInput(formData) });
        return redirectWithNotice(back, t("reviews.comments.added"));
      case "withdraw":
        await withdrawProposal({ actor: user, proposalId });
        return redirectWithNotice(back, t("reviews.proposal.withdrawn"));
      default:
        await updateImplementation({ actor: user, proposalId, input: formInput(formData) });
        return redirectWithNotice(back, t("reviews.implementation.updated"));
    }
  } catch (error) {
    return failure(error, formData);
  }
}

export default function ReviewPage() {
  const t = useT();
  const format = useFormat();
  const { review, policies, proposals, summary, can, submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result: VoteFormResult | null = actionData
    ? {
        ...actionData,
        intent: "intent" in actionData ? actionData.intent : String(actionData.values?.intent ?? ""),
        proposalId: "proposalId" in actionData ? actionData.proposalId : String(actionData.values?.proposalId ?? ""),
      }
    : null;
  const pageError = result && !result.ok && result.intent !== "vote" && result.intent !== "comment" ? result.formError : null;
  return (
    <article aria-labelledby="review-title" className="review-page">
      <div className="page-head">
        <h1 id="review-title" lang="">{review.title}</h1>
        <div className="actions">
          {can.propose ? (
            <Link to={`/reviews/${review.id}/propose`} className="button primary">{t("reviews.page.propose")}</Link>
          ) : null}
          {can.close ? (
            <Link to={`/reviews/${review.id}/close`} className="button">{t("reviews.page.close")}</Link>
          ) : null}
        </div>
      </div>
      <FormAlert message={pageError} />
      <p>
        <ReviewStatusBadge status={review.status} votingOpen={review.votingOpen} closing={review.closing} />
        {review.hideTallies && review.status === "open" ? <span className="badge badge-muted">{t("reviews.status.hiddenTallies")}</span> : null}
      </p>
      <dl className="facts">
        <dt>{t("reviews.page.owner")}</dt>
        <dd>{review.owner}</dd>
        <dt>{t("reviews.page.opened")}</dt>
        <dd>{format.date(review.openedAt)}</dd>
        <dt>{t("reviews.page.deadline")}</dt>
        <dd>
          {review.closedEarly
            ? t("reviews.page.deadlineClosedEarly", { date: format.dateTime(review.deadline) })
            : format.dateTime(review.deadline)}
        </dd>
        {review.closedAt ? (
          <>
            <dt>{t("reviews.page.closed")}</dt>
            <dd>
              <time dateTime={review.closedAt}>{format.dateTime(review.closedAt)}</time>
            </dd>
          </>
        ) : null}
        <dt>{t("reviews.page.tallies")}</dt>
        <dd>
          {review.status === "closed"
            ? t("reviews.page.talliesShownClosed")
            : review.talliesHidden
              ? t("reviews.page.talliesHidden")
              : t("reviews.page.talliesShown")}
        </dd>
      </dl>
      {review.status === "open" && !review.votingOpen && !review.closing ? (
        <p className="alert alert-info">{t("reviews.page.votingClosedNote")}</p>
      ) : null}

      {review.status === "closed" ? (
        <section className="panel review-outcome" aria-labelledby="outcome-title">
          <h2 id="outcome-title">{t("reviews.page.summary")}</h2>
          <p>
            {t("reviews.page.summaryText", { adopted: summary.adopted, rejected: summary.rejected, deferred: summary.deferred })}{" "}
            <strong>{t("reviews.page.hoursRemoved", { hours: format.number(summary.hoursRemoved) })}</strong>
          </p>
        </section>
      ) : null}

      {review.descriptionHtml ? (
        <section aria-labelledby="description-title">
          <h2 id="description-title">{t("reviews.page.description")}</h2>
          <div className="markdown" lang="" dangerouslySetInnerHTML={{ __html: review.descriptionHtml }} />
        </section>
      ) : null}

      <section aria-labelledby="scope-title">
        <h2 id="scope-title">{t("reviews.page.policies")}</h2>
        <div className="grid review-scope">
          {policies.map((p) => (
            <PolicyInScopeCard
              key={p.id}
              policy={p}
              proposeHref={can.propose && p.status !== "retired" ? `/reviews/${review.id}/propose?policy=${encodeURIComponent(p.id)}` : null}
            />
          ))}
        </div>
      </section>

      <section aria-labelledby="proposals-title">
        <h2 id="proposals-title">{t("reviews.page.proposals")}</h2>
        {proposals.length === 0 ? <p className="hint">{t("reviews.page.noProposals")}</p> : null}
        <div className="proposals">
          {proposals.map((p) => (
            <ProposalCard key={p.id} reviewId={review.id} proposal={p} result={result} submissionKey={submissionKey} />
          ))}
        </div>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  const t = useT();
  return <GeneralErrorBoundary statusHandlers={{ 404: () => t("reviews.errors.reviewNotFound") }} />;
}
