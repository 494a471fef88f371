import { Link } from "@remix-run/react";
import { ListLink } from "./link";
import { useFormat, useT } from "./i18n";
import { TableScroll } from "./table-scroll";

type Measured = { reports: number; minutesLost: number | null; effort: number | null };
export type ChangeCheckView = {
  proposalId: string;
  reviewId: string;
  proposalTitle: string;
  policySlug: string;
  policyTitle: string;
  takesEffectAt: string;
  followUpOpensAt: string;
  followUpOpen: boolean;
  asked: number;
  predicted: { hoursRemoved: number; minutesBefore: number | null; minutesAfter: number | null; change: number | null };
  before: Measured;
  followUp: Measured & { change: number | null };
  /** On a policy page: the viewer is asked and may answer now. */
  canAnswer?: boolean;
};

function useSigned() {
  const f = useFormat();
  return (share: number) => `${share > 0 ? "+" : ""}${f.percent(share)}`;
}

/** What the decision predicted, in one line: minutes an occurrence before → after, and hours a month. */
function PredictedLine({ c }: { c: ChangeCheckView }) {
  const t = useT();
  const f = useFormat();
  const signed = useSigned();
  const { minutesBefore, minutesAfter, change, hoursRemoved } = c.predicted;
  if (minutesBefore !== null && minutesAfter !== null && change !== null) {
    return <>{t("notifications.followUp.predictedMinutes", { before: f.number(minutesBefore), after: f.number(minutesAfter), change: signed(change), hours: f.number(hoursRemoved) })}</>;
  }
  return <>{t("notifications.followUp.predicted", { hours: f.number(hoursRemoved) })}</>;
}

/** What the follow-up measured, or why there is nothing yet. */
function MeasuredLine({ c }: { c: ChangeCheckView }) {
  const t = useT();
  const f = useFormat();
  const signed = useSigned();
  const m = c.followUp;
  if (m.reports && m.minutesLost !== null && m.effort !== null) {
    const vars = { count: f.integer(m.reports), asked: f.integer(Math.max(c.asked, m.reports)), minutes: Math.round(m.minutesLost * 10) / 10, effort: f.number(m.effort) };
    return <>{m.change !== null ? t("notifications.followUp.measuredChange", { ...vars, change: signed(m.change) }) : t("notifications.followUp.measured", vars)}</>;
  }
  if (c.asked && c.followUpOpen) return <>{t("notifications.followUp.noneAnswered", { asked: c.asked })}</>;
  return <>{t("notifications.followUp.noneYet", { date: f.date(c.followUpOpensAt) })}</>;
}

/** Did the change work? On a policy page: each change that took effect, predicted beside measured. */
export function ChangeChecks({ checks }: { checks: readonly ChangeCheckView[] }) {
  const t = useT();
  const f = useFormat();
  if (!checks.length) return null;
  return (
    <div className="change-checks">
      <h3>{t("notifications.followUp.title")}</h3>
      <ul>
        {checks.map((c) => (
          <li key={c.proposalId} data-proposal={c.proposalId}>
            <strong>
              <Link to={`/reviews/${c.reviewId}#proposal-${c.proposalId}`} lang="">
                {t("notifications.followUp.change", { proposal: c.proposalTitle, date: f.date(c.takesEffectAt) })}
              </Link>
            </strong>
            <br />
            <PredictedLine c={c} />
            <br />
            {c.before.reports && c.before.minutesLost !== null && c.before.effort !== null
              ? t("notifications.followUp.before", { count: c.before.reports, minutes: Math.round((c.before.minutesLost ?? 0) * 10) / 10, effort: f.number(c.before.effort ?? 0) })
              : t("notifications.followUp.noneBefore")}
            <br />
            <MeasuredLine c={c} />
            {c.canAnswer ? (
              <>
                <br />
                <Link to={`/follow-ups/${c.proposalId}`}>{t("notifications.followUp.answerLink")}</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Did the changes work? The dashboard's table of changes whose follow-up has opened: the insides
 * of its section, which the dashboard draws once per overview (the overview is kept until one of
 * the collections it reads changes), so its links are ListLinks, which need no router.
 */
export function FollowUpOverview({ overview }: { overview: { total: number; answers: number; items: readonly ChangeCheckView[] } }) {
  const t = useT();
  const f = useFormat();
  const signed = useSigned();
  const minutes = (before: number | null, after: number | null, change: number | null) =>
    before === null || after === null ? "—" : `${f.number(before)} → ${f.number(after)}${change !== null ? ` (${signed(change)})` : ""}`;
  return (
    <>
      <h2 id="follow-ups">{t("notifications.followUp.dashboard.title")}</h2>
      <p className="hint">{t("notifications.followUp.dashboard.lead")}</p>
      {overview.items.length ? (
        <TableScroll labelledBy="follow-ups">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("notifications.followUp.dashboard.change")}</th>
                <th scope="col">{t("notifications.followUp.dashboard.policy")}</th>
                <th scope="col" className="num">{t("notifications.followUp.dashboard.predicted")}</th>
                <th scope="col" className="num">{t("notifications.followUp.dashboard.measured")}</th>
                <th scope="col" className="num">{t("notifications.followUp.dashboard.answers")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.items.map((c) => (
                <tr key={c.proposalId} data-proposal={c.proposalId}>
                  <td>
                    <ListLink to={`/reviews/${c.reviewId}#proposal-${c.proposalId}`} lang="">
                      {c.proposalTitle}
                    </ListLink>
                    <br />
                    <span className="hint">{f.date(c.takesEffectAt)}</span>
                  </td>
                  <td>
                    <ListLink to={`/policies/${c.policySlug}#friction-reports`} lang="">
                      {c.policyTitle}
                    </ListLink>
                  </td>
                  <td className="num">{minutes(c.predicted.minutesBefore, c.predicted.minutesAfter, c.predicted.change)}</td>
                  <td className="num">
                    {!c.followUp.reports ? "—" : c.before.minutesLost === null ? f.number(c.followUp.minutesLost ?? 0) : minutes(c.before.minutesLost, c.followUp.minutesLost, c.followUp.change)}
                  </td>
                  <td className="num">{t("notifications.followUp.dashboard.answersOf", { count: f.integer(c.followUp.reports), asked: f.integer(Math.max(c.asked, c.followUp.reports)) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>{t("notifications.followUp.dashboard.none")}</p>
      )}
      {overview.total > overview.items.length ? <p className="hint">{t("notifications.followUp.dashboard.more", { count: overview.total - overview.items.length })}</p> : null}
    </>
  );
}
