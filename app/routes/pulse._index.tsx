import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList, Field, FormAlert, typed } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFormat, useT } from "~/components/i18n";
import { requestTranslator } from "~/lib/locale.server";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { isAdmin } from "~/models/actor";
import { PERCENT_QUESTION, SCALE_QUESTIONS } from "~/models/culture";
import { answerPulse, getMyAnswer, getOpenPulse, listPulses } from "~/models/pulse.server";
import { pageTitle } from "~/components/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("dashboard.pulse.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const pulse = await getOpenPulse();
  const mine = pulse ? await getMyAnswer({ actor, pulseId: pulse.id }) : null;
  return pageData({
    pulse: pulse ? { id: pulse.id, title: pulse.title, closesAt: pulse.closesAt } : null,
    // Only the signed-in person's own answer, found by their key.
    mine,
    pulses: isAdmin(actor) ? await listPulses({ actor }) : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const formData = await request.formData();
  const t = await requestTranslator(request);
  try {
    const pulseId = String(formData.get("pulseId") ?? "");
    const { changed } = await answerPulse({ actor, pulseId, input: formInput(formData) });
    return redirectWithNotice("/pulse", changed ? t("dashboard.pulse.changed") : t("dashboard.pulse.answered"));
  } catch (error) {
    return failure(error, formData);
  }
}

export default function PulsePage() {
  const { pulse, mine, pulses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const f = useFormat();
  const values = result?.values;
  const scoreOf = (q: string) => typed(values, q, mine ? mine.scores[q as keyof typeof mine.scores] : "");

  return (
    <div className="pulse-page">
      <div className="page-head">
        <h1>{t("dashboard.pulse.title")}</h1>
        {pulses ? (
          <Link to="/pulse/new" className="button">
            {t("dashboard.pulse.openNew")}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t("dashboard.pulse.lead")}</p>

      {pulse ? (
        <section aria-labelledby="pulse-form-title" className="panel narrow-wide">
          <h2 id="pulse-form-title">{pulse.title}</h2>
          <p>{t("dashboard.pulse.openUntil", { date: f.dateTime(pulse.closesAt) })}</p>
          <p className="hint">{t("dashboard.pulse.anonymity")}</p>
          {mine ? <p className="alert alert-info">{t("dashboard.pulse.yourAnswerFrom", { date: f.date(mine.at) })}</p> : null}
          <Form method="post" className="stack" noValidate>
            <FormAlert message={result?.formError ?? (result ? t("shell.form.fixErrors") : null)} />
            <input type="hidden" name="pulseId" value={pulse.id} />
            {SCALE_QUESTIONS.map((q) => (
              <fieldset key={q} className="field pulse-question" aria-describedby={result?.errors[q] ? `${q}-error` : undefined}>
                <legend>{t(`dashboard.pulse.questions.${q}`)}</legend>
                <p className="hint">{t("dashboard.pulse.scaleHint")}</p>
                <div className="pulse-scale">
                  {(["1", "2", "3", "4", "5"] as const).map((n) => (
                    <label key={n} className="pulse-option">
                      <input type="radio" name={q} value={n} defaultChecked={scoreOf(q) === n} required />
                      <span>{t(`dashboard.pulse.scale.${n}`)}</span>
                    </label>
                  ))}
                </div>
                <ErrorList id={`${q}-error`} errors={result?.errors[q]} />
              </fieldset>
            ))}
            <Field
              label={t(`dashboard.pulse.questions.${PERCENT_QUESTION}`)}
              name={PERCENT_QUESTION}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              className="pulse-percent"
              hint={t("dashboard.pulse.percentLabel")}
              defaultValue={scoreOf(PERCENT_QUESTION)}
              errors={result?.errors[PERCENT_QUESTION]}
            />
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {mine ? t("dashboard.pulse.update") : t("dashboard.pulse.submit")}
            </button>
          </Form>
        </section>
      ) : (
        <p className="panel">{t("dashboard.pulse.noneOpen")}</p>
      )}

      {pulses ? (
        <section aria-labelledby="pulses-title">
          <h2 id="pulses-title">{t("dashboard.pulse.admin")}</h2>
          <p className="hint">
            {t("dashboard.pulse.resultsOnDashboard")} <Link to="/dashboard#pulse">{t("dashboard.title")}</Link>
          </p>
          {pulses.length ? (
            <TableScroll labelledBy="pulses-title">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("dashboard.pulse.pulseTitle")}</th>
                    <th scope="col">{t("dashboard.pulse.window")}</th>
                    <th scope="col" className="num">
                      {t("dashboard.pulse.responses")}
                    </th>
                    <th scope="col">{t("dashboard.lists.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {pulses.map((p) => (
                    <tr key={p.id}>
                      <td>{p.title}</td>
                      <td>
                        {f.date(p.opensAt)} – {f.date(p.closesAt)}
                      </td>
                      <td className="num">{f.integer(p.responses)}</td>
                      <td>
                        <span className={`badge ${p.open ? "badge-ok" : "badge-muted"}`}>
                          {p.open ? t("dashboard.pulse.isOpen") : t("dashboard.pulse.closed")}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : (
            <p>{t("dashboard.none")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
