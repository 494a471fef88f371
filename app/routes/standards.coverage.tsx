import { ShareMeter } from "~/components/share-meter";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CoverageQuery } from "~/lib/standards-forms.server";
import { standardsTitle } from "~/components/standard-meta";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { isAdmin } from "~/models/actor";
import { coverage } from "~/models/acknowledgement.server";
import { throwStatus } from "~/lib/forms.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => standardsTitle(matches, "standards.coverage.metaTitle");


export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const { team } = CoverageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const admin = isAdmin(user);
  try {
    const teams = coverage({ actor: user, teamId: team });
    // Admins first see every team at a glance, then one team in detail.
    const detailed = !admin || Boolean(team);
    return pageData({
      admin,
      detailed,
      teams: teams.map((c) => ({
        teamId: c.teamId,
        teamName: c.teamName,
        members: c.members,
        given: c.given,
        expected: c.expected,
        standards: detailed ? c.standards : [],
        count: c.standards.length,
      })),
    });
  } catch (error) {
    throwStatus(error);
  }
}

export default function Coverage() {
  const t = useT();
  const { admin, detailed, teams } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="coverage-title">
      <h1 id="coverage-title">{t("standards.coverage.title")}</h1>
      <p className="lead">
        {admin ? t("standards.coverage.leadAdmin") : t("standards.coverage.leadManager", { team: teams[0]?.teamName ?? "" })}
      </p>
      {admin ? (
        <TableScroll label={t("standards.coverage.allTeams")}>
          <table>
            <caption className="visually-hidden">{t("standards.coverage.allTeams")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("standards.coverage.team")}</th>
                <th scope="col" className="num">{t("standards.coverage.standards")}</th>
                <th scope="col" className="num">{t("standards.coverage.members")}</th>
                <th scope="col">{t("standards.coverage.coverage")}</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((c) => (
                <tr key={c.teamId}>
                  <th scope="row">
                    <Link to={`?team=${c.teamId}`}>{c.teamName}</Link>
                  </th>
                  <td className="num">{c.count}</td>
                  <td className="num">{c.members}</td>
                  <td>{c.expected ? <ShareMeter given={c.given} expected={c.expected} words={t("standards.coverage.given", { given: c.given, expected: c.expected })} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {detailed
        ? teams.map((c) => (
            <section key={c.teamId} aria-labelledby={`cov-${c.teamId}`} className="coverage-team">
              <h2 id={`cov-${c.teamId}`}>{c.teamName}</h2>
              {admin ? <p><Link to="/standards/coverage">{t("standards.coverage.allTeams")}</Link></p> : null}
              {c.standards.length === 0 ? (
                <p className="empty">{t("standards.coverage.noStandards")}</p>
              ) : (
                <TableScroll labelledBy={`cov-${c.teamId}`}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("standards.coverage.standard")}</th>
                        <th scope="col" className="num">{t("standards.coverage.version")}</th>
                        <th scope="col">{t("standards.coverage.acknowledged")}</th>
                        <th scope="col">{t("standards.coverage.missing")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.standards.map((s) => (
                        <tr key={s.slug}>
                          <th scope="row">
                            <Link to={`/standards/${s.slug}`}>{s.title}</Link>
                          </th>
                          <td className="num">{s.version}</td>
                          <td>
                            <ShareMeter given={s.acknowledged} expected={s.members} words={t("standards.coverage.given", { given: s.acknowledged, expected: s.members })} />
                          </td>
                          <td>
                            {s.missing.length ? (
                              s.missing.map((m) => m.name).join(", ")
                            ) : (
                              <span className="badge badge-ok">{t("standards.coverage.everyone")}</span>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
            </section>
          ))
        : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
