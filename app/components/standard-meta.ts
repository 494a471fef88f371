import type { MetaDescriptor } from "@remix-run/node";
import { translator, type MessageKey } from "~/i18n";

type Match = { id: string; data: unknown };

/** A page title from the catalogue, in the reader's language (from the root loader's locale). */
export function standardsTitle(matches: readonly Match[], key: MessageKey, vars?: Record<string, string | number>): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const t = translator(root?.locale ?? "en");
  return [{ title: `${t(key, vars)} · ${t("shell.productName")}` }];
}
