import type { FrictionTag, PolicyStatus, PurposeTag } from "~/store/schema";
import { useT } from "./i18n";

type Findings = { status: PolicyStatus; overdue: boolean; orphan: boolean; missingPurpose: boolean };

/** Whether PolicyBadges has anything to show: an active policy without findings has none. */
export function hasBadges({ status, overdue, orphan, missingPurpose }: Findings) {
  return status !== "active" || overdue || orphan || missingPurpose;
}

/** The findings a reader should notice first: overdue, orphan, no purpose, and the status. */
export function PolicyBadges({ status, overdue, orphan, missingPurpose }: Findings) {
  const t = useT();
  return (
    <span className="policy-badges">
      {status === "retired" ? <span className="badge badge-muted">{t("policies.badges.retired")}</span> : null}
      {status === "draft" ? <span className="badge badge-muted">{t("policies.badges.draft")}</span> : null}
      {status === "under-review" ? <span className="badge badge-info">{t("policies.badges.underReview")}</span> : null}
      {overdue ? <span className="badge badge-warn">{t("policies.badges.overdue")}</span> : null}
      {orphan ? <span className="badge badge-danger">{t("policies.badges.orphan")}</span> : null}
      {missingPurpose ? <span className="badge badge-danger">{t("policies.badges.noPurpose")}</span> : null}
    </span>
  );
}

export function PurposeTagList({ tags }: { tags: readonly PurposeTag[] }) {
  const t = useT();
  if (!tags.length) return null;
  return (
    <ul className="tag-list" role="list">
      {tags.map((tag) => (
        <li key={tag} className={`tag purpose-${tag}`}>
          {t(`policies.purposeTags.${tag}`)}
        </li>
      ))}
    </ul>
  );
}

export function FrictionTagList({ tags }: { tags: readonly FrictionTag[] }) {
  const t = useT();
  if (!tags.length) return null;
  return (
    <ul className="tag-list" role="list">
      {tags.map((tag) => (
        <li key={tag} className="tag tag-friction">
          {t(`policies.frictionTags.${tag}`)}
        </li>
      ))}
    </ul>
  );
}
