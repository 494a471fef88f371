/**
 * The message catalogue. Each language has one catalogue, split by area into files under its
 * folder; a second language is a translation of the same keys (the type below and
 * test/unit/i18n-parity.test.ts hold both to exactly the same keys and arguments). Messages are
 * ICU MessageFormat: `{name}` placeholders, `{count, plural, one {# vote} other {# votes}}`,
 * `{kind, select, …}`; numbers inside them are formatted for the message's language.
 */
import { IntlMessageFormat } from "intl-messageformat";
import { LOCALES } from "~/store/vocabulary";
import { parseMessageRef } from "./ref";
import { shell } from "./en/shell";
import { admin } from "./en/admin";
import { policies } from "./en/policies";
import { reviews } from "./en/reviews";
import { standards } from "./en/standards";
import { dashboard } from "./en/dashboard";
import { nlShell } from "./nl/shell";
import { notifications } from "./en/notifications";
import { nlAdmin } from "./nl/admin";
import { nlDashboard } from "./nl/dashboard";
import { nlPolicies } from "./nl/policies";
import { nlReviews } from "./nl/reviews";
import { nlStandards } from "./nl/standards";
import { nlNotifications } from "./nl/notifications";
import { signin } from "./en/signin";
import { nlSignin } from "./nl/signin";

export const en = { shell, admin, policies, reviews, standards, dashboard, notifications, signin };
export type Messages = typeof en;

/** A translation of an area: exactly the English keys, each message a string. */
export type Catalogue<T> = { readonly [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

export const nl: Catalogue<Messages> = {
  shell: nlShell,
  admin: nlAdmin,
  policies: nlPolicies,
  reviews: nlReviews,
  standards: nlStandards,
  dashboard: nlDashboard,
  notifications: nlNotifications,
  signin: nlSignin,
};

export { LOCALES };
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's name in itself, for the language switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", nl: "Nederlands" };

export const catalogues: Record<Locale, Catalogue<Messages>> = { en, nl };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;

export function lookup(tree: unknown, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split(".")) {
    if (node && typeof node === "object") node = (node as Record<string, unknown>)[part];
    else return undefined;
  }
  return typeof node === "string" ? node : undefined;
}

export type MessageValues = Record<string, string | number | Date>;
export type Translate = (key: MessageKey, vars?: MessageValues) => string;

/**
 * A message compiled once: plain text stays a string (most labels), anything with an argument
 * becomes an IntlMessageFormat. Tags are not parsed: "<" in a message is just text.
 */
type Compiled = string | IntlMessageFormat;

function compile(text: string, locale: Locale): Compiled {
  if (!text.includes("{")) return text;
  return new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
}

function format(message: IntlMessageFormat, source: string, vars: MessageValues | undefined): string {
  try {
    return String(message.format(vars ?? {}));
  } catch {
    // A value the caller did not give: show the message as written rather than fail the page.
    return source;
  }
}

/** How many texts of one message with arguments are kept (see `valuesKey`); then it starts again. */
const TEXTS_KEPT = 200;

/**
 * The values of a message's arguments as one string, or null when one is a Date (not kept).
 * Formatting a message with IntlMessageFormat costs tens of microseconds; a page asks for the
 * same message with the same values again and again ("{count} policies", "Page {page}"), so each
 * message keeps the texts it gave for the values it was given last.
 */
function valuesKey(vars: MessageValues | undefined): string | null {
  if (vars === undefined) return "";
  let key = "";
  for (const name in vars) {
    const value = vars[name];
    if (typeof value === "object") return null;
    // Each value led by its kind and length, so that no two sets of values give one key.
    const text = String(value);
    key += `${name}:${typeof value === "number" ? "n" : "s"}${text.length}:${text}`;
  }
  return key;
}

const translators = new Map<Locale, Translate>();

/**
 * The translate function for a language, made once per language and shared by every caller
 * (pages, meta functions, actions, emails). Each key is looked up and compiled once per
 * language: a page of cards asks for the same few labels hundreds of times.
 *
 * A key the language lacks falls back to English, then to the key itself, so a gap shows as
 * text rather than a crash; the parity test fails on any such gap, so none ships.
 */
export function translator(locale: string): Translate {
  const lang: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  let t = translators.get(lang);
  if (t) return t;
  const catalogue = catalogues[lang];
  const compiled = new Map<string, { message: Compiled; source: string; texts: Map<string, string> }>();
  t = (key, vars) => {
    let entry = compiled.get(key);
    if (entry === undefined) {
      const own = lookup(catalogue, key);
      const source = own ?? lookup(en, key) ?? key;
      entry = { message: compile(source, own === undefined ? DEFAULT_LOCALE : lang), source, texts: new Map() };
      compiled.set(key, entry);
    }
    if (typeof entry.message === "string") return entry.message;
    const values = valuesKey(vars);
    if (values === null) return format(entry.message, entry.source, vars);
    let text = entry.texts.get(values);
    if (text === undefined) {
      if (entry.texts.size >= TEXTS_KEPT) entry.texts.clear();
      entry.texts.set(values, (text = format(entry.message, entry.source, vars)));
    }
    return text;
  };
  translators.set(lang, t);
  return t;
}

/**
 * A message as the reader should see it: a message reference (see ./ref.ts) in their language,
 * anything else as it is.
 */
export function readMessage(t: Translate, text: string): string {
  const ref = parseMessageRef(text);
  if (!ref || lookup(en, ref.key) === undefined) return text;
  return t(ref.key, ref.values);
}

/** Picks the best supported language from an Accept-Language header. */
export function negotiateLocale(header: string | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const wanted = header
    .split(",")
    .map((part) => {
      const [tag, q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter(({ q }) => q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}
