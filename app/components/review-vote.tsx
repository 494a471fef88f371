import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { VOTE_POSITIONS, type VotePosition } from "~/store/vocabulary";
import type { Tally } from "~/models/review-rules";
import { ErrorList } from "./forms";
import { useFormat, useT } from "./i18n";
import { readMessage } from "~/i18n";

/** True once React runs in the browser: lets a form tell the server it can answer in place. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export type VoteFormResult = {
  ok: boolean;
  intent?: string;
  proposalId?: string;
  errors?: Record<string, string[]>;
  formError?: string | null;
  values?: Record<string, string | string[]>;
};

/**
 * The vote of the signed-in person on one proposal. With JavaScript it saves in place (a fetcher)
 * and the tallies refresh; without it, it is an ordinary form that comes back to the page.
 * `serverResult` is the page's action data when the form was sent without JavaScript.
 */
export function VoteForm({
  proposalId,
  myVote,
  serverResult,
}: {
  proposalId: string;
  myVote: { position: VotePosition; reason: string } | null;
  serverResult?: VoteFormResult | null;
}) {
  const t = useT();
  const id = useId();
  const fetcher = useFetcher<VoteFormResult>({ key: `vote-${proposalId}` });
  const hydrated = useHydrated();
  const result = fetcher.data ?? (serverResult?.intent === "vote" && serverResult.proposalId === proposalId ? serverResult : null);
  const errors = result && !result.ok ? result.errors : undefined;
  const typedPosition = typeof result?.values?.position === "string" ? result.values.position : myVote?.position;
  const typedReason = typeof result?.values?.reason === "string" ? result.values.reason : (myVote?.reason ?? "");
  const busy = fetcher.state !== "idle";
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLSpanElement>(null);
  const wasBusy = useRef(false);
  // Once the vote is in, focus stays in the form; if the page moved it away (to the top, as a
  // re-rendered page can), it goes to the confirmation, which a screen reader also announces.
  useEffect(() => {
    if (busy) {
      wasBusy.current = true;
      return;
    }
    if (!wasBusy.current) return;
    wasBusy.current = false;
    const form = formRef.current;
    if (form && !form.contains(document.activeElement)) statusRef.current?.focus();
  }, [busy, fetcher.data]);
  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      className="vote-form"
      noValidate
      // A second press while the vote is on its way sends nothing; the button stays focusable.
      onSubmit={(event) => {
        if (busy) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="vote" />
      <input type="hidden" name="proposalId" value={proposalId} />
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      <fieldset className="vote-positions" aria-describedby={errors?.position ? `${id}-perr` : undefined}>
        <legend id={`${id}-legend`}>{t("reviews.vote.legend")}</legend>
        {VOTE_POSITIONS.map((p) => (
          <label key={p} className={`vote-position vote-${p}`}>
            <input type="radio" name="position" value={p} defaultChecked={typedPosition === p} />
            <span>
              <strong>{t(`reviews.positions.${p}`)}</strong> <span className="hint">{t(`reviews.positionHints.${p}`)}</span>
            </span>
          </label>
        ))}
        <ErrorList id={`${id}-perr`} errors={errors?.position} />
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t("reviews.vote.reason")}</label>
        <p id={`${id}-hint`} className="hint">{t("reviews.vote.reasonHint")}</p>
        <textarea
          id={`${id}-reason`}
          name="reason"
          rows={2}
          defaultValue={typedReason}
          aria-invalid={errors?.reason?.length ? true : undefined}
          aria-describedby={[`${id}-hint`, errors?.reason?.length ? `${id}-rerr` : null].filter(Boolean).join(" ")}
        />
        <ErrorList id={`${id}-rerr`} errors={errors?.reason} />
      </div>
      {result && !result.ok && result.formError ? (
        <p className="alert alert-error" role="alert">{readMessage(t, result.formError)}</p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button primary small" aria-disabled={busy || undefined}>
          {myVote ? t("reviews.vote.change") : t("reviews.vote.submit")}
        </button>
        <span role="status" className="hint vote-status" ref={statusRef} tabIndex={-1}>
          {busy ? t("reviews.vote.saving") : result?.ok ? t("reviews.vote.counted") : ""}
        </span>
      </div>
    </fetcher.Form>
  );
}

const POSITION_CLASS: Record<VotePosition, string> = {
  agree: "tally-agree",
  abstain: "tally-abstain",
  disagree: "tally-disagree",
  block: "tally-block",
};

/** The tally as numbers (read by everyone) and a stacked bar (for the eye only). */
export function TallyView({ tally }: { tally: Tally }) {
  const t = useT();
  const format = useFormat();
  let x = 0;
  return (
    <div className="tally">
      {tally.total > 0 ? (
        <svg viewBox="0 0 100 4" preserveAspectRatio="none" className="tally-bar" aria-hidden="true" focusable="false">
          {VOTE_POSITIONS.map((p) => {
            const w = (tally[p] / tally.total) * 100;
            const rect = <rect key={p} x={x} y={0} width={w} height={4} className={POSITION_CLASS[p]} />;
            x += w;
            return rect;
          })}
        </svg>
      ) : null}
      <ul className="tally-counts" role="list" aria-label={t("reviews.vote.tally")}>
        {VOTE_POSITIONS.map((p) => (
          <li key={p}>
            <span className={`tally-dot ${POSITION_CLASS[p]}`} aria-hidden="true" /> {t(`reviews.positions.${p}`)}{" "}
            <strong>{format.integer(tally[p])}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function VotersList({
  voters,
  more,
}: {
  voters: Array<{ name: string; position: VotePosition; reason: string; at: string }>;
  more: number;
}) {
  const t = useT();
  if (!voters.length) return <p className="hint">{t("reviews.vote.noVotes")}</p>;
  return (
    <details className="voters">
      <summary>{t("reviews.vote.voters")}</summary>
      <ul role="list">
        {voters.map((v, i) => (
          <li key={`${v.name}-${i}`}>
            <span className={`badge ${v.position === "block" ? "badge-danger" : v.position === "disagree" ? "badge-warn" : v.position === "agree" ? "badge-ok" : "badge-muted"}`}>
              {t(`reviews.positions.${v.position}`)}
            </span>{" "}
            {v.name}
            {v.reason ? <span className="voter-reason"> — {v.reason}</span> : null}
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="hint">{t("reviews.vote.more", { count: more })}</p> : null}
    </details>
  );
}
