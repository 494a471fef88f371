import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, FormAlert, SubmissionKey, TextArea, typed, typedList } from "~/components/forms";
import { newSubmissionKey } from "~/models/submission.server";
import { useFormat, useT } from "~/components/i18n";
import { requestTranslator } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { getPolicyBySlug } from "~/models/policy.server";
import { deadlineDefaults, openReview, reviewablePolicies, reviewTeams } from "~/models/review.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("reviews.new.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const url = new URL(request.url);
  const teams = await reviewTeams(user);
  const slug = url.searchParams.get("policy");
  const prefill = slug ? await getPolicyBySlug(slug) : null;
  const manageable = (id: string | null | undefined) => (id && teams.some((t) => t.id === id) ? id : null);
  const teamId =
    manageable(url.searchParams.get("team")) ?? manageable(prefill?.teamId) ?? manageable(user.teamId) ?? teams[0]?.id ?? null;
  const { policies, total } = teamId ? await reviewablePolicies({ actor: user, teamId }) : { policies: [], total: 0 };
  const chosen = prefill && prefill.teamId === teamId && (prefill.status === "active" || prefill.status === "under-review") ? prefill : null;
  if (chosen && !policies.some((p) => p.id === chosen.id)) {
    const full = await reviewablePolicies({ actor: user, teamId: chosen.teamId, limit: Number.MAX_SAFE_INTEGER });
    const row = full.policies.find((p) => p.id === chosen.id);
    if (row) policies.unshift(row);
  }
  const { defaultDeadline, minDeadline } = deadlineDefaults();
  return pageData({
    submissionKey: newSubmissionKey(),
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
    teamId,
    policies,
    total,
    prefillId: chosen?.id ?? null,
    prefillTitle: chosen?.title ?? null,
    defaultDeadline,
    minDeadline,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "manager");
  const formData = await request.formData();
  try {
    const review = await openReview({ actor: user, input: formInput(formData, ["policyIds"]) });
    const t = await requestTranslator(request);
    return redirectWithNotice(`/reviews/${review.id}`, t("reviews.new.opened"));
  } catch (error) {
    return failure(error, formData);
  }
}

export default function NewReview() {
  const t = useT();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  const policiesId = useId();
  const checked = values ? typedList(values, "policyIds") : data.prefillId ? [data.prefillId] : [];
  return (
    <section aria-labelledby="new-review-title" className="narrow">
      <h1 id="new-review-title">{t("reviews.new.title")}</h1>
      <p className="lead">{t("reviews.new.intro")}</p>

      {data.teams.length > 1 ? (
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="new-review-team">{t("reviews.new.team")}</label>
            <select id="new-review-team" name="team" defaultValue={data.teamId ?? ""}>
              {data.teams.map((team) => (
                <option key={team.id} value={team.id}>{team.name}</option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit" className="button">{t("reviews.new.showTeam")}</button>
          </div>
        </Form>
      ) : null}

      <Form method="post" className="stack" noValidate key={data.submissionKey}>
        <SubmissionKey value={data.submissionKey} />
        <FormAlert message={result ? (result.formError ?? t("shell.form.fixErrors")) : null} />
        <Field
          label={t("reviews.new.reviewTitle")}
          name="title"
          maxLength={160}
          defaultValue={typed(values, "title", data.prefillTitle ?? "")}
          errors={errors?.title}
        />
        <fieldset className="field" aria-describedby={errors?.policyIds?.length ? `${policiesId}-error` : undefined}>
          <legend>{t("reviews.new.policies")}</legend>
          <p className="hint">{t("reviews.new.policiesHint")}</p>
          {data.policies.length === 0 ? <p>{t("reviews.new.noPolicies")}</p> : null}
          <div className="policy-choices">
            {data.policies.map((p) => (
              <label key={p.id} className="checkbox">
                <input type="checkbox" name="policyIds" value={p.id} defaultChecked={checked.includes(p.id)} />{" "}
                {t("reviews.new.policyOption", { title: p.title, hours: format.number(p.hours) })}
                {p.status === "under-review" ? <span className="badge badge-info">{t("reviews.new.alreadyUnderReview")}</span> : null}
              </label>
            ))}
          </div>
          {data.total > data.policies.length ? (
            <p className="hint">
              {t("reviews.new.shownOf", { shown: data.policies.length, total: data.total })}{" "}
              <Link to="/reviews/queue">{t("reviews.queueLink")}</Link>
            </p>
          ) : null}
          <ErrorList id={`${policiesId}-error`} errors={errors?.policyIds} />
        </fieldset>
        <TextArea
          label={t("reviews.new.description")}
          hint={t("reviews.new.descriptionHint")}
          name="description"
          rows={5}
          defaultValue={typed(values, "description")}
          errors={errors?.description}
        />
        <Field
          label={t("reviews.new.deadline")}
          hint={t("reviews.new.deadlineHint")}
          name="deadline"
          type="date"
          min={data.minDeadline}
          defaultValue={typed(values, "deadline", data.defaultDeadline)}
          errors={errors?.deadline}
        />
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" name="hideTallies" defaultChecked={values ? values.hideTallies === "on" : false} aria-describedby="hide-tallies-hint" />{" "}
            {t("reviews.new.hideTallies")}
          </label>
          <p id="hide-tallies-hint" className="hint">{t("reviews.new.hideTalliesHint")}</p>
        </div>
        <button type="submit" className="button primary">{t("reviews.new.submit")}</button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
