import { ShareMeter } from "~/components/share-meter";
import { TableScroll } from "~/components/table-scroll";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { requireRole } from "~/lib/auth.server";
import { CoverageQuery } from "~/lib/standards-forms.server";
import { pageData } from "~/lib/page-data.server";
import { isAdmin } from "~/models/actor";
import { policyCoverage } from "~/models/acknowledgement.server";
import { throwStatus } from "~/lib/forms.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("policies.acknowledgements.metaTitle"), t("policies.title")]);

/** Progress of the policies' acknowledgements, per team: managers their own team, admins every team (or one). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const { team } = CoverageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const teams = policyCoverage({ actor: user, teamId: team });
    return pageData({ admin: isAdmin(user), team, teams, ownTeam: teams[0]?.teamName ?? "" });
  } catch (error) {
    throwStatus(error);
  }
}

export default function PolicyAcknowledgements() {
  const t = useT();
  const { admin, team, teams, ownTeam } = useLoaderData<typeof loader>();
  const exportHref = `/policies/acknowledgements.csv${team ? `?team=${encodeURIComponent(team)}` : ""}`;
  return (
    <section aria-labelledby="acks-title">
      <h1 id="acks-title">{t("policies.acknowledgements.title")}</h1>
      <p className="lead">{admin ? t("policies.acknowledgements.leadAdmin") : t("policies.acknowledgements.leadManager", { team: ownTeam })}</p>
      <p>
        <a href={exportHref} download>
          {t("policies.acknowledgements.export")}
        </a>
        {admin && team ? (
          <>
            {" · "}
            <Link to="/policies/acknowledgements">{t("policies.acknowledgements.allTeams")}</Link>
          </>
        ) : null}
      </p>
      {teams.length === 0 ? <p className="empty">{t("policies.acknowledgements.noneAnywhere")}</p> : null}
      {teams.map((c) => (
        <section key={c.teamId} aria-labelledby={`acks-${c.teamId}`} className="coverage-team">
          <h2 id={`acks-${c.teamId}`}>
            {admin && !team ? <Link to={`?team=${c.teamId}`}>{c.teamName}</Link> : c.teamName}{" "}
            <span className="hint">{t("policies.acknowledgements.members", { count: c.members })}</span>
          </h2>
          {c.policies.length === 0 ? (
            <p className="empty">{t("policies.acknowledgements.none")}</p>
          ) : (
            <>
              <p>
                <ShareMeter given={c.given} expected={c.expected} words={t("policies.acknowledgements.given", { given: c.given, expected: c.expected })} />
              </p>
              <TableScroll labelledBy={`acks-${c.teamId}`}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("policies.acknowledgements.policy")}</th>
                      <th scope="col" className="num">
                        {t("policies.acknowledgements.revision")}
                      </th>
                      <th scope="col">{t("policies.acknowledgements.acknowledged")}</th>
                      <th scope="col">{t("policies.acknowledgements.missing")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.policies.map((p) => (
                      <tr key={p.slug}>
                        <th scope="row">
                          <Link to={`/policies/${p.slug}`} lang="">
                            {p.title}
                          </Link>
                        </th>
                        <td className="num">{p.version}</td>
                        <td>
                          <ShareMeter given={p.acknowledged} expected={p.members} words={t("policies.acknowledgements.given", { given: p.acknowledged, expected: p.members })} />
                        </td>
                        <td>
                          {p.missing.length ? (
                            p.missing.map((m) => m.name).join(", ")
                          ) : (
                            <span className="badge badge-ok">{t("policies.acknowledgements.everyone")}</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </>
          )}
        </section>
      ))}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
