import { useId } from "react";
import type { FrictionTag, Mandate, PurposeTag } from "~/store/schema";
import type { PolicyFormInitial } from "~/models/policy-form.server";
import { CheckboxGroup, ErrorList, Field, Select, TextArea, typed, typedList } from "./forms";
import { useT } from "./i18n";

export type PolicyFormOptions = {
  teams: Array<{ id: string; name: string }>;
  /** Teams a policy can be owned by (those the person manages). */
  ownerTeams: Array<{ id: string; name: string }>;
  people: Array<{ id: string; name: string; teamName: string; active: boolean }>;
  purposeTags: readonly PurposeTag[];
  frictionTags: readonly FrictionTag[];
  mandates: readonly Mandate[];
};

type Values = Record<string, string | string[]> | undefined;
type Errors = Record<string, string[]> | undefined;

/**
 * Every field of a policy, grouped as a reader thinks of it: the rule, ownership, purpose,
 * audience and mandate, friction, review. Errors sit beside their fields; what was typed
 * survives a failed save (`values`).
 */
export function PolicyFields({
  options,
  initial,
  values,
  errors,
}: {
  options: PolicyFormOptions;
  initial?: PolicyFormInitial;
  values: Values;
  errors: Errors;
}) {
  const t = useT();
  const text = (name: keyof PolicyFormInitial) => typed(values, name, initial ? (initial[name] as string | number | null) : "");
  const list = (name: "purposeTags" | "audienceTeamIds" | "frictionTags") => typedList(values, name, initial ? initial[name] : []);
  const external = values ? values.audienceExternal === "on" : (initial?.audienceExternal ?? false);
  const externalId = useId();

  return (
    <>
      <fieldset className="form-section">
        <legend>{t("policies.form.rule")}</legend>
        <Field label={t("policies.form.title")} name="title" hint={t("policies.form.titleHint")} defaultValue={text("title")} errors={errors?.title} required maxLength={160} />
        <Field label={t("policies.form.summary")} name="summary" defaultValue={text("summary")} errors={errors?.summary} maxLength={300} />
        <TextArea label={t("policies.form.body")} name="body" hint={t("policies.form.bodyHint")} defaultValue={text("body")} errors={errors?.body} rows={12} />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("policies.form.ownership")}</legend>
        <div className="form-row">
          <Select
            label={t("policies.form.team")}
            name="teamId"
            options={options.ownerTeams.map((team) => ({ value: team.id, label: team.name }))}
            placeholder={options.ownerTeams.length > 1 ? t("policies.form.chooseTeam") : undefined}
            defaultValue={text("teamId")}
            errors={errors?.teamId}
            required
          />
          <OwnerSelect people={options.people} defaultValue={text("ownerId")} errors={errors?.ownerId} />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("policies.form.purpose")}</legend>
        <TextArea label={t("policies.form.purposeField")} name="purpose" hint={t("policies.form.purposeHint")} defaultValue={text("purpose")} errors={errors?.purpose} rows={3} />
        <CheckboxGroup
          legend={t("policies.form.purposeTags")}
          hint={t("policies.form.purposeTagsHint")}
          name="purposeTags"
          options={options.purposeTags.map((tag) => ({
            value: tag,
            label: `${t(`policies.purposeTags.${tag}`)} — ${t(`policies.purposeHelp.${tag}`)}`,
          }))}
          checked={list("purposeTags")}
          errors={errors?.purposeTags}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("policies.form.audience")}</legend>
        <div className="field">
          <label className="checkbox" htmlFor={externalId}>
            <input id={externalId} type="checkbox" name="audienceExternal" defaultChecked={external} /> {t("policies.form.audienceExternal")}
          </label>
          <ErrorList errors={errors?.audienceExternal} />
        </div>
        <CheckboxGroup
          legend={t("policies.form.audienceTeams")}
          name="audienceTeamIds"
          options={options.teams.map((team) => ({ value: team.id, label: team.name }))}
          checked={list("audienceTeamIds")}
          errors={errors?.audienceTeamIds}
        />
        <Select
          label={t("policies.form.mandate")}
          name="mandate"
          options={options.mandates.map((m) => ({ value: m, label: t(`policies.mandates.${m}`) }))}
          defaultValue={text("mandate") || "own"}
          errors={errors?.mandate}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("policies.form.friction")}</legend>
        <p className="hint">{t("policies.form.frictionHint")}</p>
        <div className="form-row">
          <NumberField label={t("policies.form.occurrences")} name="occurrencesPerMonth" value={text("occurrencesPerMonth")} errors={errors?.occurrencesPerMonth} step="any" />
          <NumberField label={t("policies.form.activeMinutes")} name="activeMinutes" value={text("activeMinutes")} errors={errors?.activeMinutes} step="any" />
          <NumberField label={t("policies.form.waitingMinutes")} name="waitingMinutes" value={text("waitingMinutes")} errors={errors?.waitingMinutes} step="any" />
        </div>
        <div className="form-row">
          <NumberField label={t("policies.form.steps")} name="steps" value={text("steps")} errors={errors?.steps} />
          <NumberField label={t("policies.form.approvals")} name="approvals" value={text("approvals")} errors={errors?.approvals} />
          <NumberField label={t("policies.form.handoffs")} name="handoffs" value={text("handoffs")} errors={errors?.handoffs} />
        </div>
        <CheckboxGroup
          legend={t("policies.form.frictionTags")}
          name="frictionTags"
          options={options.frictionTags.map((tag) => ({ value: tag, label: t(`policies.frictionTags.${tag}`) }))}
          checked={list("frictionTags")}
          errors={errors?.frictionTags}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("policies.form.review")}</legend>
        <div className="form-row">
          <NumberField label={t("policies.form.reviewCycle")} name="reviewCycleMonths" value={text("reviewCycleMonths") || "12"} errors={errors?.reviewCycleMonths} min={1} max={120} />
          <Field
            label={t("policies.form.lastReviewed")}
            name="lastReviewedOn"
            type="date"
            hint={t("policies.form.lastReviewedHint")}
            defaultValue={text("lastReviewedOn")}
            errors={errors?.lastReviewedOn}
          />
        </div>
      </fieldset>
    </>
  );
}

function NumberField({
  label,
  name,
  value,
  errors,
  step = "1",
  min = 0,
  max,
}: {
  label: string;
  name: string;
  value: string;
  errors?: string[];
  step?: string;
  min?: number;
  max?: number;
}) {
  return <Field label={label} name={name} type="number" inputMode="decimal" step={step} min={min} max={max} defaultValue={value} errors={errors} />;
}

/** The accountable person, grouped by team. */
function OwnerSelect({
  people,
  defaultValue,
  errors,
}: {
  people: PolicyFormOptions["people"];
  defaultValue: string;
  errors?: string[];
}) {
  const t = useT();
  const id = useId();
  const groups = new Map<string, PolicyFormOptions["people"]>();
  for (const p of people) {
    const list = groups.get(p.teamName);
    if (list) list.push(p);
    else groups.set(p.teamName, [p]);
  }
  return (
    <div className="field">
      <label htmlFor={id}>{t("policies.form.owner")}</label>
      <select
        id={id}
        name="ownerId"
        defaultValue={defaultValue}
        required
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
      >
        <option value="">{t("policies.form.chooseOwner")}</option>
        {[...groups].map(([team, members]) => (
          <optgroup key={team} label={team}>
            {members.map((p) => (
              <option key={p.id} value={p.id}>
                {p.active ? p.name : t("policies.form.ownerLeft", { name: p.name })}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  );
}
