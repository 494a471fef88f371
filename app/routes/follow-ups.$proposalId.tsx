import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormAlert, TextArea, typed } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EffortScale } from "~/components/policy-friction";
import { useFormat, useT } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/lib/auth.server";
import { failure, formInput } from "~/lib/forms.server";
import { requestTranslator } from "~/lib/locale.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { pageData } from "~/lib/page-data.server";
import { NotFoundError } from "~/models/errors";
import { answerFollowUp, followUpForm } from "~/models/follow-up.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => [data?.policy.title, t("notifications.followUp.form.title")]);

function formOr404(actor: Parameters<typeof followUpForm>[0]["actor"], proposalId: string | undefined) {
  try {
    return followUpForm({ actor, proposalId: proposalId ?? "" });
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("No adopted change with that id.", { status: 404 });
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return pageData(formOr404(actor, params.proposalId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = formOr404(actor, params.proposalId);
  const formData = await request.formData();
  const t = await requestTranslator(request);
  try {
    await answerFollowUp({ actor, proposalId: form.proposal.id, input: formInput(formData) });
    return redirectWithNotice(`/policies/${form.policy.slug}#friction-reports`, t("notifications.followUp.form.thanks"));
  } catch (error) {
    return failure(error, formData);
  }
}

export default function FollowUpPage() {
  const t = useT();
  const f = useFormat();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  const { predicted, yourBefore, answer } = data;
  const effort = typed(values, "effort", answer ? String(answer.effort) : "");

  return (
    <section className="follow-up-page narrow-wide" aria-labelledby="follow-up-title">
      <div className="page-head">
        <h1 id="follow-up-title">{t("notifications.followUp.form.title")}</h1>
      </div>
      <p className="lead">
        {t("notifications.followUp.form.lead", {
          proposal: data.proposal.title,
          policy: data.policy.title,
          date: f.date(data.takesEffectAt),
        })}
      </p>
      <ul className="plain-list">
        {predicted.minutesBefore !== null && predicted.minutesAfter !== null && predicted.minutesBefore !== predicted.minutesAfter ? (
          <li>{t("notifications.followUp.form.predicted", { before: f.number(predicted.minutesBefore), after: f.number(predicted.minutesAfter) })}</li>
        ) : null}
        {predicted.hoursRemoved ? <li>{t("notifications.followUp.form.predictedHours", { hours: f.number(predicted.hoursRemoved) })}</li> : null}
        {yourBefore.reports && yourBefore.minutesLost !== null && yourBefore.effort !== null ? (
          <li>
            {t("notifications.followUp.form.yourBefore", { count: yourBefore.reports, minutes: Math.round((yourBefore.minutesLost ?? 0) * 10) / 10, effort: f.number(yourBefore.effort ?? 0) })}
          </li>
        ) : null}
      </ul>

      {data.state === "open" ? (
        <div className="panel">
          {answer ? <p className="alert alert-info">{t("notifications.followUp.form.answered", { date: f.date(answer.at) })}</p> : null}
          <Form method="post" className="stack friction-form" noValidate>
            <FormAlert message={result?.formError ?? (errors && Object.keys(errors).length ? t("shell.form.fixErrors") : null)} />
            <Field
              label={t("notifications.followUp.form.minutesField")}
              name="minutesLost"
              type="number"
              inputMode="numeric"
              min={0}
              step="any"
              defaultValue={typed(values, "minutesLost", answer ? String(answer.minutesLost) : "")}
              errors={errors?.minutesLost}
              className="short"
            />
            <EffortScale legend={t("notifications.followUp.form.effortField")} checked={effort} errors={errors?.effort} />
            <TextArea
              label={t("notifications.followUp.form.whatField")}
              hint={t("notifications.followUp.form.whatHint")}
              name="what"
              rows={3}
              maxLength={2000}
              defaultValue={typed(values, "what", answer?.what ?? "")}
              errors={errors?.what}
            />
            <button type="submit" className="button primary">
              {answer ? t("notifications.followUp.form.update") : t("notifications.followUp.form.submit")}
            </button>
          </Form>
        </div>
      ) : (
        <p className="alert alert-info">
          {data.state === "not-yet"
            ? data.opensAt
              ? t("notifications.followUp.form.notYet", { date: f.date(data.opensAt) })
              : t("notifications.followUp.form.notYetPlain")
            : t("notifications.followUp.form.notAsked")}
        </p>
      )}
      <p>
        <Link to={`/policies/${data.policy.slug}#friction-reports`}>{t("notifications.followUp.form.toPolicy")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
