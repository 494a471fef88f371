/**
 * What a notification says, in the reader's language: its title, its body and why the person
 * got it. The inbox and the mail use the same words.
 */
import { translator, type Locale, type MessageKey } from "~/i18n";
import { formatters } from "~/components/i18n";
import type { Notification } from "~/store/schema";

const DATE_TIME_PARAMS = new Set(["deadline", "closesAt"]);
const DATE_PARAMS = new Set(["due"]);

export type NotificationText = { title: string; body: string; reason: string };

const tools = new Map<Locale, { t: ReturnType<typeof translator>; f: ReturnType<typeof formatters> }>();

export function notificationText(n: Pick<Notification, "kind" | "params">, locale: Locale): NotificationText {
  let pair = tools.get(locale);
  if (!pair) tools.set(locale, (pair = { t: translator(locale), f: formatters(locale) }));
  const { t, f } = pair;
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(n.params)) {
    if (DATE_TIME_PARAMS.has(key)) vars[key] = f.dateTime(value);
    else if (DATE_PARAMS.has(key)) vars[key] = f.date(`${value}T00:00:00Z`);
    else if (key === "outcome") vars[key] = t(`notifications.outcomes.${value}` as MessageKey);
    else vars[key] = value;
  }
  const variant = n.params.variant ?? "main";
  const base = `notifications.kinds.${n.kind}.${variant}`;
  return {
    title: t(`${base}.title` as MessageKey, vars),
    body: t(`${base}.body` as MessageKey, vars),
    reason: t(`notifications.reasons.${n.kind}` as MessageKey),
  };
}
