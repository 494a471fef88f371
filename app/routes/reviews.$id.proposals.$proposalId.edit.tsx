import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { useT } from "~/components/i18n";
import { KindBadge } from "~/components/review-badges";
import { ProposalFields } from "~/components/review-proposal-fields";
import { requestTranslator } from "~/lib/locale.server";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { editProposal, getProposalForEdit } from "~/models/proposal.server";
import { requireProposalInReview } from "~/models/review.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => [t("reviews.propose.editTitle"), data?.proposal.title]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const proposalId = params.proposalId ?? "";
  try {
    requireProposalInReview(params.id ?? "", proposalId);
    return pageData(await getProposalForEdit({ actor: user, proposalId }));
  } catch (error) {
    // Forbidden and not found become their status pages.
    throw failure(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const reviewId = params.id ?? "";
  const proposalId = params.proposalId ?? "";
  try {
    requireProposalInReview(reviewId, proposalId);
    const proposal = await editProposal({ actor: user, proposalId, input: formInput(formData) });
    const t = await requestTranslator(request);
    return redirectWithNotice(`/reviews/${reviewId}#proposal-${proposalId}`, t("reviews.propose.saved", { number: proposal.version }));
  } catch (error) {
    return failure(error, formData);
  }
}

export default function EditProposal() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { proposal, policy, review, editable } = data;
  return (
    <section aria-labelledby="edit-proposal-title" className="narrow">
      <p>
        <Link to={`/reviews/${review.id}#proposal-${proposal.id}`}>← {review.title}</Link>
      </p>
      <h1 id="edit-proposal-title">{t("reviews.propose.editTitle")}</h1>
      <p>
        <KindBadge kind={proposal.kind} /> {t("reviews.propose.policy")}: <Link to={`/policies/${policy.slug}`}>{policy.title}</Link> ·{" "}
        {t("reviews.proposal.version", { number: proposal.version })}
      </p>
      {!editable ? (
        <p className="alert alert-info">{t("reviews.propose.notEditable")}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <FormAlert message={result ? (result.formError ?? t("shell.form.fixErrors")) : null} />
          <ProposalFields
            values={result?.values}
            errors={result?.errors}
            policy={policy}
            current={{ title: proposal.title, reasoning: proposal.reasoning, newBody: proposal.newBody, newFriction: proposal.newFriction }}
          />
          <button type="submit" className="button primary">{t("reviews.propose.save")}</button>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  const t = useT();
  return <GeneralErrorBoundary statusHandlers={{ 404: () => t("reviews.errors.proposalNotFound") }} />;
}
