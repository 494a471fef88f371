import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { ListLink } from "~/components/link";
import { Pagination } from "~/components/pagination";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { searchPage, searchReady } from "~/lib/search.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => [data?.q, t("policies.search.title")]);

/** The header's search: ranked results across policies and published standards. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const params = new URL(request.url).searchParams;
  // Parsed by hand: a zod import here would ship zod to the browser with this route.
  const q = (params.get("q") ?? "").trim().slice(0, 200);
  const kindParam = params.get("kind");
  const kind = kindParam === "policy" || kindParam === "standard" ? kindParam : undefined;
  const page = Number(params.get("page")) || 1;
  if (q) await searchReady(); // just after a start, the index may still be being built
  const result = q ? searchPage(q, { kind, page }) : { hits: [], total: 0, page: 1, pages: 1 };
  return pageData({
    q,
    kind: kind ?? null,
    total: result.total,
    page: result.page,
    pages: result.pages,
    hits: result.hits.map((h) => ({
      key: h.id,
      kind: h.kind,
      href: h.kind === "policy" ? `/policies/${h.slug}` : `/standards/${h.slug}`,
      title: h.title,
      summary: h.summary,
      team: h.team,
      retired: h.status === "retired",
    })),
  });
}

export default function Search() {
  const t = useT();
  const { q, kind, hits, total, page, pages } = useLoaderData<typeof loader>();
  const id = useId();
  const kindHref = (k: string | null) => `/search?${new URLSearchParams({ q, ...(k ? { kind: k } : {}) })}`;
  return (
    <section aria-labelledby="search-title" className="search-page">
      <h1 id="search-title">{q ? t("policies.search.resultsFor", { q }) : t("policies.search.title")}</h1>
      <Form method="get" action="/search" role="search" className="search-form">
        <label htmlFor={id} className="visually-hidden">
          {t("policies.search.label")}
        </label>
        <input id={id} type="search" name="q" defaultValue={q} placeholder={t("policies.search.label")} />
        {kind ? <input type="hidden" name="kind" value={kind} /> : null}
        <button type="submit" className="button primary">
          {t("policies.search.submit")}
        </button>
      </Form>
      {q ? (
        <nav aria-label={t("policies.search.kindLabel")} className="sub-nav">
          <ul role="list">
            {([null, "policy", "standard"] as const).map((k) => (
              <li key={k ?? "all"}>
                <Link to={kindHref(k)} className={kind === k ? "active" : undefined} aria-current={kind === k ? "page" : undefined}>
                  {t(`policies.search.kinds.${k ?? "all"}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {!q ? (
        <p className="lead">{t("policies.search.prompt")}</p>
      ) : hits.length === 0 ? (
        <p className="panel">{t("policies.search.none", { q })}</p>
      ) : (
        <>
          <p role="status" className="hint">
            {t("policies.search.count", { count: total })}
          </p>
          <ol className="search-results" role="list">
            {hits.map((hit) => (
              <li key={hit.key} className="search-result">
                <p className="result-meta">
                  <span className={hit.kind === "policy" ? "badge" : "badge badge-ok"}>{t(`policies.search.kind.${hit.kind}`)}</span>
                  {hit.team ? <span className="hint">{hit.team}</span> : null}
                  {hit.retired ? <span className="badge badge-muted">{t("policies.badges.retired")}</span> : null}
                </p>
                <h2 className="result-title">
                  <ListLink to={hit.href}>{hit.title}</ListLink>
                </h2>
                {hit.summary ? <p className="result-summary">{hit.summary}</p> : null}
              </li>
            ))}
          </ol>
          <Pagination page={page} pages={pages} />
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
