import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AcknowledgeForm } from "~/lib/standards-forms.server";
import { standardsTitle } from "~/components/standard-meta";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFormat, useT } from "~/components/i18n";
import { HealthBadge } from "~/components/standard-health";
import { requestTranslator } from "~/lib/locale.server";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure } from "~/lib/forms.server";
import { invariantResponse, notFound } from "~/lib/http";
import { redirectWithNotice } from "~/lib/notice.server";
import { hasRole } from "~/models/actor";
import { acknowledgeStandard, teamCommitments } from "~/models/acknowledgement.server";
import { getStandardBySlug } from "~/models/standard.server";

export const meta: MetaFunction = ({ matches }) => standardsTitle(matches, "standards.mine.metaTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return pageData({ ...teamCommitments(user), isManager: hasRole(user, "manager") });
}


export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const formData = await request.formData();
  const parsed = AcknowledgeForm.safeParse(Object.fromEntries(formData));
  invariantResponse(parsed.success, "Unknown action", 400);
  const standard = getStandardBySlug(parsed.data.slug);
  if (!standard) notFound("Standard not found");
  let version: number;
  try {
    version = (await acknowledgeStandard({ actor, standardId: standard.id })).version;
  } catch (error) {
    return failure(error, formData);
  }
  const t = await requestTranslator(request);
  return redirectWithNotice("/standards/mine", t("standards.notices.acknowledged", { version }));
}

export default function MyCommitments() {
  const t = useT();
  const f = useFormat();
  const { teamName, commitments, toAcknowledge, isManager } = useLoaderData<typeof loader>();
  const published = commitments.filter((c) => c.publishedVersion !== null);
  return (
    <section aria-labelledby="mine-title">
      <div className="page-head">
        <h1 id="mine-title">{t("standards.mine.title")}</h1>
        {isManager ? (
          <div className="actions">
            <Link className="button" to="/standards/new">{t("standards.handbook.draft")}</Link>
            <Link to="/standards/coverage">{t("standards.mine.coverageLink")}</Link>
          </div>
        ) : null}
      </div>
      <p className="lead">{t("standards.mine.lead", { team: teamName })}</p>
      {published.length && !toAcknowledge ? <p className="alert alert-success">{t("standards.mine.allDone")}</p> : null}
      {commitments.length === 0 ? (
        <p className="empty">{t("standards.mine.none", { team: teamName })}</p>
      ) : (
        <ul className="commitment-list" role="list">
          {commitments.map((c) => {
            const ack = c.acknowledgement;
            return (
              <li key={c.slug} className="card commitment-item">
                <div className="commitment-main">
                  <h2 className="commitment-title">
                    <Link to={`/standards/${c.slug}`}>{c.title}</Link>
                  </h2>
                  <p className="commitment">{c.commitment}</p>
                  {c.health ? <HealthBadge health={c.health} /> : null}
                </div>
                <div className="commitment-state">
                  {c.publishedVersion === null ? (
                    <span className="badge badge-warn">
                      {t("standards.mine.notPublished", { status: t(`standards.status.${c.draftState ?? c.status}`) })}
                    </span>
                  ) : ack.bound && ack.acknowledgedAt ? (
                    <p className="ack-done">
                      <span className="badge badge-ok">✓</span> {t("standards.mine.acknowledged", { version: ack.version, date: f.date(ack.acknowledgedAt) })}
                    </p>
                  ) : ack.bound ? (
                    <Form method="post" className="stack">
                      <p className="badge badge-warn">
                        {ack.previousVersion
                          ? t("standards.mine.renewed", { version: ack.version, previous: ack.previousVersion })
                          : t("standards.mine.pending", { version: ack.version })}
                      </p>
                      <input type="hidden" name="intent" value="acknowledge" />
                      <input type="hidden" name="slug" value={c.slug} />
                      <button type="submit" className="button primary small">
                        {t("standards.mine.button")}
                        <span className="visually-hidden"> — {c.title}</span>
                      </button>
                    </Form>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
