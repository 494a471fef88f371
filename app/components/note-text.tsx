import { Link } from "@remix-run/react";
import { Fragment } from "react";
import { noteParts } from "~/lib/note-links";
import { useT } from "./i18n";

/**
 * A note people wrote (or an adoption wrote for them), its review addresses shown as links named
 * by the review's title. The note is people's own text: its language is theirs.
 */
export function NoteText({ text, reviews }: { text: string; reviews: Record<string, string> }) {
  const t = useT();
  return (
    <span lang="">
      {noteParts(text, reviews, t("policies.history.aReview")).map((part, i) =>
        "href" in part ? (
          <Link key={i} to={part.href}>{part.text}</Link>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </span>
  );
}
