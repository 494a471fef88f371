import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, SubmissionKey } from "~/components/forms";
import { newSubmissionKey } from "~/models/submission.server";
import { useT } from "~/components/i18n";
import { PolicyFields } from "~/components/policy-form";
import { requestTranslator } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { createPolicy } from "~/models/policy.server";
import { policyFormInitial, policyFormOptions } from "~/models/policy-form.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("policies.form.newTitle")]);

const POLICY_LIST_FIELDS = ["purposeTags", "audienceTeamIds", "frictionTags"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const options = policyFormOptions(user);
  return pageData({
    submissionKey: newSubmissionKey(),
    options,
    initial: policyFormInitial(user, null),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "manager");
  const formData = await request.formData();
  let policy;
  try {
    policy = await createPolicy({
      actor,
      input: formInput(formData, POLICY_LIST_FIELDS),
      status: formData.get("draft") === "on" ? "draft" : "active",
    });
  } catch (error) {
    return failure(error, formData);
  }
  const t = await requestTranslator(request);
  return redirectWithNotice(`/policies/${policy.slug}`, t("policies.form.created", { title: policy.title }));
}

export default function NewPolicy() {
  const t = useT();
  const { options, initial, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section aria-labelledby="new-policy-title" className="policy-form-page">
      <h1 id="new-policy-title">{t("policies.form.newTitle")}</h1>
      <p className="lead">{t("policies.form.newLead")}</p>
      <Form method="post" className="stack policy-form" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <FormAlert message={result ? (result.formError ?? t("shell.form.fixErrors")) : null} />
        <PolicyFields options={options} initial={initial} values={result?.values} errors={result?.errors} />
        <label className="checkbox">
          <input type="checkbox" name="draft" defaultChecked={result?.values.draft === "on"} /> {t("policies.form.draft")}
        </label>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t("policies.form.create")}
          </button>
          <Link to="/policies">{t("policies.form.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
