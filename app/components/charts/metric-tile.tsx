import { ListLink } from "~/components/link";

/**
 * One headline figure: its value (for the team in view), the organisation's beside it, its
 * definition right under it, and a link to the items behind it.
 */
export function MetricTile({
  label,
  value,
  org,
  detail,
  definition,
  href,
  linkText,
  tone,
}: {
  label: string;
  value: string;
  org?: string | null;
  detail?: string | null;
  definition: string;
  href?: string;
  linkText?: string;
  tone?: "ok" | "warn" | "danger";
}) {
  return (
    <div className={`metric-tile${tone ? ` metric-${tone}` : ""}`}>
      <p className="metric-label">{label}</p>
      <p className="metric-value">{value}</p>
      {detail ? <p className="metric-detail">{detail}</p> : null}
      {org ? <p className="metric-detail">{org}</p> : null}
      <p className="metric-definition">{definition}</p>
      {href && linkText ? (
        // A place on this page ("#waiting") is a plain in-page link: it keeps the filters in the
        // address and loads nothing.
        href.startsWith("#") ? (
          <a href={href} className="metric-link">
            {linkText}
          </a>
        ) : (
          <ListLink to={href} className="metric-link">
            {linkText}
          </ListLink>
        )
      ) : null}
    </div>
  );
}
