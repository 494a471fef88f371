/**
 * Revision notes and retirement reasons written by an adoption name their review by its address
 * ("… from review “Expense claims” (/reviews/<id>)"). The stored text stays as written; on
 * display the address becomes a link that reads as the review's title.
 */

const REVIEW_PATH = /\/reviews\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g;

export type NotePart = { text: string } | { text: string; href: string };

/** The ids of the reviews a text names by their address. */
export function reviewIdsIn(text: string | null | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(REVIEW_PATH)].map((m) => m[1]);
}

/**
 * The text in parts, each review address a link. When the address stands in brackets right after
 * the review's quoted title (“Expense claims” (/reviews/…)), the quoted title becomes the link and
 * the brackets go; otherwise the address itself is replaced by a link named by the review's title
 * (or `fallback` for a review that no longer exists), brackets and all else kept.
 */
export function noteParts(text: string, titles: Record<string, string>, fallback: string): NotePart[] {
  const parts: NotePart[] = [];
  let rest = 0;
  for (const m of text.matchAll(REVIEW_PATH)) {
    const id = m[1];
    const href = `/reviews/${id}`;
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(rest, start);
    const bracketed = before.endsWith(" (") && text[end] === ")";
    const quoted = bracketed ? /“([^“”]+)” \($/.exec(before) : null;
    // The quoted words are the review's own title (in full, or cut short with "…"), not, say, a proposal's.
    const title = titles[id];
    const namesReview = quoted !== null && title !== undefined && (quoted[1] === title || (quoted[1].endsWith("…") && title.startsWith(quoted[1].slice(0, -1))));
    if (quoted && namesReview) {
      parts.push({ text: before.slice(0, before.length - quoted[0].length) + "“" });
      parts.push({ text: titles[id] ?? quoted[1], href });
      parts.push({ text: "”" });
      rest = end + 1;
    } else {
      if (before) parts.push({ text: before });
      parts.push({ text: titles[id] ?? fallback, href });
      rest = end;
    }
  }
  if (rest < text.length) parts.push({ text: text.slice(rest) });
  return parts.filter((p) => p.text !== "" || "href" in p);
}
