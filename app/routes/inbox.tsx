import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useFormat, useT } from "~/components/i18n";
import { Pagination } from "~/components/pagination";
import { requestLocale, requestTranslator } from "~/lib/locale.server";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/lib/auth.server";
import { failure } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { notificationText } from "~/lib/notification-text.server";
import { pageData } from "~/lib/page-data.server";
import { safeRedirect } from "~/lib/http";
import { inboxPage, markAllRead, markRead, parseInboxAction } from "~/models/notification.server";
import { getStore } from "~/store/index.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("notifications.inbox.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const requested = Number(new URL(request.url).searchParams.get("page"));
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  const locale = await requestLocale(request, getStore().data.people[user.id] ?? null);
  const result = inboxPage({ actor: user, page });
  return pageData({
    page: result.page,
    pages: result.pages,
    unread: result.unread,
    rows: result.rows.map((n) => {
      const words = notificationText(n, locale);
      return { id: n.id, title: words.title, body: words.body, reason: words.reason, link: n.link, at: n.at, read: n.readAt !== null };
    }),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const parsed = parseInboxAction(formData);
  if (!parsed.success) throw new Response("Bad Request: unknown action", { status: 400 });
  const t = await requestTranslator(request);
  try {
    if (parsed.data.intent === "read") {
      const n = await markRead({ actor: user, notificationId: parsed.data.id });
      // "Open" marks it read and goes to the page where the action is; "Mark as read" stays here.
      if (parsed.data.next === "open") return redirect(safeRedirect(n.link, "/inbox"), 303);
      return redirect(safeRedirect(new URL(request.url).searchParams.get("back"), "/inbox"), 303);
    }
    await markAllRead({ actor: user });
    return redirectWithNotice("/inbox", t("notifications.inbox.allRead"));
  } catch (error) {
    return failure(error, formData);
  }
}

export default function Inbox() {
  const t = useT();
  const f = useFormat();
  const { rows, page, pages, unread } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="inbox-title" className="inbox">
      <div className="page-head">
        <h1 id="inbox-title">{t("notifications.inbox.title")}</h1>
        <p className="hint">
          {t("notifications.inbox.unreadOnly", { count: unread })} · <Link to="/account/notifications">{t("notifications.inbox.settings")}</Link>
        </p>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="button">{t("notifications.inbox.markAllRead")}</button>
          </Form>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p>{t("notifications.inbox.empty")}</p>
      ) : (
        <ol className="notification-list">
          {rows.map((n) => (
            <li key={n.id} className={n.read ? "notification" : "notification unread"}>
              <h2 className="notification-title">
                {n.read ? null : <span className="badge">{t("notifications.inbox.unreadLabel")}</span>} {n.title}
              </h2>
              {n.body ? <p>{n.body}</p> : null}
              <p className="hint">
                <time dateTime={n.at}>{f.dateTime(n.at)}</time> · {n.reason}
              </p>
              <div className="notification-actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <input type="hidden" name="next" value="open" />
                  <button type="submit" className="button primary">{t("notifications.inbox.open")}</button>
                </Form>
                {n.read ? null : (
                  <Form method="post" action={`/inbox?back=${encodeURIComponent(`/inbox?page=${page}`)}`}>
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" className="button">{t("notifications.inbox.markRead")}</button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  );
}
