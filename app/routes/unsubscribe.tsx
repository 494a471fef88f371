import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import type { MessageKey } from "~/i18n";
import { pageData } from "~/lib/page-data.server";
import { verifyToken } from "~/lib/tokens.server";
import { unsubscribe, type UnsubscribeTarget } from "~/models/notification.server";
import { getStore } from "~/store/index.server";
import { NOTIFICATION_KINDS } from "~/store/schema";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, (t) => [t("notifications.unsubscribe.title")]), { name: "robots", content: "noindex" }];

/** The person and what to stop, from a genuine, unexpired link; null for anything else. */
function readToken(request: Request, form?: FormData) {
  const token = new URL(request.url).searchParams.get("token") ?? form?.get("token");
  const payload = verifyToken(token, "unsubscribe", getStore().clock.now());
  if (!payload) return null;
  const target = payload.x as UnsubscribeTarget;
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(target) && target !== "daily" && target !== "weekly") return null;
  if (!getStore().data.people[payload.s]) return null;
  return { personId: payload.s, target, token: String(token) };
}

/** Shows what the link stops and a button: opening a link changes nothing (mail scanners open links). */
export async function loader({ request }: LoaderFunctionArgs) {
  const found = readToken(request);
  if (!found) return pageData({ valid: false as const, target: null, token: null }, { status: 400 });
  return pageData({ valid: true as const, target: found.target, token: found.token });
}

/** The one-click unsubscribe (RFC 8058: a POST to the List-Unsubscribe address), and the page's button. Needs no sign-in. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => undefined);
  const found = readToken(request, form);
  if (!found) return json({ done: false }, { status: 400 });
  await unsubscribe({ personId: found.personId, target: found.target });
  return json({ done: true });
}

export default function Unsubscribe() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  let body: React.ReactNode;
  if (result?.done) body = <p role="status">{t("notifications.unsubscribe.done")}</p>;
  else if (!data.valid || result?.done === false) body = <p className="alert alert-error" role="alert">{t("notifications.unsubscribe.invalid")}</p>;
  else {
    const target = data.target;
    const question =
      target === "daily" || target === "weekly"
        ? t("notifications.unsubscribe.confirmDigest", { cadence: t(`notifications.unsubscribe.${target}`) })
        : t("notifications.unsubscribe.confirm", { kind: t(`notifications.kindNames.${target}` as MessageKey) });
    body = (
      <Form method="post" className="stack">
        <p>{question}</p>
        <input type="hidden" name="token" value={data.token ?? ""} />
        <button type="submit" className="button primary">{t("notifications.unsubscribe.button")}</button>
      </Form>
    );
  }
  return (
    <section aria-labelledby="unsubscribe-title" className="narrow">
      <h1 id="unsubscribe-title">{t("notifications.unsubscribe.title")}</h1>
      {body}
    </section>
  );
}
