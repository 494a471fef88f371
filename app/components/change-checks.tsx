import { useFormat, useT } from "./i18n";

type Measured = { reports: number; minutesLost: number | null; effort: number | null };
export type ChangeCheckView = { proposalTitle: string; decidedAt: string; predictedHoursRemoved: number; before: Measured; since: Measured };

/** Did the change work? Predicted friction beside what was reported before and since each adopted change. */
export function ChangeChecks({ checks }: { checks: readonly ChangeCheckView[] }) {
  const t = useT();
  const f = useFormat();
  if (!checks.length) return null;
  const line = (m: Measured, key: "before" | "since") =>
    m.reports
      ? t(`notifications.followUp.${key}`, { count: m.reports, minutes: Math.round((m.minutesLost ?? 0) * 10) / 10, effort: f.number(m.effort ?? 0) })
      : t(key === "before" ? "notifications.followUp.noneBefore" : "notifications.followUp.noneSince");
  return (
    <div className="change-checks">
      <h3>{t("notifications.followUp.title")}</h3>
      <ul>
        {checks.map((c) => (
          <li key={`${c.decidedAt}${c.proposalTitle}`}>
            <strong>{t("notifications.followUp.change", { proposal: c.proposalTitle, date: f.date(c.decidedAt) })}</strong>
            <br />
            {t("notifications.followUp.predicted", { hours: f.number(c.predictedHoursRemoved) })}
            <br />
            {line(c.before, "before")}
            <br />
            {line(c.since, "since")}
          </li>
        ))}
      </ul>
    </div>
  );
}
