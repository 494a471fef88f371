import { getStore } from "~/store/index.server";
import { reviewIdsIn } from "./note-links";

/** The titles of the reviews these texts name by address, for `noteParts` on the page. */
export function reviewTitlesIn(texts: Array<string | null | undefined>): Record<string, string> {
  const reviews = getStore().data.reviews;
  const titles: Record<string, string> = {};
  for (const text of texts) {
    for (const id of reviewIdsIn(text)) {
      const review = reviews[id];
      if (review) titles[id] = review.title;
    }
  }
  return titles;
}
