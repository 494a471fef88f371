import type { MetaDescriptor } from "@remix-run/node";
import { translator, type Translate } from "~/i18n";

type Match = { id: string; data: unknown };

/** The translate function for the page's language, from the root loader's locale. */
export function metaTranslator(matches: readonly Match[]): Translate {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  return translator(root?.locale ?? "en");
}

/**
 * A page title in the reader's language: the page's own parts, most specific first, then the
 * product's name ("Teams · Admin · Untangle"). Empty parts (a record not loaded) are left out.
 */
export function pageTitle(matches: readonly Match[], parts: (t: Translate) => Array<string | null | undefined>): MetaDescriptor[] {
  const t = metaTranslator(matches);
  return [{ title: [...parts(t).filter(Boolean), t("shell.productName")].join(" · ") }];
}
