import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { listPeople } from "~/models/person.server";
import { listTeams } from "~/models/team.server";
import { pageTitle } from "~/components/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("admin.people"), t("admin.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const [people, teams] = await Promise.all([listPeople(), listTeams()]);
  const teamNames = Object.fromEntries(teams.map((t) => [t.id, t.name]));
  return pageData({ people: people.map((p) => ({ ...p, team: teamNames[p.teamId] ?? "" })) });
}

export default function AdminPeople() {
  const t = useT();
  const { people } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="people-title">
      <div className="page-head">
        <h1 id="people-title">{t("admin.people")}</h1>
        <div className="actions">
          <Link to="/admin/people/new" className="button primary">{t("admin.newPerson")}</Link>
          <Link to="/admin/people/import" className="button">{t("signin.directory.import")}</Link>
          <a href="/admin/people/export.csv" className="button" download>{t("signin.directory.export")}</a>
        </div>
      </div>
      <TableScroll labelledBy="people-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.name")}</th>
              <th scope="col">{t("admin.email")}</th>
              <th scope="col">{t("admin.team")}</th>
              <th scope="col">{t("admin.role")}</th>
              <th scope="col">{t("admin.status")}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td><Link to={`/admin/people/${p.id}`}>{p.name}</Link></td>
                <td>{p.email}</td>
                <td>{p.team}</td>
                <td>{t(`shell.roles.${p.role}`)}</td>
                <td>{p.active ? t("admin.active") : <span className="badge badge-muted">{t("admin.inactive")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
