import type { MetaDescriptor } from "@remix-run/node";
import type { MessageKey } from "~/i18n";
import { pageTitle } from "./meta";

type Match = { id: string; data: unknown };

/** A page title from the catalogue, in the reader's language (from the root loader's locale). */
export function standardsTitle(matches: readonly Match[], key: MessageKey, vars?: Record<string, string | number>): MetaDescriptor[] {
  return pageTitle(matches, (t) => [t(key, vars)]);
}
