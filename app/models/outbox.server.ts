/**
 * The outbox as admins read it: every mail owed, newest first, with its state and delivery log,
 * and each message composed exactly as the sender would send it.
 */
import { getStore, put } from "~/store/index.server";
import { DELIVERY_STATES, type Delivery, type DeliveryState } from "~/store/schema";
import { composeMail, getMailer, type MailSettings } from "~/lib/mail.server";
import { getEnv } from "~/lib/env.server";
import { localeFor } from "~/lib/locale.server";
import { isAdmin, type Actor } from "./actor";
import { ConflictError, ForbiddenError, NotFoundError } from "./errors";
import { messageRef } from "~/i18n/ref";

function requireAdmin(actor: Actor) {
  if (!isAdmin(actor)) throw new ForbiddenError();
}

function settings(): MailSettings {
  const mailer = getMailer();
  if (mailer) return mailer.options;
  const env = getEnv();
  return { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, appUrl: env.APP_URL };
}

export function parseDeliveryState(value: string | null): DeliveryState | null {
  return (DELIVERY_STATES as readonly string[]).includes(value ?? "") ? (value as DeliveryState) : null;
}

export function outboxPage({ actor, page, state, pageSize = 50 }: { actor: Actor; page: number; state: DeliveryState | null; pageSize?: number }) {
  requireAdmin(actor);
  const store = getStore();
  const all = Object.values(store.data.deliveries)
    .filter((d) => !state || d.state === state)
    .sort((a, b) => (a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id < b.id ? 1 : -1));
  const pages = Math.max(1, Math.ceil(all.length / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const mailSettings = settings();
  const rows = all.slice((current - 1) * pageSize, current * pageSize).map((d) => {
    const { mail } = composeMail(d, mailSettings, store);
    return present(d, mail?.subject ?? "—", store.data.people[d.personId]?.email ?? "—", localeFor(store.data.people[d.personId]));
  });
  const mailer = getMailer();
  return { rows, page: current, pages, total: all.length, smtpHost: mailer?.configured ? mailer.host : null };
}

/** `locale`: the language the mail is written in (the recipient's), not the reader's. */
function present(d: Delivery, subject: string, to: string, locale: string) {
  return {
    locale,
    id: d.id,
    to: d.to ?? to,
    subject,
    kind: d.kind,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: d.state === "queued" ? d.nextAttemptAt : null,
    createdAt: d.createdAt,
    lastReason: [...d.log].reverse().find((l) => l.reason)?.reason ?? null,
  };
}

export function outboxMessage({ actor, deliveryId }: { actor: Actor; deliveryId: string }) {
  requireAdmin(actor);
  const store = getStore();
  const d = store.data.deliveries[deliveryId];
  if (!d) throw new NotFoundError("No such mail");
  const { mail, skip } = composeMail(d, settings(), store);
  return {
    ...present(d, mail?.subject ?? "—", store.data.people[d.personId]?.email ?? "—", localeFor(store.data.people[d.personId])),
    wouldSkip: d.state === "queued" ? skip : null,
    headers: (mail ? { From: settings().from, To: mail.to, Subject: mail.subject, "Message-ID": mail.messageId, ...mail.headers } : {}) as Record<string, string>,
    text: mail?.text ?? "",
    html: mail?.html ?? "",
    log: d.log,
  };
}

/**
 * An admin sends a failed mail again (the SMTP server is fixed, the address corrected): it is
 * queued for one more attempt now, with the backoff's limit as before; the log keeps what happened.
 */
export async function retryDelivery({ actor, deliveryId }: { actor: Actor; deliveryId: string }) {
  requireAdmin(actor);
  const store = getStore();
  const d = store.data.deliveries[deliveryId];
  if (!d) throw new NotFoundError("No such mail");
  if (d.state !== "failed") throw new ConflictError(messageRef("notifications.admin.onlyFailed"));
  const at = store.clock.now().toISOString();
  const next: Delivery = { ...d, state: "queued", nextAttemptAt: at, log: [...d.log, { at, state: "queued", reason: null }] };
  await store.commit(
    { type: "delivery.queued", actorId: actor.id, subject: { kind: "notification", id: d.id }, before: { state: d.state }, after: { state: "queued", attempts: d.attempts } },
    [put("deliveries", next)],
  );
  getMailer()?.kick();
  return next;
}
