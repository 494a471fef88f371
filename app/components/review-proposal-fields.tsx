import { useId } from "react";
import { PROPOSAL_KINDS, type Mandate } from "~/store/vocabulary";
import type { Friction } from "~/store/schema";
import { ErrorList, Field, TextArea, typed } from "./forms";
import { useFormat, useT } from "./i18n";

const FRICTION_KEYS = ["occurrencesPerMonth", "steps", "approvals", "handoffs", "activeMinutes", "waitingMinutes"] as const;

type Values = Record<string, string | string[]> | undefined;
type Errors = Record<string, string[]> | undefined;

/** The kind of simplification, each with a line saying what it means. */
export function KindChoice({ mandate, values, errors, defaultKind }: { mandate: Mandate; values: Values; errors: Errors; defaultKind?: string }) {
  const t = useT();
  const id = useId();
  const chosen = typed(values, "kind", defaultKind ?? "");
  return (
    <fieldset className="field kind-choice" aria-describedby={errors?.kind?.length ? `${id}-error` : undefined}>
      <legend>{t("reviews.propose.kind")}</legend>
      {mandate !== "own" ? (
        <p className="hint">{t("reviews.propose.mandated", { mandate: t(`reviews.policy.mandates.${mandate}`) })}</p>
      ) : null}
      <div className="kind-options">
        {PROPOSAL_KINDS.map((k) => (
          <label key={k} className="kind-option">
            <input type="radio" name="kind" value={k} defaultChecked={chosen === k} disabled={k === "remove" && mandate !== "own"} />
            <span>
              <strong>{t(`reviews.kinds.${k}`)}</strong>
              <span className="hint"> — {t(`reviews.kindHints.${k}`)}</span>
            </span>
          </label>
        ))}
      </div>
      <ErrorList id={`${id}-error`} errors={errors?.kind} />
    </fieldset>
  );
}

/** Title, reasoning, new text and new estimates: the parts of a proposal its author can edit. */
export function ProposalFields({
  values,
  errors,
  policy,
  current,
}: {
  values: Values;
  errors: Errors;
  policy: { body: string; friction: Friction; hours: number };
  /** The proposal being edited, if any. */
  current?: { title: string; reasoning: string; newBody: string; newFriction: Friction | null };
}) {
  const t = useT();
  const format = useFormat();
  return (
    <>
      <Field
        label={t("reviews.propose.proposalTitle")}
        hint={t("reviews.propose.proposalTitleHint")}
        name="title"
        maxLength={160}
        defaultValue={typed(values, "title", current?.title)}
        errors={errors?.title}
      />
      <TextArea
        label={t("reviews.propose.reasoning")}
        hint={t("reviews.propose.reasoningHint")}
        name="reasoning"
        rows={6}
        defaultValue={typed(values, "reasoning", current?.reasoning)}
        errors={errors?.reasoning}
      />
      <TextArea
        label={t("reviews.propose.newBody")}
        hint={t("reviews.propose.newBodyHint")}
        name="newBody"
        rows={10}
        className="mono"
        defaultValue={typed(values, "newBody", current?.newBody || policy.body)}
        errors={errors?.newBody}
      />
      <fieldset className="field estimates">
        <legend>{t("reviews.propose.estimates")}</legend>
        <p className="hint">
          {t("reviews.propose.estimatesHint")} {t("reviews.propose.currentHours", { hours: format.number(policy.hours) })}
        </p>
        <div className="form-row">
          {FRICTION_KEYS.map((k) => (
            <Field
              key={k}
              label={t(`reviews.friction.${k}`)}
              hint={t("reviews.propose.nowValue", { value: format.number(policy.friction[k]) })}
              name={k}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              defaultValue={typed(values, k, current?.newFriction ? current.newFriction[k] : "")}
              errors={errors?.[k]}
            />
          ))}
        </div>
      </fieldset>
    </>
  );
}
