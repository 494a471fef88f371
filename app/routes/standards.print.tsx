import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { standardsTitle } from "~/components/standard-meta";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFormat, useT } from "~/components/i18n";
import { DimensionTag, FactorBadge, TargetText } from "~/components/standard-card";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { printableHandbook } from "~/models/handbook.server";

export const meta: MetaFunction = ({ matches }) => standardsTitle(matches, "standards.print.metaTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return pageData(printableHandbook());
}

/** A print button needs the browser; without JavaScript the hint says how. */
function PrintButton() {
  const t = useT();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="button primary" onClick={() => window.print()}>
      {t("standards.print.button")}
    </button>
  );
}

export default function PrintHandbook() {
  const t = useT();
  const f = useFormat();
  const { at, groups } = useLoaderData<typeof loader>();
  return (
    <article className="print-handbook" aria-labelledby="print-title">
      <header className="print-cover">
        <div className="page-head">
          <h1 id="print-title">{t("standards.print.title")}</h1>
          <div className="no-print actions">
            <PrintButton />
          </div>
        </div>
        <p className="lead">{t("standards.print.lead", { date: f.date(at) })}</p>
        <p className="hint no-print">{t("standards.print.hint")}</p>
        <nav aria-labelledby="print-contents" className="print-contents">
          <h2 id="print-contents">{t("standards.print.contents")}</h2>
          <ol>
            {groups.map((g) => (
              <li key={g.teamId}>
                <a href={`#print-${g.teamId}`}>{g.teamName}</a>
                <ol>
                  {g.standards.map((s) => (
                    <li key={s.slug}>
                      <a href={`#print-${s.slug}`}>{s.title}</a>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </nav>
      </header>
      {groups.map((g) => (
        <section key={g.teamId} id={`print-${g.teamId}`} className="print-team" aria-labelledby={`print-${g.teamId}-title`}>
          <h2 id={`print-${g.teamId}-title`}>{g.teamName}</h2>
          {g.standards.map((s) => (
            <section key={s.slug} id={`print-${s.slug}`} className="print-standard" aria-labelledby={`print-${s.slug}-title`}>
              <h3 id={`print-${s.slug}-title`}>{s.title}</h3>
              <p className="print-commitment">{s.commitment}</p>
              <dl className="facts">
                <dt>{t("standards.detail.target")}</dt>
                <dd>
                  <TargetText target={s.target} /> — {s.target.metric}
                </dd>
                <dt>{t("standards.detail.serves")}</dt>
                <dd>{s.serves ? s.serves.join(", ") : t("standards.detail.everyone")}</dd>
                <dt>{t("standards.detail.dimension")}</dt>
                <dd>
                  <DimensionTag dimension={s.dimension} /> <FactorBadge factor={s.factor} />
                </dd>
                <dt>{t("standards.detail.versionCol")}</dt>
                <dd>
                  {s.version}
                  {s.publishedAt ? ` · ${t("standards.detail.publishedOn", { date: f.date(s.publishedAt) })}` : ""}
                </dd>
                {s.policies.length ? (
                  <>
                    <dt>{t("standards.detail.policies")}</dt>
                    <dd>{s.policies.join(", ")}</dd>
                  </>
                ) : null}
              </dl>
              <div className="markdown" lang="" dangerouslySetInnerHTML={{ __html: s.bodyHtml }} />
            </section>
          ))}
        </section>
      ))}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
