import { Link } from "@remix-run/react";
import type { PolicyInScope } from "~/models/review.server";
import { useFormat, useT } from "./i18n";

const STATUS_CLASS: Record<string, string> = {
  "under-review": "badge badge-info",
  retired: "badge badge-muted",
  active: "badge badge-ok",
  draft: "badge badge-muted",
};
const STATUS_KEY = { "under-review": "underReview", retired: "retired", active: "active", draft: "draft" } as const;

/** A policy in a review's scope: its purpose and the friction it causes. */
export function PolicyInScopeCard({ policy, proposeHref }: { policy: PolicyInScope; proposeHref?: string | null }) {
  const t = useT();
  const format = useFormat();
  const f = policy.friction;
  return (
    <article className="card review-policy" aria-labelledby={`policy-${policy.id}`}>
      <h3 id={`policy-${policy.id}`}>
        <Link to={`/policies/${policy.slug}`}>{policy.title}</Link>
      </h3>
      <p>
        <span className={STATUS_CLASS[policy.status]}>{t(`reviews.policy.${STATUS_KEY[policy.status]}`)}</span>
        <span className="badge">{policy.team}</span>
        {policy.mandate !== "own" ? <span className="badge badge-warn">{t(`reviews.policy.mandates.${policy.mandate}`)}</span> : null}
      </p>
      <p className="figure">{format.hours(policy.hours)}</p>
      <p className="figure-label">{t("reviews.policy.customerHours")}</p>
      <dl className="facts">
        <dt>{t("reviews.policy.purpose")}</dt>
        <dd>
          {policy.purpose ? policy.purpose : <span className="badge badge-danger">{t("reviews.policy.noPurpose")}</span>}
          {policy.purposeTags.length ? (
            <span className="tags">
              {" "}
              {policy.purposeTags.map((tag) => (
                <span key={tag} className="tag">{t(`policies.purposeTags.${tag}`)}</span>
              ))}
            </span>
          ) : null}
        </dd>
        <dt>{t("reviews.policy.friction")}</dt>
        <dd>
          {t("reviews.policy.frictionFormula", {
            occurrences: format.number(f.occurrencesPerMonth),
            active: format.number(f.activeMinutes),
            waiting: format.number(f.waitingMinutes),
          })}{" "}
          ·{" "}
          {t("reviews.friction.steps")} {f.steps} · {t("reviews.friction.approvals")} {f.approvals} · {t("reviews.friction.handoffs")} {f.handoffs}
          {policy.frictionTags.length ? (
            <span className="tags">
              {" "}
              {policy.frictionTags.map((tag) => (
                <span key={tag} className="tag">{t(`policies.frictionTags.${tag}`)}</span>
              ))}
            </span>
          ) : null}
        </dd>
        <dt>{t("reviews.policy.reports")}</dt>
        <dd>{format.integer(policy.reports)}</dd>
      </dl>
      {proposeHref ? (
        <Link to={proposeHref} className="button small">
          {t("reviews.policy.propose")}
          <span className="visually-hidden">: {policy.title}</span>
        </Link>
      ) : null}
    </article>
  );
}
