import { Form, Link } from "@remix-run/react";
import { useId } from "react";
import type { FrictionTag } from "~/store/schema";
import { ErrorList, FormAlert, SubmissionKey, TextArea, Field, typed } from "./forms";
import { useFormat, useT } from "./i18n";
import { FrictionTagList } from "./policy-badges";

type Friction = {
  occurrencesPerMonth: number;
  steps: number;
  approvals: number;
  handoffs: number;
  activeMinutes: number;
  waitingMinutes: number;
};

/** Customer hours a month with the sum that makes them, and the breakdown behind it. */
export function FrictionFigures({ friction, hours, tags }: { friction: Friction; hours: number; tags: readonly FrictionTag[] }) {
  const t = useT();
  const f = useFormat();
  const minutes = friction.activeMinutes + friction.waitingMinutes;
  const activeShare = minutes > 0 ? (friction.activeMinutes / minutes) * 100 : 0;
  return (
    <div className="friction-figures">
      <p className="figure">{f.number(hours)}</p>
      <p className="figure-label">{t("policies.page.hoursPerMonth")}</p>
      <p className="hint">
        {t("policies.page.formula", {
          occurrences: friction.occurrencesPerMonth,
          active: f.number(friction.activeMinutes),
          waiting: friction.waitingMinutes,
        })}
      </p>
      {minutes > 0 ? (
        <figure className="time-split">
          <svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect x="0" y="0" width={activeShare} height="8" className="time-active" />
            <rect x={activeShare} y="0" width={100 - activeShare} height="8" className="time-waiting" />
          </svg>
          <figcaption>
            <span className="key key-active" /> {t("policies.page.activeShare")} {f.percent(activeShare / 100)}
            {"  "}
            <span className="key key-waiting" /> {t("policies.page.waitingShare")} {f.percent(1 - activeShare / 100)}
          </figcaption>
        </figure>
      ) : null}
      <h3>{t("policies.page.breakdown")}</h3>
      <dl className="facts">
        <dt>{t("policies.page.occurrences")}</dt>
        <dd>{f.number(friction.occurrencesPerMonth)}</dd>
        <dt>{t("policies.page.steps")}</dt>
        <dd>{f.integer(friction.steps)}</dd>
        <dt>{t("policies.page.approvals")}</dt>
        <dd>{f.integer(friction.approvals)}</dd>
        <dt>{t("policies.page.handoffs")}</dt>
        <dd>{f.integer(friction.handoffs)}</dd>
        <dt>{t("policies.page.activeMinutes")}</dt>
        <dd>{f.number(friction.activeMinutes)}</dd>
        <dt>{t("policies.page.waitingMinutes")}</dt>
        <dd>{f.number(friction.waitingMinutes)}</dd>
      </dl>
      <h3>{t("policies.page.frictionTags")}</h3>
      {tags.length ? <FrictionTagList tags={tags} /> : <p className="hint">{t("policies.page.noFrictionTags")}</p>}
    </div>
  );
}

export type FrictionReportView = {
  id: string;
  at: string;
  editedAt: string | null;
  personName: string;
  minutesLost: number;
  effort: number;
  what: string;
  mine: boolean;
  mayWithdraw: boolean;
  /** An answer to a "did the change work?" follow-up. */
  followUp?: boolean;
};

/** What the page hands back to the report form that failed (the edit form of one report). */
type ReportFormResult = { intent?: unknown; reportId?: unknown; values?: Record<string, string | string[]>; errors?: Record<string, string[]>; formError?: string | null };

export function FrictionSummary({ summary }: { summary: { days: number; count: number; averageEffort: number | null; totalMinutes: number } }) {
  const t = useT();
  const f = useFormat();
  return (
    <div className="friction-summary" aria-label={t("policies.friction.last90", { days: summary.days })} role="group">
      <p className="hint">{t("policies.friction.last90", { days: summary.days })}</p>
      <dl className="figures-row">
        <div>
          <dt>{t("policies.friction.reports")}</dt>
          <dd className="figure">{f.integer(summary.count)}</dd>
        </div>
        <div>
          <dt>{t("policies.friction.averageEffort")}</dt>
          <dd className="figure">{summary.averageEffort === null ? "—" : f.number(summary.averageEffort)}</dd>
        </div>
        <div>
          <dt>{t("policies.friction.minutesLost")}</dt>
          <dd className="figure">{f.integer(summary.totalMinutes)}</dd>
        </div>
      </dl>
    </div>
  );
}

export function FrictionReportList({
  reports,
  total,
  showAllHref,
  result,
}: {
  reports: FrictionReportView[];
  total: number;
  showAllHref: string | null;
  /** The answer to a failed change of one of these reports, shown in its form. */
  result?: ReportFormResult;
}) {
  const t = useT();
  const f = useFormat();
  if (!reports.length) return <p>{t("policies.friction.none")}</p>;
  return (
    <>
      <ol className="friction-reports" role="list">
        {reports.map((r) => {
          const failed = result?.intent === "edit-report" && result.reportId === r.id ? result : undefined;
          return (
            <li key={r.id} id={`report-${r.id}`} className="friction-report">
              <p className="report-meta">
                <span className={`effort effort-${r.effort}`}>{t("policies.friction.effortOf", { effort: r.effort })}</span>
                <span>{t("policies.friction.minutes", { minutes: f.number(r.minutesLost) })}</span>
                <span className="hint">
                  {t("policies.friction.by", { name: r.personName, date: f.date(r.at) })}
                  {r.editedAt ? <> · {t("policies.friction.edited", { date: f.date(r.editedAt) })}</> : null}
                </span>
                {r.followUp ? <span className="badge badge-info">{t("notifications.followUp.badge")}</span> : null}
              </p>
              {r.what ? (
                <p className="report-what" lang="">
                  {r.what}
                </p>
              ) : null}
              {r.mayWithdraw ? (
                <details className="report-own" open={Boolean(failed)}>
                  <summary>{r.mine ? t("policies.friction.yours") : t("policies.friction.othersReport")}</summary>
                  {r.mine ? (
                    <FrictionReportForm
                      intent="edit-report"
                      reportId={r.id}
                      values={failed?.values ?? { minutesLost: String(r.minutesLost), effort: String(r.effort), what: r.what }}
                      errors={failed?.errors}
                      formError={failed?.formError}
                    />
                  ) : null}
                  <Form method="post" className="stack withdraw-form">
                    <input type="hidden" name="intent" value="withdraw-report" />
                    <input type="hidden" name="reportId" value={r.id} />
                    <p className="hint">{t("policies.friction.withdrawHint")}</p>
                    <button type="submit" className="button danger">
                      {r.mine ? t("policies.friction.withdraw") : t("policies.friction.remove")}
                    </button>
                  </Form>
                </details>
              ) : null}
            </li>
          );
        })}
      </ol>
      {total > reports.length ? (
        <p className="hint">
          {t("policies.friction.showingLatest", { shown: reports.length, count: total })}{" "}
          {showAllHref ? <Link to={showAllHref}>{t("policies.friction.showAll", { count: total })}</Link> : null}
        </p>
      ) : null}
    </>
  );
}

/** Minutes lost, the effort question (1–5) and what happened. Works without JavaScript. */
export function FrictionReportForm({
  values,
  errors,
  formError,
  intent = "report-friction",
  submissionKey,
  reportId,
  labelledBy,
}: {
  values?: Record<string, string | string[]>;
  errors?: Record<string, string[]>;
  formError?: string | null;
  /** A new report (with the page's submission key), or a change to the author's own. */
  intent?: "report-friction" | "edit-report";
  submissionKey?: string;
  reportId?: string;
  /** The heading that names the form (a form with a name is a landmark). */
  labelledBy?: string;
}) {
  const t = useT();
  const effort = typed(values, "effort");
  return (
    <Form method="post" className="stack friction-form" noValidate aria-labelledby={labelledBy}>
      <input type="hidden" name="intent" value={intent} />
      {submissionKey ? <SubmissionKey value={submissionKey} /> : null}
      {reportId ? <input type="hidden" name="reportId" value={reportId} /> : null}
      <FormAlert message={formError ?? (errors && Object.keys(errors).length ? t("shell.form.fixErrors") : null)} />
      <Field
        label={t("policies.friction.minutesField")}
        name="minutesLost"
        type="number"
        inputMode="numeric"
        min={0}
        step="any"
        defaultValue={typed(values, "minutesLost")}
        errors={errors?.minutesLost}
        className="short"
      />
      <EffortScale legend={t("policies.friction.effortField")} checked={effort} errors={errors?.effort} />
      <TextArea
        label={t("policies.friction.whatField")}
        hint={t("policies.friction.whatHint")}
        name="what"
        rows={3}
        maxLength={2000}
        defaultValue={typed(values, "what")}
        errors={errors?.what}
      />
      <button type="submit" className="button primary">
        {intent === "edit-report" ? t("policies.friction.save") : t("policies.friction.submit")}
      </button>
    </Form>
  );
}

/** How much effort it took, 1 to 5, as five labelled choices (the friction report and the follow-up ask it alike). */
export function EffortScale({ legend, checked, errors }: { legend: string; checked: string; errors?: string[] | null }) {
  const t = useT();
  const id = useId();
  return (
    <fieldset className="field effort-scale" aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="effort-options">
        {(["1", "2", "3", "4", "5"] as const).map((n) => (
          <label key={n} className="checkbox">
            <input type="radio" name="effort" value={n} defaultChecked={checked === n} /> {t(`policies.friction.effortLabels.${n}`)}
          </label>
        ))}
      </div>
      <ErrorList id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}
