import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormAlert, SubmissionKey, typed } from "~/components/forms";
import { newSubmissionKey } from "~/models/submission.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFormat, useT } from "~/components/i18n";
import { translator } from "~/i18n";
import { requestLocale } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { getOpenPulse, openPulse } from "~/models/pulse.server";
import { PULSE_QUESTIONS } from "~/store/vocabulary";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("dashboard.pulse.newTitle")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const open = await getOpenPulse();
  return pageData({ submissionKey: newSubmissionKey(), open: open ? { title: open.title, closesAt: open.closesAt } : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const formData = await request.formData();
  try {
    const pulse = await openPulse({ actor, input: formInput(formData) });
    const locale = await requestLocale(request);
    const t = translator(locale);
    const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(pulse.closesAt));
    return redirectWithNotice("/pulse", t("dashboard.pulse.opened", { title: pulse.title, date }));
  } catch (error) {
    return failure(error, formData);
  }
}

export default function NewPulse() {
  const { open, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const f = useFormat();
  return (
    <section aria-labelledby="new-pulse-title" className="narrow">
      <h1 id="new-pulse-title">{t("dashboard.pulse.newTitle")}</h1>
      <p className="lead">{t("dashboard.pulse.newLead")}</p>
      {open ? (
        <p className="alert alert-info">
          {open.title} — {t("dashboard.pulse.openUntil", { date: f.dateTime(open.closesAt) })}
        </p>
      ) : null}
      <ol className="pulse-preview">
        {PULSE_QUESTIONS.map((q) => (
          <li key={q}>{t(`dashboard.pulse.questions.${q}`)}</li>
        ))}
      </ol>
      <Form method="post" className="stack" noValidate key={submissionKey}>
        <SubmissionKey value={submissionKey} />
        <FormAlert message={result?.formError ?? (result ? t("shell.form.fixErrors") : null)} />
        <Field
          label={t("dashboard.pulse.pulseTitle")}
          name="title"
          hint={t("dashboard.pulse.pulseTitleHint")}
          defaultValue={typed(result?.values, "title")}
          errors={result?.errors.title}
          maxLength={120}
        />
        <div className="actions">
          <button type="submit" className="button primary">
            {t("dashboard.pulse.open")}
          </button>
          <Link to="/pulse">{t("shell.form.cancel")}</Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
