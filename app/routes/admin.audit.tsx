import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useFormat, useT } from "~/components/i18n";
import { Pagination } from "~/components/pagination";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { listActivity } from "~/models/activity.server";
import { pageTitle } from "~/components/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("admin.audit"), t("admin.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const requested = Number(new URL(request.url).searchParams.get("page"));
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  return pageData(await listActivity({ actor, page }));
}

function summarise(values: Record<string, unknown> | null) {
  if (!values) return "";
  return Object.entries(values)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
}

export default function Audit() {
  const t = useT();
  const f = useFormat();
  const { rows, page, pages } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("admin.audit")}</h1>
      <TableScroll labelledBy="audit-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.when")}</th>
              <th scope="col">{t("admin.who")}</th>
              <th scope="col">{t("admin.what")}</th>
              <th scope="col">{t("admin.item")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq}>
                <td>{f.dateTime(r.at)}</td>
                <td>{r.actor ?? "—"}</td>
                <td>
                  <span title={r.type}>{t(`admin.events.${r.type}`)}</span>
                  {r.before || r.after ? (
                    <div className="hint">
                      {r.before ? <span>{summarise(r.before)} → </span> : null}
                      {summarise(r.after)}
                    </div>
                  ) : null}
                </td>
                <td>{r.subject.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Pagination page={page} pages={pages} />
    </section>
  );
}
