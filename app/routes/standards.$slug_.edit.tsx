import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { standardsTitle } from "~/components/standard-meta";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { useT } from "~/components/i18n";
import { StandardFields } from "~/components/standard-fields";
import { requestTranslator } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { notFound } from "~/lib/http";
import { redirectWithNotice } from "~/lib/notice.server";
import { canManageTeam } from "~/models/actor";
import {
  editStandard,
  getStandardBySlug,
  latestVersionNumber,
  linkablePolicies,
  versionOf,
} from "~/models/standard.server";
import { listTeams } from "~/models/team.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => standardsTitle(matches, "standards.form.editTitle", { title: data?.title ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const s = getStandardBySlug(params.slug ?? "");
  if (!s) notFound("Standard not found");
  if (!canManageTeam(user, s.teamId)) throw new Response("Forbidden", { status: 403 });
  if (s.status === "retired" || s.draftState === "in-review") {
    const t = await requestTranslator(request);
    throw new Response(t("standards.detail.cannotEdit"), { status: 409 });
  }
  const source = versionOf(s.id, s.draftVersion ?? s.publishedVersion);
  if (!source) notFound("Standard not found");
  const c = source.content;
  const teams = (await listTeams()).map((t) => ({ id: t.id, name: t.name }));
  return pageData({
    slug: s.slug,
    title: source.content.title,
    newVersion: s.draftVersion === null ? latestVersionNumber(s) + 1 : null,
    publishedVersion: s.publishedVersion,
    defaults: {
      title: c.title,
      commitment: c.commitment,
      metric: c.metric,
      targetValue: String(c.targetValue),
      unit: c.unit,
      period: c.period,
      customerTeamIds: c.customerTeamIds,
      dimension: c.dimension,
      factor: c.factor,
      body: c.body,
      linkedPolicyIds: c.linkedPolicyIds,
    },
    customerTeams: teams.filter((t) => t.id !== s.teamId),
    policies: linkablePolicies(s.teamId, source.content.linkedPolicyIds),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "manager");
  const s = getStandardBySlug(params.slug ?? "");
  if (!s) notFound("Standard not found");
  const formData = await request.formData();
  let version: number;
  try {
    version = (await editStandard({ actor, standardId: s.id, input: formInput(formData, ["customerTeamIds", "linkedPolicyIds"]) })).version.number;
  } catch (error) {
    return failure(error, formData);
  }
  const t = await requestTranslator(request);
  return redirectWithNotice(`/standards/${s.slug}`, t("standards.notices.saved", { version }));
}

export default function EditStandard() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="edit-title" className="standard-form">
      <h1 id="edit-title">{t("standards.form.editTitle", { title: data.title })}</h1>
      {data.newVersion && data.publishedVersion ? (
        <p className="alert alert-info">{t("standards.form.newVersionNote", { version: data.newVersion, published: data.publishedVersion })}</p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <FormAlert message={result ? result.formError ?? t("shell.form.fixErrors") : null} />
        <StandardFields
          defaults={data.defaults}
          values={result?.values}
          errors={result?.errors}
          customerTeams={data.customerTeams}
          policies={data.policies}
        />
        <div className="actions">
          <button type="submit" className="button primary">{t("standards.form.save")}</button>
          <Link to={`/standards/${data.slug}`}>{t("standards.form.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
