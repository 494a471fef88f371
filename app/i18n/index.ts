/**
 * The message catalogue. Each language has one catalogue, split by area into files under its
 * folder; a second language is a translation of the same keys. Missing keys fall back to English.
 */
import { shell } from "./en/shell";
import { admin } from "./en/admin";
import { policies } from "./en/policies";
import { reviews } from "./en/reviews";
import { standards } from "./en/standards";
import { dashboard } from "./en/dashboard";
import { nlShell } from "./nl/shell";
import { signin } from "./en/signin";
import { nlSignin } from "./nl/signin";

export const en = { shell, admin, policies, reviews, standards, dashboard, signin };
export type Messages = typeof en;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };

const catalogues: Record<string, DeepPartial<Messages>> = { en, nl: { shell: nlShell, signin: nlSignin } };
export const LOCALES = ["en", "nl"] as const;
export type Locale = (typeof LOCALES)[number];

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;

function lookup(tree: unknown, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split(".")) {
    if (node && typeof node === "object") node = (node as Record<string, unknown>)[part];
    else return undefined;
  }
  return typeof node === "string" ? node : undefined;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * A message split at its placeholders, once: "{n} of {total}" → ["", "n", " of ", "total", ""].
 * Even indexes are text, odd ones the names of the values put between them.
 */
type Template = { text: string; parts: string[] };

function compile(text: string): Template {
  return { text, parts: text.split(/\{(\w+)\}/) };
}

function fill({ text, parts }: Template, vars: Record<string, string | number>) {
  if (parts.length === 1) return text;
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    out += (name in vars ? String(vars[name]) : `{${name}}`) + parts[i + 1];
  }
  return out;
}

export function translator(locale: string): Translate {
  const catalogue = catalogues[locale] ?? en;
  // Each key is looked up and split at its placeholders once: a page of cards asks for the same
  // few labels hundreds of times.
  const templates = new Map<string, Template>();
  return (key, vars) => {
    let template = templates.get(key);
    if (template === undefined) templates.set(key, (template = compile(lookup(catalogue, key) ?? lookup(en, key) ?? key)));
    return vars ? fill(template, vars) : template.text;
  };
}

/** Picks the best supported language from an Accept-Language header. */
export function negotiateLocale(header: string | null): Locale {
  if (!header) return "en";
  const wanted = header
    .split(",")
    .map((part) => {
      const [tag, q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const base = tag.split("-")[0];
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return "en";
}
