import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormAlert } from "~/components/forms";
import { failure } from "~/lib/forms.server";
import { requestTranslator } from "~/lib/locale.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFormat, useT } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { NotFoundError } from "~/models/errors";
import { outboxMessage, retryDelivery } from "~/models/outbox.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("notifications.admin.outbox"), t("admin.title")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "admin");
  try {
    return pageData(outboxMessage({ actor, deliveryId: params.deliveryId ?? "" }));
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Not Found", { status: 404 });
    throw error;
  }
}

/** Send a failed mail again (admins). */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const formData = await request.formData();
  if (formData.get("intent") !== "retry") throw new Response("Bad Request: unknown action", { status: 400 });
  const t = await requestTranslator(request);
  const id = params.deliveryId ?? "";
  try {
    await retryDelivery({ actor, deliveryId: id });
    return redirectWithNotice(`/admin/outbox/${encodeURIComponent(id)}`, t("notifications.admin.retried"));
  } catch (error) {
    return failure(error, formData);
  }
}

export default function OutboxMessage() {
  const t = useT();
  const f = useFormat();
  const m = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="mail-title">
      <p><Link to="/admin/outbox">{t("notifications.admin.back")}</Link></p>
      <h1 id="mail-title" lang={m.locale}>{m.subject}</h1>
      <p>
        {t(`notifications.admin.states.${m.state === "queued" && m.attempts > 0 ? "retrying" : m.state}`)}
        {m.lastReason ? ` — ${m.lastReason}` : ""}
      </p>
      {m.state === "failed" ? (
        <Form method="post" className="stack">
          <FormAlert message={result?.formError} />
          <p className="hint">{t("notifications.admin.retryHint", { attempts: m.attempts })}</p>
          <button type="submit" name="intent" value="retry" className="button">{t("notifications.admin.retry")}</button>
        </Form>
      ) : null}
      <h2>{t("notifications.admin.headers")}</h2>
      <dl className="facts mail-headers" lang={m.locale}>
        {Object.entries(m.headers).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("notifications.admin.textPart")}</h2>
      <pre className="mail-text" lang={m.locale}>{m.text}</pre>
      <h2>{t("notifications.admin.htmlPart")}</h2>
      {/* The HTML part is made by composeMail from escaped values only: nothing a user wrote is markup. */}
      <div className="mail-html" lang={m.locale} dangerouslySetInnerHTML={{ __html: m.html.replace(/^[\s\S]*<body[^>]*>|<\/body>[\s\S]*$/g, "") }} />
      <h2>{t("notifications.admin.log")}</h2>
      <ol className="delivery-log">
        {m.log.map((entry, i) => (
          <li key={i}>
            <time dateTime={entry.at}>{f.dateTime(entry.at)}</time> — {t(`notifications.admin.states.${entry.state}`)}
            {entry.reason ? `: ${entry.reason}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
