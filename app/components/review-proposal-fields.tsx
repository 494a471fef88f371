import { useId } from "react";
import { FRICTION_TAGS, PROPOSAL_KINDS, PURPOSE_TAGS, type FrictionTag, type Mandate, type PurposeTag } from "~/store/vocabulary";
import type { Friction, ProposalFieldChanges } from "~/store/schema";
import { CheckboxGroup, ErrorList, Field, TextArea, typed, typedList } from "./forms";
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

/** The policy as the propose and edit forms need it: its text, estimates and other fields. */
export type ProposablePolicy = {
  body: string;
  friction: Friction;
  hours: number;
  title: string;
  summary: string;
  purpose: string;
  purposeTags: PurposeTag[];
  audienceExternal: boolean;
  audienceTeamIds: string[];
  frictionTags: FrictionTag[];
  reviewCycleMonths: number;
};

/**
 * The policy's other fields as the proposal would have them, filled with today's values (or the
 * proposal's): whatever is left as it is stays unchanged.
 */
function PolicyFieldChanges({
  values,
  errors,
  policy,
  teams,
  changes,
}: {
  values: Values;
  errors: Errors;
  policy: ProposablePolicy;
  teams: ReadonlyArray<{ id: string; name: string }>;
  changes?: ProposalFieldChanges;
}) {
  const t = useT();
  const externalId = useId();
  const now = { ...policy, ...changes };
  const external = values ? values.newAudienceExternal === "on" : now.audienceExternal;
  return (
    <fieldset className="field policy-fields">
      <legend>{t("reviews.propose.fields")}</legend>
      <p className="hint">{t("reviews.propose.fieldsHint")}</p>
      <input type="hidden" name="policyFields" value="on" />
      <Field label={t("reviews.propose.newTitle")} name="newTitle" maxLength={160} defaultValue={typed(values, "newTitle", now.title)} errors={errors?.newTitle} />
      <Field label={t("reviews.propose.newSummary")} name="newSummary" maxLength={300} defaultValue={typed(values, "newSummary", now.summary)} errors={errors?.newSummary} />
      <TextArea label={t("reviews.propose.newPurpose")} name="newPurpose" rows={2} defaultValue={typed(values, "newPurpose", now.purpose)} errors={errors?.newPurpose} />
      <CheckboxGroup
        legend={t("policies.form.purposeTags")}
        name="newPurposeTags"
        options={PURPOSE_TAGS.map((tag) => ({ value: tag, label: t(`policies.purposeTags.${tag}`) }))}
        checked={typedList(values, "newPurposeTags", now.purposeTags)}
        errors={errors?.newPurposeTags}
      />
      <div className="field">
        <label className="checkbox" htmlFor={externalId}>
          <input id={externalId} type="checkbox" name="newAudienceExternal" defaultChecked={external} /> {t("reviews.propose.newAudienceExternal")}
        </label>
      </div>
      <CheckboxGroup
        legend={t("policies.form.audienceTeams")}
        name="newAudienceTeamIds"
        options={teams.map((team) => ({ value: team.id, label: team.name }))}
        checked={typedList(values, "newAudienceTeamIds", now.audienceTeamIds)}
        errors={errors?.newAudienceTeamIds}
      />
      <CheckboxGroup
        legend={t("policies.form.frictionTags")}
        name="newFrictionTags"
        options={FRICTION_TAGS.map((tag) => ({ value: tag, label: t(`policies.frictionTags.${tag}`) }))}
        checked={typedList(values, "newFrictionTags", now.frictionTags)}
        errors={errors?.newFrictionTags}
      />
      <Field
        label={t("reviews.propose.newReviewCycle")}
        name="newReviewCycleMonths"
        type="number"
        inputMode="numeric"
        min={1}
        max={120}
        defaultValue={typed(values, "newReviewCycleMonths", now.reviewCycleMonths)}
        errors={errors?.newReviewCycleMonths}
      />
    </fieldset>
  );
}

/** Title, reasoning, new text, new estimates and the policy's other fields: what a proposal's author can edit. */
export function ProposalFields({
  values,
  errors,
  policy,
  teams,
  current,
}: {
  values: Values;
  errors: Errors;
  policy: ProposablePolicy;
  teams: ReadonlyArray<{ id: string; name: string }>;
  /** The proposal being edited, if any. */
  current?: { title: string; reasoning: string; newBody: string; newFriction: Friction | null; newFields?: ProposalFieldChanges };
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
      <PolicyFieldChanges values={values} errors={errors} policy={policy} teams={teams} changes={current?.newFields} />
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
