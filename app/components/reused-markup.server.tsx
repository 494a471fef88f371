import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";

/**
 * Markup drawn once per key object and variant (app/components/reused-markup.tsx). The key is
 * an object of the dashboard's cached page data (a chart's data, the page's figures), built once
 * per figures generation, scope and language (`cachedPayload`, app/lib/dashboard.server.ts): new
 * figures mean new objects, drawn anew; the markup is forgotten with its object. Drawing the
 * fifteen charts was about half of a dashboard request's CPU (docs/decisions/017).
 */
const drawn = new WeakMap<object, Map<string, string>>();

/** Counts, for tests: markup drawn, and markup served as drawn before. */
export const markupStats = { drawn: 0, reused: 0 };

export function reusedMarkup(
  key: object,
  variant: string,
  render: () => ReactElement
): string {
  let variants = drawn.get(key);
  if (!variants) drawn.set(key, (variants = new Map()));
  let html = variants.get(variant);
  if (html === undefined) {
    html = renderToString(render());
    variants.set(variant, html);
    markupStats.drawn++;
  } else markupStats.reused++;
  return html;
}
