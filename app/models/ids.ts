import { randomUUID } from "node:crypto";

export function newId() {
  return randomUUID();
}

/** A readable, URL-safe name made from a title: "Refunds over $50" → "refunds-over-50". */
export function slugify(text: string) {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return slug || "item";
}

/** The slug made unique against those taken: "refunds", "refunds-2", … */
export function uniqueSlug(text: string, taken: (slug: string) => boolean) {
  const base = slugify(text);
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}
