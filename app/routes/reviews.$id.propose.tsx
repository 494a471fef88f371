import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, SubmissionKey } from "~/components/forms";
import { newSubmissionKey } from "~/models/submission.server";
import { useT } from "~/components/i18n";
import { KindChoice, ProposalFields } from "~/components/review-proposal-fields";
import { requestTranslator } from "~/lib/locale.server";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { NotFoundError } from "~/models/errors";
import { audienceTeamChoices, submitProposal } from "~/models/proposal.server";
import { getReviewHeader, proposablePolicies } from "~/models/review.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => [t("reviews.propose.title"), data?.review.title]);

async function load(reviewId: string) {
  try {
    return { review: await getReviewHeader(reviewId), policies: await proposablePolicies(reviewId) };
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Review not found", { status: 404 });
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const { review, policies } = await load(params.id ?? "");
  const wanted = new URL(request.url).searchParams.get("policy");
  const selected = policies.find((p) => p.id === wanted) ?? (policies.length === 1 ? policies[0] : null);
  return pageData({
    submissionKey: newSubmissionKey(),
    review: { id: review.id, title: review.title, votingOpen: review.votingOpen },
    choices: policies.map((p) => ({ id: p.id, title: p.title })),
    policy: selected,
    teams: selected ? audienceTeamChoices() : [],
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const reviewId = params.id ?? "";
  try {
    const proposal = await submitProposal({ actor: user, reviewId, input: formInput(formData) });
    const t = await requestTranslator(request);
    return redirectWithNotice(`/reviews/${reviewId}#proposal-${proposal.id}`, t("reviews.propose.submitted"));
  } catch (error) {
    return failure(error, formData);
  }
}

export default function Propose() {
  const t = useT();
  const { review, choices, policy, teams, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="propose-title" className="narrow">
      <p>
        <Link to={`/reviews/${review.id}`}>← {review.title}</Link>
      </p>
      <h1 id="propose-title">{t("reviews.propose.title")}</h1>
      {!review.votingOpen ? (
        <p className="alert alert-info">{t("reviews.vote.closed")}</p>
      ) : (
        <>
          <p className="lead">{t("reviews.propose.intro")}</p>
          {choices.length > 1 ? (
            <nav aria-labelledby="propose-choose" className="panel">
              <h2 id="propose-choose" className="h-small">{t("reviews.propose.choosePolicy")}</h2>
              <ul className="policy-picker" role="list">
                {choices.map((c) => (
                  <li key={c.id}>
                    <Link
                      to={`?policy=${encodeURIComponent(c.id)}`}
                      className={policy?.id === c.id ? "button small primary" : "button small"}
                      aria-current={policy?.id === c.id ? "true" : undefined}
                    >
                      {c.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {policy ? (
            <Form method="post" className="stack" noValidate key={submissionKey}>
              <SubmissionKey value={submissionKey} />
              <FormAlert message={result ? (result.formError ?? t("shell.form.fixErrors")) : null} />
              <input type="hidden" name="policyId" value={policy.id} />
              <p>
                {t("reviews.propose.policy")}: <Link to={`/policies/${policy.slug}`}>{policy.title}</Link>
              </p>
              {result?.errors.policyId ? <FormAlert message={result.errors.policyId[0]} /> : null}
              <KindChoice mandate={policy.mandate} values={result?.values} errors={result?.errors} />
              <ProposalFields values={result?.values} errors={result?.errors} policy={policy} teams={teams} />
              <button type="submit" className="button primary">{t("reviews.propose.submit")}</button>
            </Form>
          ) : null}
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  const t = useT();
  return <GeneralErrorBoundary statusHandlers={{ 404: () => t("reviews.errors.reviewNotFound") }} />;
}
