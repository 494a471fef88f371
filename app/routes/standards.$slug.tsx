import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { StandardPageQuery, StandardIntent } from "~/lib/standards-forms.server";
import { standardsTitle } from "~/components/standard-meta";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormAlert, TextArea, typed } from "~/components/forms";
import { formatters, useFormat, useT } from "~/components/i18n";
import { DimensionTag, FactorBadge, TargetText } from "~/components/standard-card";
import { VersionDiff } from "~/components/standard-diff";
import { HealthBadge, TrendChart } from "~/components/standard-health";
import { translator } from "~/i18n";
import { requestLocale } from "~/lib/locale.server";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput, type FormFailure } from "~/lib/forms.server";
import { invariantResponse, notFound } from "~/lib/http";
import { redirectWithNotice } from "~/lib/notice.server";
import { acknowledgeStandard } from "~/models/acknowledgement.server";
import { presentStandardPage } from "~/models/handbook.server";
import { rateStandard } from "~/models/rating.server";
import {
  getStandardBySlug,
  publishStandard,
  retireStandard,
  returnStandard,
  submitStandard,
} from "~/models/standard.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...standardsTitle(matches, "standards.detail.metaTitle", { title: data?.content.title ?? "" }),
  { name: "description", content: data?.content.commitment ?? "" },
];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { compare } = StandardPageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = presentStandardPage({ actor: user, slug: params.slug ?? "", compare });
  if (!page) notFound("Standard not found");
  return pageData(page);
}


type Done = { ok: true; intent: "acknowledge" | "rate"; notice: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const standard = getStandardBySlug(params.slug ?? "");
  if (!standard) notFound("Standard not found");
  const formData = await request.formData();
  const intent = StandardIntent.safeParse(formData.get("intent"));
  invariantResponse(intent.success, "Unknown action", 400);
  const locale = await requestLocale(request);
  const t = translator(locale);
  const here = `/standards/${standard.slug}`;
  try {
    switch (intent.data) {
      case "acknowledge": {
        const ack = await acknowledgeStandard({ actor, standardId: standard.id });
        return json<Done>({ ok: true, intent: "acknowledge", notice: t("standards.notices.acknowledged", { version: ack.version }) });
      }
      case "rate": {
        const rating = await rateStandard({ actor, standardId: standard.id, input: formInput(formData) });
        return json<Done>({ ok: true, intent: "rate", notice: t("standards.notices.rated", { month: formatters(locale).month(rating.month) }) });
      }
      case "submit":
        await submitStandard({ actor, standardId: standard.id });
        return redirectWithNotice(here, t("standards.notices.submitted"));
      case "publish": {
        const next = await publishStandard({ actor, standardId: standard.id });
        return redirectWithNotice(here, t("standards.notices.published", { version: next.publishedVersion ?? "" }));
      }
      case "return":
        await returnStandard({ actor, standardId: standard.id, comment: formData.get("comment") });
        return redirectWithNotice(here, t("standards.notices.returned"));
      case "retire":
        await retireStandard({ actor, standardId: standard.id, reason: formData.get("reason") });
        return redirectWithNotice(here, t("standards.notices.retired"));
    }
  } catch (error) {
    return failure(error, formData);
  }
}

type ActionResult = Done | FormFailure | undefined;

/** The failure of the form with this intent, if it was the one that failed. */
function failed(result: ActionResult, intent: string): FormFailure | null {
  return result && !result.ok && result.values.intent === intent ? result : null;
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

function Acknowledge({ data }: { data: PageData }) {
  const t = useT();
  const f = useFormat();
  const fetcher = useFetcher<typeof action>();
  const actionData = useActionData<typeof action>();
  const state = data.acknowledgement;
  if (!state.bound) return null;
  const error = failed(fetcher.data ?? actionData, "acknowledge");
  return (
    <section className="panel your-part" aria-labelledby="ack-title">
      <h2 id="ack-title">{t("standards.acknowledge.title")}</h2>
      {state.acknowledgedAt ? (
        <p className="ack-done">
          <span className="badge badge-ok">✓</span> {t("standards.acknowledge.done", { version: state.version, date: f.date(state.acknowledgedAt) })}
        </p>
      ) : (
        <fetcher.Form method="post" className="stack">
          <FormAlert message={error?.formError} />
          <p>
            {state.previousVersion
              ? t("standards.acknowledge.renewed", { version: state.version, previous: state.previousVersion })
              : t("standards.acknowledge.intro")}
          </p>
          <input type="hidden" name="intent" value="acknowledge" />
          <button type="submit" className="button primary" disabled={fetcher.state !== "idle"}>
            {t("standards.acknowledge.button", { version: state.version })}
          </button>
        </fetcher.Form>
      )}
    </section>
  );
}

function Rate({ data }: { data: PageData }) {
  const t = useT();
  const f = useFormat();
  const fetcher = useFetcher<typeof action>();
  const actionData = useActionData<typeof action>();
  const result = fetcher.data ?? actionData;
  const error = failed(result, "rate");
  const { rating } = data;
  if (!data.inForce) return null;
  if (!rating.may) {
    return (
      <section className="panel your-part" aria-labelledby="rate" id="rate-panel">
        <h2 id="rate" tabIndex={-1}>{t("standards.rate.title")}</h2>
        <p className="hint">{rating.ownTeam ? t("standards.rate.ownTeam") : t("standards.rate.notCustomer")}</p>
      </section>
    );
  }
  const current = rating.current;
  const score = typed(error?.values, "score", current?.score ?? "");
  const done = result && result.ok && result.intent === "rate" ? result.notice : null;
  return (
    <section className="panel your-part rate-panel" aria-labelledby="rate">
      <h2 id="rate" tabIndex={-1}>{t("standards.rate.title")}</h2>
      {done ? <p className="alert alert-success" role="status">{done}</p> : null}
      {current ? (
        <p className="rate-current">
          {t("standards.rate.current", { month: f.month(rating.month), score: current.score, until: f.date(`${rating.until}T00:00:00Z`) })}
        </p>
      ) : null}
      <fetcher.Form method="post" className="stack" noValidate key={current ? `${current.at}` : "new"}>
        <FormAlert message={error ? error.formError ?? t("shell.form.fixErrors") : null} />
        <input type="hidden" name="intent" value="rate" />
        <fieldset className="field score-field" aria-describedby={error?.errors.score ? "score-error" : undefined}>
          <legend>{t("standards.rate.question")}</legend>
          <div className="score-options">
            {(["1", "2", "3", "4", "5"] as const).map((n) => (
              <label key={n} className="score-option">
                <input type="radio" name="score" value={n} defaultChecked={String(score) === n} required />
                <span>{t(`standards.rate.scores.${n}`)}</span>
              </label>
            ))}
          </div>
          <ErrorList id="score-error" errors={error?.errors.score} />
        </fieldset>
        <TextArea
          label={t("standards.rate.comment")}
          name="comment"
          rows={3}
          hint={t("standards.rate.commentHint")}
          defaultValue={typed(error?.values, "comment", current?.comment ?? "")}
          errors={error?.errors.comment}
          maxLength={2000}
        />
        <button type="submit" className="button primary" disabled={fetcher.state !== "idle"}>
          {current ? t("standards.rate.change") : t("standards.rate.submit")}
        </button>
      </fetcher.Form>
    </section>
  );
}

function Lifecycle({ data }: { data: PageData }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const { can, standard } = data;
  if (!can.edit && !can.submit && !can.publish && !can.retire) return null;
  const returnError = failed(actionData, "return");
  const retireError = failed(actionData, "retire");
  const otherError = actionData && !actionData.ok && !returnError && !retireError ? actionData.formError : null;
  const draftLabel = standard.draftVersion ? t("standards.detail.editDraft") : standard.publishedVersion ? t("standards.detail.changePublished") : t("standards.detail.edit");
  return (
    <section className="panel lifecycle" aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">{t("standards.detail.lifecycle")}</h2>
      <FormAlert message={otherError} />
      <div className="actions">
        {can.edit ? <Link className="button" to={`/standards/${standard.slug}/edit`}>{draftLabel}</Link> : null}
        {can.submit ? (
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="button primary">{t("standards.detail.submit")}</button>
          </Form>
        ) : null}
        {can.publish ? (
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" className="button primary">{t("standards.detail.publish", { version: standard.draftVersion ?? "" })}</button>
          </Form>
        ) : null}
      </div>
      {can.return ? (
        <details className="lifecycle-more" open={Boolean(returnError)}>
          <summary>{t("standards.detail.returnSummary")}</summary>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="return" />
            <TextArea label={t("standards.detail.returnComment")} name="comment" rows={3} errors={returnError?.errors.comment} defaultValue={typed(returnError?.values, "comment")} required />
            <button type="submit" className="button">{t("standards.detail.returnButton")}</button>
          </Form>
        </details>
      ) : null}
      {can.retire ? (
        <details className="lifecycle-more" open={Boolean(retireError)}>
          <summary>{t("standards.detail.retireSummary")}</summary>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="retire" />
            <TextArea label={t("standards.detail.retireReason")} name="reason" rows={2} errors={retireError?.errors.reason} defaultValue={typed(retireError?.values, "reason")} required />
            <button type="submit" className="button danger">{t("standards.detail.retireButton")}</button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

function StatusBanners({ data }: { data: PageData }) {
  const t = useT();
  const { standard } = data;
  return (
    <>
      {standard.status === "retired" ? (
        <p className="alert alert-error">{t("standards.detail.retiredBanner", { reason: standard.retiredReason ?? "" })}</p>
      ) : null}
      {standard.publishedVersion === null && standard.status !== "retired" ? (
        <p className="alert alert-info">{t("standards.detail.neverPublished")}</p>
      ) : null}
      {standard.draftState ? (
        <p className="alert alert-info">
          {standard.draftState === "in-review"
            ? t("standards.detail.reviewBanner", { version: standard.draftVersion ?? "" })
            : t("standards.detail.draftBanner", { version: standard.draftVersion ?? "" })}{" "}
          {standard.publishedVersion ? t("standards.detail.pendingNote", { published: standard.publishedVersion }) : null}
        </p>
      ) : null}
      {standard.returnComment && standard.draftState === "draft" ? (
        <p className="alert alert-error">{t("standards.detail.returnedBanner", { comment: standard.returnComment })}</p>
      ) : null}
    </>
  );
}

export default function StandardPage() {
  const t = useT();
  const f = useFormat();
  const data = useLoaderData<typeof loader>();
  const { standard, content, health, comments, versions, history, changes } = data;
  return (
    <article className="standard-page" aria-labelledby="standard-title">
      <header className="standard-head">
        <p className="eyebrow">
          {t("standards.card.provider", { team: standard.teamName })} · <DimensionTag dimension={content.dimension} />
          <FactorBadge factor={content.factor} />
          {standard.status !== "published" ? <span className="badge badge-warn">{t(`standards.status.${standard.status}`)}</span> : null}
        </p>
        <h1 id="standard-title" lang="">{content.title}</h1>
        <p className="hint">
          {t("standards.detail.version", { version: content.version })}
          {!content.isDraft && standard.publishedAt ? <> · {t("standards.detail.publishedOn", { date: f.date(standard.publishedAt) })}</> : null}
        </p>
      </header>

      <StatusBanners data={data} />

      <div className="promise">
        <blockquote className="promise-commitment">
          <p>{content.commitment}</p>
        </blockquote>
        <div className="promise-target">
          <h2 className="promise-target-label">{t("standards.detail.target")}</h2>
          <p className="promise-target-value">
            <TargetText target={{ metric: content.metric, value: content.targetValue, unit: content.unit, period: content.period }} />
          </p>
          <p className="promise-metric">
            <span className="target-label">{t("standards.detail.metric")}</span> {content.metric}
          </p>
        </div>
      </div>

      <div className="columns standard-columns">
        <div className="standard-main">
          <div className="markdown standard-body" lang="" dangerouslySetInnerHTML={{ __html: content.bodyHtml }} />

          <section aria-labelledby="about-title">
            <h2 id="about-title">{t("standards.detail.about")}</h2>
            <dl className="facts">
              <dt>{t("standards.detail.provider")}</dt>
              <dd>{standard.teamName}</dd>
              <dt>{t("standards.detail.serves")}</dt>
              <dd>{content.serves ? content.serves.join(", ") : t("standards.detail.everyone")}</dd>
              <dt>{t("standards.detail.dimension")}</dt>
              <dd>
                {t(`standards.dimensions.${content.dimension}`)} <span className="hint">— {t(`standards.dimensionHints.${content.dimension}`)}</span>
              </dd>
              {content.factor ? (
                <>
                  <dt>{t("standards.detail.factor")}</dt>
                  <dd>
                    {t(`standards.factors.${content.factor}`)} <span className="hint">— {t(`standards.factorHints.${content.factor}`)}</span>
                  </dd>
                </>
              ) : null}
              <dt>{t("standards.detail.policies")}</dt>
              <dd>
                {content.policies.length ? (
                  <ul className="plain-list">
                    {content.policies.map((p) => (
                      <li key={p.slug}>
                        <Link to={`/policies/${p.slug}`}>{p.title}</Link>
                        {p.retired ? <span className="badge badge-muted">{t("standards.status.retired")}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  t("standards.detail.noPolicies")
                )}
              </dd>
            </dl>
          </section>
        </div>

        <aside className="standard-side">
          <Lifecycle data={data} />
          <Acknowledge data={data} />
          {health ? (
            <section className="panel health-panel" aria-labelledby="health-title">
              <h2 id="health-title">{t("standards.detail.health")}</h2>
              <p className="health-figure">
                <HealthBadge health={health} />
              </p>
              <p className="hint">
                {t("standards.health.ratings", { count: health.count })}
                {health.previousAverage !== null ? <> · {t("standards.health.previous", { average: f.number(health.previousAverage) })}</> : null}
              </p>
              <TrendChart trend={health.trend} />
              {comments.length ? (
                <>
                  <h3>{t("standards.detail.comments")}</h3>
                  <ul className="rating-comments">
                    {comments.map((c, i) => (
                      <li key={i}>
                        <p>“{c.comment}”</p>
                        <p className="hint">{t("standards.detail.commentMeta", { team: c.team, month: f.month(c.month), score: c.score })}</p>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </section>
          ) : null}
          <Rate data={data} />
        </aside>
      </div>

      <section aria-labelledby="history-title" className="standard-history">
        <h2 id="history-title">{t("standards.detail.history")}</h2>
        {changes ? (
          <div className="panel" id="changes">
            <h3>
              {changes.kind === "draft"
                ? t("standards.detail.draftChangesTitle", { to: changes.to })
                : t("standards.detail.changesTitle", { to: changes.to })}
            </h3>
            <p className="hint">{changes.from ? t("standards.detail.changesFrom", { from: changes.from }) : t("standards.detail.changesFirst")}</p>
            <VersionDiff changes={changes.changes} />
          </div>
        ) : null}
        <h3>{t("standards.detail.versions")}</h3>
        <TableScroll label={t("standards.detail.versions")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("standards.detail.versionCol")}</th>
                <th scope="col">{t("standards.detail.stateCol")}</th>
                <th scope="col">{t("standards.detail.authorCol")}</th>
                <th scope="col">{t("standards.detail.dateCol")}</th>
                <th scope="col">{t("standards.detail.changesCol")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.number}>
                  <th scope="row">{v.number}</th>
                  <td>
                    <span className={`badge ${v.state === "in-force" ? "badge-ok" : v.state === "draft" || v.state === "in-review" ? "badge-warn" : "badge-muted"}`}>
                      {t(`standards.versionState.${v.state}`)}
                    </span>
                  </td>
                  <td>{v.author ?? "—"}</td>
                  <td>{f.date(v.publishedAt ?? v.at)}</td>
                  <td>
                    <Link to={`?compare=${v.number}#changes`} preventScrollReset>
                      {t("standards.detail.showChanges")}
                      <span className="visually-hidden"> ({t("standards.detail.version", { version: v.number })})</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {history.length ? (
          <>
            <h3>{t("standards.detail.events")}</h3>
            <ol className="standard-timeline">
              {history.map((h) => (
                <li key={h.seq}>
                  <strong>{t(`standards.events.${h.step}`)}</strong>
                  {h.version ? <> · {t("standards.detail.version", { version: h.version })}</> : null}
                  <span className="hint"> — {t("standards.detail.byOn", { who: h.actor ?? "—", date: f.dateTime(h.at) })}</span>
                  {h.note ? <p className="standard-timeline-note">{h.note}</p> : null}
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </section>
    </article>
  );
}

function NotFoundBoundary() {
  const t = useT();
  return <GeneralErrorBoundary statusHandlers={{ 404: () => t("standards.detail.notFound") }} />;
}

export function ErrorBoundary() {
  return <NotFoundBoundary />;
}
