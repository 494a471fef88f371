import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useFormat, useT } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { Pagination } from "~/components/pagination";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { outboxPage, parseDeliveryState } from "~/models/outbox.server";
import { DELIVERY_STATES } from "~/store/schema";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("notifications.admin.outbox"), t("admin.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const params = new URL(request.url).searchParams;
  const requested = Number(params.get("page"));
  const state = parseDeliveryState(params.get("state"));
  const result = outboxPage({ actor, page: Number.isInteger(requested) && requested >= 1 ? requested : 1, state });
  return pageData({ ...result, state });
}

export default function Outbox() {
  const t = useT();
  const f = useFormat();
  const { rows, page, pages, smtpHost, state, total } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t("notifications.admin.outbox")}</h1>
      <p>{t("notifications.admin.intro")}</p>
      <p className={smtpHost ? "hint" : "alert alert-info"}>
        {smtpHost ? t("notifications.admin.smtpOn", { host: smtpHost }) : t("notifications.admin.smtpOff")}
      </p>
      <Form method="get" className="inline-form">
        <label htmlFor="outbox-state">{t("notifications.admin.filter")}</label>{" "}
        <select id="outbox-state" name="state" defaultValue={state ?? ""}>
          <option value="">{t("notifications.admin.all")}</option>
          {DELIVERY_STATES.map((s) => (
            <option key={s} value={s}>{t(`notifications.admin.states.${s}`)}</option>
          ))}
        </select>{" "}
        <button type="submit" className="button">{t("notifications.admin.filter")}</button>
      </Form>
      {total === 0 ? (
        <p>{t("notifications.admin.empty")}</p>
      ) : (
        <TableScroll labelledBy="outbox-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("notifications.admin.created")}</th>
                <th scope="col">{t("notifications.admin.to")}</th>
                <th scope="col">{t("notifications.admin.subject")}</th>
                <th scope="col">{t("notifications.admin.state")}</th>
                <th scope="col">{t("notifications.admin.attempts")}</th>
                <th scope="col">{t("notifications.admin.nextAttempt")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{f.dateTime(r.createdAt)}</td>
                  <td>{r.to}</td>
                  <td>
                    <Link to={`/admin/outbox/${encodeURIComponent(r.id)}`} lang={r.locale}>{r.subject}</Link>
                  </td>
                  <td>
                    {t(`notifications.admin.states.${r.state === "queued" && r.attempts > 0 ? "retrying" : r.state}`)}
                    {r.lastReason ? <div className="hint">{r.lastReason}</div> : null}
                  </td>
                  <td>{r.attempts}</td>
                  <td>{r.nextAttemptAt ? f.dateTime(r.nextAttemptAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  );
}
