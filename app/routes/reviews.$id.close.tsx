import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormAlert, TextArea, typed } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { KindBadge } from "~/components/review-badges";
import { TallyView } from "~/components/review-vote";
import { requestTranslator } from "~/lib/locale.server";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { canCloseReview, closeReview, getReviewHeader, getReviewPage } from "~/models/review.server";
import { DECISION_OUTCOMES } from "~/store/vocabulary";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => [t("reviews.close.title"), data?.review.title]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  try {
    const header = await getReviewHeader(params.id ?? "");
    if (!canCloseReview(user, header)) throw new Response("Only the review's owner or an admin can close it.", { status: 403 });
    const page = await getReviewPage({ actor: user, reviewId: header.id, reveal: true });
    return pageData({
      review: { id: page.review.id, title: page.review.title, status: page.review.status },
      open: page.proposals
        .filter((p) => p.status === "open")
        .map((p) => ({
          id: p.id,
          title: p.title,
          kind: p.kind,
          author: p.author,
          policy: p.policy,
          tally: p.votes.tally,
          blocks: (p.votes.voters ?? []).filter((v) => v.position === "block").map((v) => ({ name: v.name, reason: v.reason })),
          hoursSaved: p.kind === "remove" ? null : (p.friction?.hoursSaved ?? null),
          removesPolicy: p.kind === "remove",
        })),
      withdrawn: page.proposals.filter((p) => p.status === "withdrawn").map((p) => ({ id: p.id, title: p.title })),
      policyHours: Object.fromEntries(page.policies.map((p) => [p.id, p.hours])),
    });
  } catch (error) {
    if (error instanceof Response) throw error;
    throw failure(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const reviewId = params.id ?? "";
  // outcome.<proposalId> and rationale.<proposalId>, one pair per open proposal.
  const decisions: Record<string, { outcome?: string; rationale?: string }> = {};
  for (const [key, value] of formData) {
    const match = /^(outcome|rationale)\.(.+)$/.exec(key);
    if (!match || typeof value !== "string") continue;
    (decisions[match[2]] ??= {})[match[1] as "outcome" | "rationale"] = value;
  }
  try {
    await closeReview({ actor: user, reviewId, decisions });
    const t = await requestTranslator(request);
    return redirectWithNotice(`/reviews/${reviewId}`, t("reviews.close.closed"));
  } catch (error) {
    return failure(error, formData);
  }
}

function DecisionFieldset({
  proposal,
  values,
  errors,
  policyHours,
}: {
  proposal: ReturnType<typeof useLoaderData<typeof loader>>["open"][number];
  values: Record<string, string | string[]> | undefined;
  errors: Record<string, string[]> | undefined;
  policyHours: Record<string, number>;
}) {
  const t = useT();
  const format = useFormat();
  const id = useId();
  const outcomeKey = `outcome.${proposal.id}`;
  const rationaleKey = `rationale.${proposal.id}`;
  const chosen = typed(values, outcomeKey);
  const saves = proposal.removesPolicy ? (policyHours[proposal.policy.id] ?? 0) : proposal.hoursSaved;
  return (
    <fieldset className="card decide" aria-describedby={errors?.[outcomeKey]?.length ? `${id}-error` : undefined}>
      <legend>
        <KindBadge kind={proposal.kind} /> {proposal.title}
      </legend>
      <p className="hint">
        {t("reviews.proposal.forPolicy")} <Link to={`/policies/${proposal.policy.slug}`}>{proposal.policy.title}</Link> ·{" "}
        {t("reviews.proposal.by", { name: proposal.author })}
      </p>
      {proposal.tally ? <TallyView tally={proposal.tally} /> : null}
      {proposal.blocks.length ? (
        <div className="alert alert-error blocks">
          <p><strong>{t("reviews.close.blocks")}</strong> — {t("reviews.close.blockedHint")}</p>
          <ul>
            {proposal.blocks.map((b, i) => (
              <li key={i}>
                <strong>{b.name}</strong>: {b.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {saves ? <p>{t("reviews.close.wouldSave", { hours: format.number(saves) })}</p> : null}
      <div className="outcome-options" role="radiogroup" aria-label={t("reviews.close.outcome")}>
        {DECISION_OUTCOMES.map((o) => (
          <label key={o} className="checkbox">
            <input type="radio" name={outcomeKey} value={o} defaultChecked={chosen === o} /> {t(`reviews.outcomes.${o}`)}
          </label>
        ))}
      </div>
      <ErrorList id={`${id}-error`} errors={errors?.[outcomeKey]} />
      <TextArea
        label={t("reviews.close.rationale")}
        hint={proposal.blocks.length ? t("reviews.close.blockedHint") : t("reviews.close.rationaleHint")}
        name={rationaleKey}
        rows={3}
        defaultValue={typed(values, rationaleKey)}
        errors={errors?.[rationaleKey]}
      />
    </fieldset>
  );
}

export default function CloseReview() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { review } = data;
  return (
    <section aria-labelledby="close-title" className="narrow">
      <p>
        <Link to={`/reviews/${review.id}`}>← {review.title}</Link>
      </p>
      <h1 id="close-title">{t("reviews.close.title")}</h1>
      {review.status === "closed" ? (
        <p className="alert alert-info">{t("reviews.close.closed")}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <p className="lead">{t("reviews.close.intro")}</p>
          <p className="hint">{t("reviews.close.revealed")}</p>
          <FormAlert message={result ? (result.formError ?? t("shell.form.fixErrors")) : null} />
          {data.open.length === 0 ? <p>{t("reviews.close.noOpenProposals")}</p> : null}
          {data.open.map((p) => (
            <DecisionFieldset key={p.id} proposal={p} values={result?.values} errors={result?.errors} policyHours={data.policyHours} />
          ))}
          {data.withdrawn.length ? (
            <div>
              <h2>{t("reviews.close.withdrawn")}</h2>
              <ul>
                {data.withdrawn.map((p) => (
                  <li key={p.id}>{p.title}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <button type="submit" className="button primary">{t("reviews.close.submit")}</button>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  const t = useT();
  return <GeneralErrorBoundary statusHandlers={{ 404: () => t("reviews.errors.reviewNotFound") }} />;
}
