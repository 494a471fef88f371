import { randomBytes } from "node:crypto";
import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import type { MarkupCache } from "./reused-markup";

/**
 * Markup drawn once per key object and variant (app/components/reused-markup.tsx), kept as its
 * string and its UTF-8 bytes. The key is an object of the dashboard's cached page data (a chart's
 * data, the page's figures), built once per figures generation, scope and language
 * (`cachedPayload`, app/lib/dashboard.server.ts): new figures mean new objects, drawn anew; the
 * markup is forgotten with its object. Drawing the fifteen charts was about half of a dashboard
 * request's CPU, and encoding the page's 160 KB string to bytes another fifth (docs/decisions/017).
 */
type Drawn = { html: string; bytes: Buffer };
const drawn = new WeakMap<object, Map<string, Drawn>>();

/** Counts, for tests: markup drawn, and markup served as drawn before. */
export const markupStats = { drawn: 0, reused: 0 };

function draw(key: object, variant: string, render: () => ReactElement): Drawn {
  let variants = drawn.get(key);
  if (!variants) drawn.set(key, (variants = new Map()));
  let entry = variants.get(variant);
  if (entry === undefined) {
    const html = renderToString(render());
    entry = { html, bytes: Buffer.from(html) };
    variants.set(variant, entry);
    markupStats.drawn++;
  } else markupStats.reused++;
  return entry;
}

const html = (key: object, variant: string, render: () => ReactElement) => draw(key, variant, render).html;

/** Reused markup written into the page as itself (tests, and markup drawn inside markup). */
export const markupAsText: MarkupCache = { place: html, html };

/** A mark no page's content can hold: text is escaped, and the nonce is the process's own. */
const MARK = `<!--reused:${randomBytes(9).toString("base64url")}:`;

/**
 * One page's reused markup: React writes a mark where each piece goes, and `bytes` answers the
 * page with each mark replaced by the piece's bytes, encoded once when it was drawn — so the
 * request neither copies the pieces into its page string nor encodes them again.
 *
 * `placeText` does the same for text the page would otherwise hold as it is (Remix's data for
 * the browser, written into a script): the page string stays short. A page string of 65,536
 * characters or more, when any of them needs two bytes (a dash, a quotation mark), is larger than
 * V8's largest ordinary object, and making it flat for `bytes` then cost about 0.6 ms more than
 * making a string just below that size (the dashboard's page string was 66,044 characters, 46 KB
 * of them that data; docs/decisions/023).
 */
export function pageMarkup() {
  const placed: Buffer[] = [];
  const mark = (piece: Buffer) => {
    placed.push(piece);
    return `${MARK}${placed.length - 1}-->`;
  };
  const cache: MarkupCache = {
    place: (key, variant, render) => mark(draw(key, variant, render).bytes),
    html,
  };
  const placeText = (text: string) => mark(Buffer.from(text));
  const bytes = (page: string): Buffer<ArrayBuffer> => {
    if (!placed.length) return Buffer.from(page);
    const parts: Buffer[] = [];
    let from = 0;
    for (;;) {
      const at = page.indexOf(MARK, from);
      if (at < 0) break;
      const end = page.indexOf("-->", at + MARK.length);
      parts.push(Buffer.from(page.slice(from, at)), placed[Number(page.slice(at + MARK.length, end))]);
      from = end + 3;
    }
    parts.push(Buffer.from(page.slice(from)));
    return Buffer.concat(parts) as Buffer<ArrayBuffer>; // a new buffer of its own
  };
  return { cache, placeText, bytes };
}
