import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFormat, useT } from "~/components/i18n";
import { ListLink } from "~/components/link";
import { Pagination } from "~/components/pagination";
import { PolicyBadges, PurposeTagList, hasBadges } from "~/components/policy-badges";
import { CatalogueFilters } from "~/components/policy-filters";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { hasRole } from "~/models/actor";
import { pendingPolicyAcknowledgements } from "~/models/acknowledgement.server";
import { catalogueFilterOptions, catalogueSearch, listCatalogue, parseCatalogueQuery } from "~/models/catalogue.server";
import { pageTitle } from "~/components/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("policies.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const query = parseCatalogueQuery(url.searchParams);
  // One address per view: empty or unknown filters are dropped, so shared links stay short.
  const canonical = catalogueSearch(query);
  if (url.search !== canonical && !(url.search === "?" && canonical === "")) throw redirect(`/policies${canonical}`);

  const result = await listCatalogue(query);
  const { page: _page, ...filters } = query;
  const toAcknowledge = pendingPolicyAcknowledgements(user);
  return pageData({
    forYou: { toAcknowledge: toAcknowledge.slice(0, 5), toAcknowledgeCount: toAcknowledge.length },
    rows: result.rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      teamName: r.teamName,
      purposeTags: r.purposeTags,
      customerHours: r.customerHours,
      nextReviewOn: r.nextReviewOn,
      status: r.status,
      overdue: r.overdue,
      orphan: r.orphan,
      missingPurpose: r.missingPurpose,
    })),
    total: result.total,
    totalHours: result.totalHours,
    page: result.page,
    pages: result.pages,
    filters,
    exportSearch: catalogueSearch(filters),
    filtered: catalogueSearch({ ...filters, sort: "hours" }) !== "",
    options: catalogueFilterOptions(),
    canManage: hasRole(user, "manager"),
  });
}

export default function Catalogue() {
  const t = useT();
  const f = useFormat();
  const data = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="catalogue-title">
      <div className="page-head">
        <h1 id="catalogue-title">{t("policies.catalogue.title")}</h1>
        {data.canManage ? (
          <div className="actions">
            <ListLink to="/policies/new" className="button primary">
              {t("policies.catalogue.new")}
            </ListLink>
            <ListLink to="/policies/import" className="button">
              {t("policies.catalogue.import")}
            </ListLink>
          </div>
        ) : null}
      </div>
      <p className="lead">{t("policies.catalogue.lead")}</p>

      {data.forYou.toAcknowledgeCount ? (
        <aside className="panel for-you" aria-labelledby="policies-for-you">
          <h2 id="policies-for-you">{t("policies.acknowledge.forYouTitle")}</h2>
          <p>{t("policies.acknowledge.forYou", { count: data.forYou.toAcknowledgeCount })}</p>
          <ul>
            {data.forYou.toAcknowledge.map((p) => (
              <li key={p.slug}>
                <ListLink to={`/policies/${p.slug}#acknowledge`}>
                  <span lang="">{p.title}</span>
                </ListLink>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
      {data.canManage ? (
        <p>
          <ListLink to="/policies/acknowledgements">{t("policies.acknowledge.progressLink")}</ListLink>
        </p>
      ) : null}

      {/* Keyed by the filters, so that a link that changes them shows its choices in the form. */}
      <CatalogueFilters key={data.exportSearch} values={data.filters} options={data.options} />

      <div className="catalogue-summary">
        <p role="status">
          {t("policies.catalogue.count", { count: data.total, hours: f.number(data.totalHours) })}
        </p>
        <p className="actions export-links">
          <span>{t("policies.catalogue.exportLabel")}:</span>
          <a href={`/policies/export.csv${data.exportSearch}`} download>
            {t("policies.catalogue.exportCsv")}
          </a>
          <a href={`/policies/export.json${data.exportSearch}`} download>
            {t("policies.catalogue.exportJson")}
          </a>
        </p>
      </div>

      {data.rows.length ? (
        <TableScroll labelledBy="catalogue-title">
          <table className="catalogue">
            <thead>
              <tr>
                <th scope="col">{t("policies.catalogue.columns.title")}</th>
                <th scope="col">{t("policies.catalogue.columns.team")}</th>
                <th scope="col">{t("policies.catalogue.columns.purpose")}</th>
                <th scope="col" className="num">
                  {t("policies.catalogue.columns.hours")}
                </th>
                <th scope="col">{t("policies.catalogue.columns.nextReview")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.slug}>
                  <td>
                    <ListLink to={`/policies/${row.slug}`} className="policy-link">
                      {row.title}
                    </ListLink>
                    {hasBadges(row) ? (
                      <div>
                        <PolicyBadges status={row.status} overdue={row.overdue} orphan={row.orphan} missingPurpose={row.missingPurpose} />
                      </div>
                    ) : null}
                  </td>
                  <td data-label={t("policies.catalogue.columns.team")}>{row.teamName}</td>
                  <td data-label={t("policies.catalogue.columns.purpose")}>
                    <PurposeTagList tags={row.purposeTags} />
                  </td>
                  <td className="num" data-label={t("policies.catalogue.columns.hours")}>
                    {f.number(row.customerHours)}
                  </td>
                  <td data-label={t("policies.catalogue.columns.nextReview")}>{f.date(row.nextReviewOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="panel">{data.filtered ? t("policies.catalogue.none") : t("policies.catalogue.noneAtAll")}</p>
      )}
      <Pagination page={data.page} pages={data.pages} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
