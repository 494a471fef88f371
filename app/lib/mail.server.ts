/**
 * The mail sender: drains the outbox (`deliveries`) one mail at a time over SMTP with
 * nodemailer, and records each outcome. A mail is marked sent only after the server accepted
 * it, and the next is not started before that mark is on disk: a crash can resend at most the
 * one mail that was in flight. A refusal is retried with backoff (1, 2, 4 … minutes, at most 6
 * hours apart), eight attempts in all. Just before sending, the notification is checked again:
 * a person no longer active, a review already closed, a standard already acknowledged, or a
 * changed setting means the mail is skipped, with the reason in the delivery log.
 *
 * Without SMTP_URL nothing is sent: mail stays queued in the outbox, where admins read each
 * message as it would be sent (/admin/outbox).
 */
import { createHash } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { getStore, put } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import type { Delivery, Notification, NotificationKind, Person } from "~/store/schema";
import { translator, type Locale, type MessageKey } from "~/i18n";
import { channelsOf, notificationIndex, type UnsubscribeTarget } from "~/models/notification.server";
import { stillOwed } from "~/models/notification-rules.server";
import { notificationText } from "./notification-text.server";
import { localeFor } from "./locale.server";
import { signToken, verifyToken } from "./tokens.server";

export const MAX_ATTEMPTS = 8;
const MINUTE = 60_000;
/** How long an unsubscribe link works. */
export const UNSUBSCRIBE_DAYS = 90;

/** The wait before attempt n + 1 after n failed attempts. */
export function backoffMs(attempts: number) {
  return Math.min(MINUTE * 2 ** Math.max(0, attempts - 1), 6 * 60 * MINUTE);
}

export type MailSettings = { smtpUrl: string | null; from: string; appUrl: string };

export type ComposedMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId: string;
};

// ---------------------------------------------------------------- composing

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function unsubscribeUrl(settings: MailSettings, personId: string, target: UnsubscribeTarget, now: Date) {
  const token = signToken({ p: "unsubscribe", s: personId, e: now.getTime() + UNSUBSCRIBE_DAYS * 86_400_000, x: target });
  return `${settings.appUrl}/unsubscribe?token=${encodeURIComponent(token)}`;
}

type Block = { heading?: string; title: string; body: string; link: string };

function layout({
  locale,
  person,
  intro,
  blocks,
  action,
  reason,
  unsubscribe,
  settingsUrl,
}: {
  locale: Locale;
  person: Person;
  intro?: string;
  blocks: Block[];
  action: string;
  reason: string;
  unsubscribe: string | null;
  settingsUrl: string | null;
}) {
  const t = translator(locale);
  const text: string[] = [t("notifications.mail.greeting", { name: person.name }), ""];
  const html: string[] = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>`,
    `<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:40rem;margin:0 auto;padding:1rem">`,
    `<p>${escapeHtml(t("notifications.mail.greeting", { name: person.name }))}</p>`,
  ];
  if (intro) {
    text.push(intro, "");
    html.push(`<p>${escapeHtml(intro)}</p>`);
  }
  let heading: string | undefined;
  for (const b of blocks) {
    if (b.heading && b.heading !== heading) {
      heading = b.heading;
      text.push(`== ${b.heading} ==`, "");
      html.push(`<h2 style="font-size:1.1rem;margin-top:1.5rem">${escapeHtml(b.heading)}</h2>`);
    }
    text.push(b.title, ...(b.body ? [b.body] : []), `${action}: ${b.link}`, "");
    html.push(
      `<p><strong>${escapeHtml(b.title)}</strong>${b.body ? `<br>${escapeHtml(b.body)}` : ""}<br><a href="${escapeHtml(b.link)}">${escapeHtml(action)}</a></p>`,
    );
  }
  text.push("-- ", reason);
  html.push(`<hr><p style="font-size:.875rem;color:#555">${escapeHtml(reason)}`);
  if (settingsUrl) {
    text.push(`${t("notifications.mail.settings")}: ${settingsUrl}`);
    html.push(`<br><a href="${escapeHtml(settingsUrl)}">${escapeHtml(t("notifications.mail.settings"))}</a>`);
  }
  if (unsubscribe) {
    text.push(`${t("notifications.mail.unsubscribe")}: ${unsubscribe}`);
    html.push(`<br><a href="${escapeHtml(unsubscribe)}">${escapeHtml(t("notifications.mail.unsubscribe"))}</a>`);
  }
  text.push("", t("notifications.mail.footer"));
  html.push(`</p><p style="font-size:.875rem;color:#555">${escapeHtml(t("notifications.mail.footer"))}</p></body></html>`);
  return { text: text.join("\n"), html: html.join("\n") };
}

function messageId(settings: MailSettings, delivery: Delivery) {
  const host = new URL(settings.appUrl).hostname || "untangle.local";
  return `<${createHash("sha256").update(delivery.id).digest("hex").slice(0, 32)}@${host}>`;
}

/**
 * The mail a delivery owes, as it would be sent now — and, when it should not be sent any more,
 * why (`skip`). The outbox page shows the same composition.
 */
export function composeMail(delivery: Delivery, settings: MailSettings, store: Store = getStore()): { mail: ComposedMail | null; skip: string | null } {
  const person = store.data.people[delivery.personId];
  if (!person) return { mail: null, skip: "the person no longer exists" };
  const locale = localeFor(person);
  const t = translator(locale);
  const now = store.clock.now();
  const base = { to: person.email, messageId: messageId(settings, delivery) };
  const listHeaders = (target: UnsubscribeTarget) => {
    const url = unsubscribeUrl(settings, person.id, target, now);
    return { url, headers: { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "Auto-Submitted": "auto-generated" } };
  };
  const settingsUrl = `${settings.appUrl}/account/notifications`;

  if (delivery.kind === "account" && delivery.account) {
    const { purpose, token } = delivery.account;
    const key = purpose === "invitation" ? "invitation" : "reset";
    const inviter = store.activityFor("person", person.id).find((e) => e.type === "person.created")?.actorId;
    const team = store.data.teams[person.teamId]?.name ?? "";
    const body = t(`notifications.mail.${key}.body` as MessageKey, { inviter: (inviter && store.data.people[inviter]?.name) || "Untangle", team });
    const link = `${settings.appUrl}/reset-password?token=${encodeURIComponent(token)}`;
    const { text, html } = layout({
      locale,
      person,
      blocks: [{ title: t(`notifications.mail.${key}.subject` as MessageKey), body, link }],
      action: t(`notifications.mail.${key}.action` as MessageKey),
      reason: t(`notifications.mail.${key}.reason` as MessageKey),
      unsubscribe: null,
      settingsUrl: null,
    });
    const mail = { ...base, subject: t(`notifications.mail.${key}.subject` as MessageKey), text, html, headers: { "Auto-Submitted": "auto-generated" } };
    let skip: string | null = null;
    if (!person.active) skip = "the person is no longer active";
    else if (!verifyToken(token, purpose, now)) skip = "the link expired or was used before the mail could be sent";
    return { mail, skip };
  }

  const notifications = delivery.notificationIds.map((id) => store.data.notifications[id]).filter(Boolean) as Notification[];
  const owed = notifications.filter((n) => stillOwed(store, n).owed);
  const action = t("notifications.mail.open");

  if (delivery.kind === "digest" && delivery.cadence) {
    const kinds = new Map<NotificationKind, Notification[]>();
    for (const n of (owed.length ? owed : notifications)) {
      const list = kinds.get(n.kind);
      if (list) list.push(n);
      else kinds.set(n.kind, [n]);
    }
    const blocks: Block[] = [];
    for (const [kind, list] of kinds) {
      for (const n of list) {
        const words = notificationText(n, locale);
        blocks.push({ heading: t(`notifications.kindNames.${kind}` as MessageKey), title: words.title, body: words.body, link: `${settings.appUrl}${n.link}` });
      }
    }
    const { url, headers } = listHeaders(delivery.cadence);
    const { text, html } = layout({
      locale,
      person,
      intro: t("notifications.mail.digestIntro"),
      blocks,
      action,
      reason: t("notifications.mail.digestReason"),
      unsubscribe: url,
      settingsUrl,
    });
    const subject = t(delivery.cadence === "daily" ? "notifications.mail.digestDaily" : "notifications.mail.digestWeekly");
    const mail = { ...base, subject, text, html, headers };
    if (!person.active) return { mail, skip: "the person is no longer active" };
    return { mail, skip: owed.length ? null : "nothing in it is still news: a digest is not sent empty" };
  }

  const n = notifications[0];
  if (!n) return { mail: null, skip: "the notification no longer exists" };
  const words = notificationText(n, locale);
  const { url, headers } = listHeaders(n.kind);
  const { text, html } = layout({
    locale,
    person,
    blocks: [{ title: words.title, body: words.body, link: `${settings.appUrl}${n.link}` }],
    action,
    reason: words.reason,
    unsubscribe: url,
    settingsUrl,
  });
  const mail = { ...base, subject: words.title, text, html, headers };
  const check = stillOwed(store, n);
  if (!check.owed) return { mail, skip: check.reason };
  if (channelsOf(person.id, store)[n.kind] !== "email") return { mail, skip: "the person no longer wants this by mail" };
  return { mail, skip: null };
}

// ---------------------------------------------------------------- sending

export type SenderOptions = MailSettings & {
  /** Whether this process sends (see NotifierOptions.isSender). */
  isSender?: () => boolean;
  /** How often to look for mail due again after a failure (ms); 0 never (tests call drain()). */
  pollEveryMs?: number;
};

export class MailSender {
  private transport: Transporter | null;
  private running: Promise<unknown> = Promise.resolve();
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The delivery being sent right now, if any. */
  inFlight: string | null = null;

  constructor(readonly options: SenderOptions) {
    this.transport = options.smtpUrl
      ? nodemailer.createTransport(options.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never)
      : null;
    if (options.pollEveryMs) {
      this.timer = setInterval(() => this.kick(), options.pollEveryMs);
      this.timer.unref();
    }
  }

  get configured() {
    return this.transport !== null;
  }

  /** The SMTP server's host, for the outbox page (never the password). */
  get host() {
    if (!this.options.smtpUrl) return null;
    const url = new URL(this.options.smtpUrl);
    return `${url.protocol}//${url.host}`;
  }

  kick() {
    if (this.scheduled || this.stopped || !this.transport) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  /** Sends every delivery that is due, one at a time; resolves with what happened. */
  drain(): Promise<{ sent: number; failed: number; skipped: number }> {
    const result = this.running.then(() => this.drainNow());
    this.running = result.catch((e) => console.error("Sending mail failed:", e));
    return result;
  }

  private async drainNow() {
    const counts = { sent: 0, failed: 0, skipped: 0 };
    if (!this.transport || this.stopped || !(this.options.isSender?.() ?? true)) return counts;
    const store = getStore();
    for (;;) {
      if (this.stopped || !store.healthy) return counts;
      const nowIso = store.clock.now().toISOString();
      const due = [...notificationIndex(store).queued]
        .map((id) => store.data.deliveries[id])
        .filter((d): d is Delivery => Boolean(d) && d.state === "queued" && d.nextAttemptAt <= nowIso)
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
      if (!due.length) return counts;
      for (const delivery of due) {
        if (this.stopped || !store.healthy) return counts;
        const outcome = await this.sendOne(store, delivery.id);
        counts[outcome]++;
      }
    }
  }

  private async sendOne(store: Store, id: string): Promise<"sent" | "failed" | "skipped"> {
    const delivery = store.data.deliveries[id];
    if (!delivery || delivery.state !== "queued") return "skipped";
    const { mail, skip } = composeMail(delivery, this.options, store);
    if (skip || !mail) {
      await this.record(store, delivery, { state: "skipped", log: "skipped", reason: skip ?? "nothing to send" });
      return "skipped";
    }
    this.inFlight = id;
    try {
      await this.transport!.sendMail({
        from: this.options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId: mail.messageId,
      });
    } catch (error) {
      this.inFlight = null;
      const reason = describeFailure(error);
      const attempts = delivery.attempts + 1;
      if (attempts >= MAX_ATTEMPTS) {
        await this.record(store, delivery, { state: "failed", log: "failed", reason, attempts });
        return "failed";
      }
      const next = new Date(store.clock.now().getTime() + backoffMs(attempts)).toISOString();
      await this.record(store, delivery, { state: "queued", log: "retrying", reason, attempts, nextAttemptAt: next });
      return "failed";
    }
    // Sent: marked before the next one starts, so a crash resends only this one.
    await this.record(store, delivery, { state: "sent", log: "sent", reason: null, attempts: delivery.attempts + 1, to: mail.to });
    this.inFlight = null;
    return "sent";
  }

  private async record(
    store: Store,
    delivery: Delivery,
    change: { state: Delivery["state"]; log: Delivery["log"][number]["state"]; reason: string | null; attempts?: number; nextAttemptAt?: string; to?: string },
  ) {
    const at = store.clock.now().toISOString();
    const current = store.data.deliveries[delivery.id] ?? delivery;
    const next: Delivery = {
      ...current,
      state: change.state,
      attempts: change.attempts ?? current.attempts,
      nextAttemptAt: change.nextAttemptAt ?? current.nextAttemptAt,
      sentAt: change.state === "sent" ? at : current.sentAt,
      to: change.to ?? current.to,
      log: [...current.log, { at, state: change.log, reason: change.reason }],
    };
    const type = change.log === "sent" ? "delivery.sent" : change.log === "retrying" ? "delivery.retrying" : change.log === "failed" ? "delivery.failed" : "delivery.skipped";
    await store.commit(
      { type, actorId: null, subject: { kind: "notification", id: delivery.id }, after: { attempts: next.attempts, ...(change.reason ? { reason: change.reason } : {}) } },
      [put("deliveries", next)],
    );
  }

  /** Stops sending; a mail in flight finishes and is recorded. */
  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.transport?.close();
  }
}

function describeFailure(error: unknown) {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(error);
  return `${e.responseCode ? `${e.responseCode} ` : e.code ? `${e.code} ` : ""}${text}`.slice(0, 300);
}

// ---------------------------------------------------------------- this process's sender

const holder = globalThis as typeof globalThis & { __untangleMailer?: MailSender | null };

export function startMailer(options: SenderOptions) {
  void holder.__untangleMailer?.stop();
  holder.__untangleMailer = new MailSender(options);
  holder.__untangleMailer.kick();
  return holder.__untangleMailer;
}

export async function stopMailer() {
  const sender = holder.__untangleMailer;
  holder.__untangleMailer = null;
  await sender?.stop();
}

export function getMailer() {
  return holder.__untangleMailer ?? null;
}
