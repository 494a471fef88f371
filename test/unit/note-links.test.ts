import { describe, expect, it } from "vitest";
import { noteParts, reviewIdsIn } from "~/lib/note-links";

const id = "9bcfa0f6-3869-4a01-953a-0e447ad9981b";
const other = "24a71cfd-b3bf-4ece-b671-0b994d3e4c45";

describe("review addresses in notes", () => {
  it("turn the quoted title before them into a link, and the brackets go", () => {
    const note = `Adopted proposal “One signature” from review “Expense claims” (/reviews/${id})`;
    expect(reviewIdsIn(note)).toEqual([id]);
    expect(noteParts(note, { [id]: "Expense claims" }, "a review")).toEqual([
      { text: "Adopted proposal “One signature” from review “" },
      { text: "Expense claims", href: `/reviews/${id}` },
      { text: "”" },
    ]);
  });

  it("read as the review's title where the address stands alone, or as a review that is gone", () => {
    const reason = `Nobody needs it — see /reviews/${id} and /reviews/${other}.`;
    expect(noteParts(reason, { [id]: "Expense claims" }, "a review")).toEqual([
      { text: "Nobody needs it — see " },
      { text: "Expense claims", href: `/reviews/${id}` },
      { text: " and " },
      { text: "a review", href: `/reviews/${other}` },
      { text: "." },
    ]);
  });

  it("keep a quoted proposal title as it is, and name the review in the brackets", () => {
    const reason = `Scans are kept. — adopted proposal “Stop stapling” (/reviews/${id})`;
    expect(noteParts(reason, { [id]: "Expense claims" }, "a review")).toEqual([
      { text: "Scans are kept. — adopted proposal “Stop stapling” (" },
      { text: "Expense claims", href: `/reviews/${id}` },
      { text: ")" },
    ]);
    // A review title cut short in the note still reads as the review's whole title.
    const cut = `Adopted proposal “X” from review “Expense cl…” (/reviews/${id})`;
    expect(noteParts(cut, { [id]: "Expense claims" }, "a review")).toContainEqual({ text: "Expense claims", href: `/reviews/${id}` });
    expect(noteParts(cut, { [id]: "Expense claims" }, "a review").map((p) => p.text).join("")).toBe("Adopted proposal “X” from review “Expense claims”");
  });

  it("leave a note without an address as it is", () => {
    expect(noteParts("Typo fixed", {}, "a review")).toEqual([{ text: "Typo fixed" }]);
    expect(noteParts("See /reviews/new", {}, "a review")).toEqual([{ text: "See /reviews/new" }]);
    expect(reviewIdsIn(null)).toEqual([]);
  });
});
