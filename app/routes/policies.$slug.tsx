import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ListLink } from "~/components/link";
import { PolicyErrorBoundary } from "~/components/policy-error-boundary";
import { FormAlert, TextArea } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { PolicyBadges } from "~/components/policy-badges";
import { FrictionFigures, FrictionReportForm, FrictionReportList, FrictionSummary } from "~/components/policy-friction";
import { requestTranslator } from "~/lib/locale.server";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { notFound } from "~/lib/http";
import { redirectWithNotice } from "~/lib/notice.server";
import { canManageTeam } from "~/models/actor";
import { policyFigures } from "~/models/friction";
import { frictionReportSummary, listFrictionReports, reportFriction } from "~/models/friction-report.server";
import { activatePolicy, getPolicyBySlug, reinstatePolicy, retirePolicy } from "~/models/policy.server";
import { parsePolicyIntent as parseIntent, recentPolicyHistory } from "~/models/policy-history.server";
import { reviewHistoryForPolicy } from "~/models/review.server";
import { getStore } from "~/store/index.server";
import { ReviewHistory } from "~/components/review-history";
import { ChangeChecks } from "~/components/change-checks";
import { changeChecks } from "~/models/follow-up.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(matches, (t) => [data?.policy.title, t("policies.title")]),
  ...(data?.policy.summary ? [{ name: "description", content: data.policy.summary }] : []),
];

async function policyOr404(slug: string | undefined) {
  const policy = await getPolicyBySlug(slug ?? "");
  if (!policy) notFound("Policy not found");
  return policy;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const policy = await policyOr404(params.slug);
  const store = getStore();
  const now = store.clock.now();
  const { teams, people } = store.data;
  const owner = people[policy.ownerId];
  const showAll = new URL(request.url).searchParams.get("reports") === "all";
  const { reports, total } = await listFrictionReports({ policyId: policy.id, limit: showAll ? 500 : 10 });
  return pageData({
    policy: {
      slug: policy.slug,
      title: policy.title,
      summary: policy.summary,
      bodyHtml: policy.bodyHtml,
      purpose: policy.purpose,
      purposeTags: policy.purposeTags,
      audienceExternal: policy.audienceExternal,
      audienceTeams: policy.audienceTeamIds.map((id) => teams[id]?.name ?? "").filter(Boolean),
      mandate: policy.mandate,
      friction: policy.friction,
      frictionTags: policy.frictionTags,
      reviewCycleMonths: policy.reviewCycleMonths,
      lastReviewedOn: policy.lastReviewedOn,
      status: policy.status,
      retiredReason: policy.retiredReason,
      revision: policy.revision,
      updatedAt: policy.updatedAt,
      teamName: teams[policy.teamId]?.name ?? "",
      teamSlug: teams[policy.teamId]?.slug ?? "",
      ownerName: owner?.name ?? "",
    },
    figures: policyFigures(policy, now, owner?.active ?? false),
    reports,
    reportsTotal: total,
    reportSummary: frictionReportSummary(policy.id, now),
    changeChecks: changeChecks(policy.id, user.id),
    history: recentPolicyHistory(policy.id),
    reviewHistory: await reviewHistoryForPolicy(policy.id),
    canManage: canManageTeam(user, policy.teamId),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const policy = await policyOr404(params.slug);
  const formData = await request.formData();
  const intent = parseIntent(formData.get("intent"));
  if (!intent.success) throw new Response("Unknown action", { status: 400 });
  const t = await requestTranslator(request);
  const here = `/policies/${policy.slug}`;
  try {
    switch (intent.data) {
      case "report-friction":
        await reportFriction({ actor, policyId: policy.id, input: formInput(formData) });
        return redirectWithNotice(here, t("policies.friction.thanks"));
      case "retire":
        await retirePolicy({ actor, policyId: policy.id, reason: formData.get("reason") });
        return redirectWithNotice(here, t("policies.page.retired"));
      case "reinstate":
        await reinstatePolicy({ actor, policyId: policy.id });
        return redirectWithNotice(here, t("policies.page.reinstated"));
      case "activate":
        await activatePolicy({ actor, policyId: policy.id });
        return redirectWithNotice(here, t("policies.page.activated"));
    }
  } catch (error) {
    return failure(error, formData);
  }
}

export default function PolicyPage() {
  const t = useT();
  const f = useFormat();
  const { policy, figures, reports, reportsTotal, reportSummary, changeChecks, history, canManage, reviewHistory } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const intent = result?.values.intent;
  const mandated = policy.mandate !== "own";

  return (
    <article className="policy-page" aria-labelledby="policy-title">
      <header className="policy-head">
        <p className="eyebrow">
          <ListLink to={`/policies?team=${policy.teamSlug}`}>{policy.teamName}</ListLink> · {t("policies.page.revision", { number: policy.revision })}
        </p>
        <div className="page-head">
          <h1 id="policy-title" lang="">{policy.title}</h1>
          <div className="actions">
            {canManage && policy.status !== "retired" ? (
              <ListLink to={`/policies/${policy.slug}/edit`} className="button">
                {t("policies.page.edit")}
              </ListLink>
            ) : null}
            <ListLink to={`/policies/${policy.slug}/history`} className="button">
              {t("policies.page.history")}
            </ListLink>
          </div>
        </div>
        <PolicyBadges status={policy.status} overdue={figures.overdue} orphan={figures.orphan} missingPurpose={figures.missingPurpose} />
        {mandated ? <span className="badge badge-info">{t("policies.badges.mandated")}</span> : null}
        <p className="lead">{policy.summary || <span className="hint">{t("policies.page.summaryMissing")}</span>}</p>
        {policy.status === "retired" ? (
          <div className="alert alert-info">{t("policies.page.retiredBecause", { reason: policy.retiredReason ?? "" })}</div>
        ) : null}
        {policy.status === "draft" ? <div className="alert alert-info">{t("policies.page.draftNote")}</div> : null}
        {figures.orphan ? <div className="alert alert-error">{t("policies.page.ownerLeft", { name: policy.ownerName })}</div> : null}
      </header>

      <div className="columns">
        <div className="policy-main">
          <section className="panel" aria-label={policy.title}>
            {policy.bodyHtml ? (
              <div className="markdown" lang="" dangerouslySetInnerHTML={{ __html: policy.bodyHtml }} />
            ) : (
              <p className="hint">{t("policies.page.bodyMissing")}</p>
            )}
          </section>

          <section className="panel" aria-labelledby="why-title">
            <h2 id="why-title">{t("policies.page.why")}</h2>
            {figures.missingPurpose ? (
              <p className="finding">{t("policies.page.purposeMissing")}</p>
            ) : (
              <p className="purpose-statement">{policy.purpose}</p>
            )}
            {policy.purposeTags.length ? (
              <>
                <h3>{t("policies.page.servesNeeds")}</h3>
                <ul className="needs" role="list">
                  {policy.purposeTags.map((tag) => (
                    <li key={tag}>
                      <span className={`tag purpose-${tag}`}>{t(`policies.purposeTags.${tag}`)}</span> {t(`policies.purposeHelp.${tag}`)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <h3>{t("policies.page.whoMeetsIt")}</h3>
            <ul className="audience" role="list">
              {policy.audienceExternal ? <li>{t("policies.page.externalCustomers")}</li> : null}
              {policy.audienceTeams.length ? <li>{t("policies.page.internalTeams", { teams: policy.audienceTeams.join(", ") })}</li> : null}
              {!policy.audienceExternal && !policy.audienceTeams.length ? <li className="hint">{t("policies.page.nobody")}</li> : null}
            </ul>
            <h3>{t("policies.page.mandate")}</h3>
            <p>
              <strong>{t(`policies.mandates.${policy.mandate}`)}</strong> — {mandated ? t("policies.page.mandatedNote") : t("policies.page.ownNote")}
            </p>
          </section>

          <section className="panel" aria-labelledby="reports-title" id="friction-reports">
            <h2 id="reports-title">{t("policies.friction.title")}</h2>
            <p className="hint">{t("policies.friction.lead")}</p>
            <FrictionSummary summary={reportSummary} />
            <ChangeChecks checks={changeChecks} />
            <FrictionReportList reports={reports} total={reportsTotal} showAllHref={`/policies/${policy.slug}?reports=all#friction-reports`} />
            <h3 id="report-title">{t("policies.friction.report")}</h3>
            {policy.status === "retired" ? (
              <p className="hint">{t("policies.friction.retiredNote")}</p>
            ) : (
              <>
                <p className="hint">{t("policies.friction.reportLead")}</p>
                <FrictionReportForm
                  values={intent === "report-friction" ? result?.values : undefined}
                  errors={intent === "report-friction" ? result?.errors : undefined}
                  formError={intent === "report-friction" ? result?.formError : undefined}
                />
              </>
            )}
          </section>

          <div className="panel">
            <ReviewHistory history={reviewHistory} />
            {canManage && policy.status !== "retired" && policy.status !== "under-review" ? (
              <p>
                <ListLink to={`/reviews/new?policy=${encodeURIComponent(policy.slug)}`}>{t("reviews.history.startReview")}</ListLink>
              </p>
            ) : null}
          </div>

          <section className="panel" aria-labelledby="history-title">
            <h2 id="history-title">{t("policies.page.recentHistory")}</h2>
            <ol className="timeline" role="list">
              {history.map((e) => (
                <li key={e.seq}>
                  <span className="hint">{f.dateTime(e.at)}</span>{" "}
                  <HistoryLine entry={e} />
                  {e.note ? <span className="history-note"> — {e.note}</span> : null}
                  {e.reason ? <span className="history-note"> — {e.reason}</span> : null}
                  {e.fromReview ? <span className="badge badge-info">{t("policies.history.fromReview")}</span> : null}
                </li>
              ))}
            </ol>
            <p>
              <ListLink to={`/policies/${policy.slug}/history`}>{t("policies.page.fullHistory")}</ListLink>
            </p>
          </section>
        </div>

        <aside className="policy-aside">
          <section className="card" aria-labelledby="cost-title">
            <h2 id="cost-title">{t("policies.page.cost")}</h2>
            <FrictionFigures friction={policy.friction} hours={figures.customerHours} tags={policy.frictionTags} />
          </section>

          <section className="card" aria-labelledby="owner-title">
            <h2 id="owner-title">{t("policies.page.ownership")}</h2>
            <dl className="facts">
              <dt>{t("policies.page.team")}</dt>
              <dd>{policy.teamName}</dd>
              <dt>{t("policies.page.owner")}</dt>
              <dd>
                {policy.ownerName} {figures.orphan ? <span className="badge badge-danger">{t("policies.badges.orphan")}</span> : null}
              </dd>
              <dt>{t("policies.page.status")}</dt>
              <dd>{t(`policies.status.${policy.status}`)}</dd>
              <dt>{t("policies.page.reviewCycle")}</dt>
              <dd>{t("policies.page.everyMonths", { months: policy.reviewCycleMonths })}</dd>
              <dt>{t("policies.page.lastReviewed")}</dt>
              <dd>{policy.lastReviewedOn ? f.date(policy.lastReviewedOn) : t("policies.page.never")}</dd>
              <dt>{t("policies.page.nextReview")}</dt>
              <dd>
                {f.date(figures.nextReviewOn)} {figures.overdue ? <span className="badge badge-warn">{t("policies.page.overdueBy")}</span> : null}
              </dd>
            </dl>
          </section>

          {canManage ? (
            <section className="card" aria-labelledby="manage-title">
              <h2 id="manage-title">{t("policies.page.manage")}</h2>
              {policy.status === "draft" ? (
                <Form method="post" className="stack">
                  <FormAlert message={intent === "activate" ? result?.formError : null} />
                  <button type="submit" name="intent" value="activate" className="button primary">
                    {t("policies.page.activate")}
                  </button>
                </Form>
              ) : null}
              {policy.status === "retired" ? (
                <Form method="post" className="stack">
                  <FormAlert message={intent === "reinstate" ? result?.formError : null} />
                  <p className="hint">{t("policies.page.reinstateHint")}</p>
                  <button type="submit" name="intent" value="reinstate" className="button">
                    {t("policies.page.reinstate")}
                  </button>
                </Form>
              ) : (
                <details className="retire" open={intent === "retire"}>
                  <summary>{t("policies.page.retireOpen")}</summary>
                  <Form method="post" className="stack retire-form" noValidate>
                    <FormAlert message={intent === "retire" ? result?.formError : null} />
                    <input type="hidden" name="intent" value="retire" />
                    <TextArea
                      label={t("policies.page.retireReason")}
                      hint={t("policies.page.retireHint")}
                      name="reason"
                      rows={3}
                      defaultValue={intent === "retire" ? String(result?.values.reason ?? "") : ""}
                      errors={intent === "retire" ? result?.errors.reason : undefined}
                    />
                    <button type="submit" className="button danger">
                      {t("policies.page.retire")}
                    </button>
                  </Form>
                </details>
              )}
            </section>
          ) : null}
        </aside>
      </div>
    </article>
  );
}

function HistoryLine({ entry }: { entry: { type: string; actor: string | null; revision: number | null } }) {
  const t = useT();
  const actor = entry.actor ?? t("policies.events.someone");
  const vars = { actor, revision: entry.revision ?? "", type: entry.type };
  switch (entry.type) {
    case "policy.created":
      return <>{t("policies.events.created", vars)}</>;
    case "policy.imported":
      return <>{t("policies.events.imported", vars)}</>;
    case "policy.revised":
      return <>{t("policies.events.revised", vars)}</>;
    case "policy.retired":
      return <>{t("policies.events.retired", vars)}</>;
    case "policy.reinstated":
      return <>{t("policies.events.reinstated", vars)}</>;
    case "policy.activated":
      return <>{t("policies.events.activated", vars)}</>;
    default:
      return <>{t("policies.events.other", vars)}</>;
  }
}

export function ErrorBoundary() {
  return <PolicyErrorBoundary />;
}
