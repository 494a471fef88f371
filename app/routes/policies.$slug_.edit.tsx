import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PolicyErrorBoundary } from "~/components/policy-error-boundary";
import { FormAlert, TextArea, typed } from "~/components/forms";
import { useT } from "~/components/i18n";
import { PolicyFields } from "~/components/policy-form";
import { requestTranslator } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { notFound } from "~/lib/http";
import { redirectWithNotice } from "~/lib/notice.server";
import { canManageTeam } from "~/models/actor";
import { getPolicyBySlug, revisePolicy } from "~/models/policy.server";
import { policyFormInitial, policyFormOptions } from "~/models/policy-form.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => [data ? t("policies.form.editTitle", { title: data.title }) : null]);

const LIST_FIELDS = ["purposeTags", "audienceTeamIds", "frictionTags"];

async function editablePolicy(request: Request, slug: string | undefined) {
  const user = await requireRole(request, "manager");
  const policy = await getPolicyBySlug(slug ?? "");
  if (!policy) notFound("Policy not found");
  if (!canManageTeam(user, policy.teamId)) throw new Response("Only managers of the owning team and admins can edit this policy.", { status: 403 });
  return { user, policy };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, policy } = await editablePolicy(request, params.slug);
  return pageData({
    slug: policy.slug,
    title: policy.title,
    revision: policy.revision,
    options: policyFormOptions(user, policy),
    initial: policyFormInitial(user, policy),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, policy } = await editablePolicy(request, params.slug);
  const formData = await request.formData();
  let revision;
  try {
    ({ revision } = await revisePolicy({ actor: user, policyId: policy.id, input: formInput(formData, LIST_FIELDS), note: formData.get("note") }));
  } catch (error) {
    return failure(error, formData);
  }
  const t = await requestTranslator(request);
  return redirectWithNotice(`/policies/${policy.slug}`, t("policies.form.saved", { revision: revision.number, title: revision.content.title }));
}

export default function EditPolicy() {
  const t = useT();
  const { slug, title, options, initial } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section aria-labelledby="edit-policy-title" className="policy-form-page">
      <h1 id="edit-policy-title">{t("policies.form.editTitle", { title })}</h1>
      <p className="lead">{t("policies.form.editLead")}</p>
      <Form method="post" className="stack policy-form" noValidate>
        <FormAlert message={result ? (result.formError ?? t("shell.form.fixErrors")) : null} />
        <PolicyFields options={options} initial={initial} values={result?.values} errors={result?.errors} />
        <div className="form-section change-note">
          <TextArea
            label={t("policies.form.note")}
            hint={t("policies.form.noteHint")}
            name="note"
            rows={2}
            maxLength={300}
            required
            defaultValue={typed(result?.values, "note")}
            errors={result?.errors.note}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t("policies.form.save")}
          </button>
          <Link to={`/policies/${slug}`}>{t("policies.form.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <PolicyErrorBoundary />;
}
