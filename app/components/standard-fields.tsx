import { useId } from "react";
import { SERVQUAL_DIMENSIONS } from "~/store/vocabulary";
import { CheckboxGroup, ErrorList, Field, TextArea, typed, typedList } from "./forms";
import { useT } from "./i18n";

export type StandardFormDefaults = {
  title: string;
  commitment: string;
  metric: string;
  targetValue: string | number;
  unit: string;
  period: string;
  customerTeamIds: readonly string[];
  dimension: string;
  factor: string | null;
  body: string;
  linkedPolicyIds: readonly string[];
};

type Option = { value: string; label: string; hint?: string };

/** Radio buttons with a hint under each choice (dimension, factor). */
function RadioGroup({
  legend,
  name,
  options,
  value,
  errors,
  hint,
}: {
  legend: string;
  name: string;
  options: readonly Option[];
  value: string;
  errors?: string[];
  hint?: string;
}) {
  const id = useId();
  return (
    <fieldset className="field radio-group" aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      <div className="radio-options">
        {options.map((o) => (
          <label key={o.value} className="radio-option">
            <input type="radio" name={name} value={o.value} defaultChecked={value === o.value} />
            <span>
              <span className="radio-label">{o.label}</span>
              {o.hint ? <span className="hint radio-hint">{o.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <ErrorList id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}

/** The fields of a standard's content, shared by the new and the edit form. */
export function StandardFields({
  defaults,
  values,
  errors,
  customerTeams,
  policies,
}: {
  defaults: StandardFormDefaults;
  values?: Record<string, string | string[]>;
  errors?: Record<string, string[]>;
  customerTeams: ReadonlyArray<{ id: string; name: string }>;
  policies: ReadonlyArray<{ id: string; title: string }>;
}) {
  const t = useT();
  const v = (name: keyof StandardFormDefaults) => typed(values, name, defaults[name] as string | number | null);
  return (
    <>
      <Field label={t("standards.fields.title")} name="title" defaultValue={v("title")} errors={errors?.title} required maxLength={160} />
      <TextArea
        label={t("standards.fields.commitment")}
        name="commitment"
        rows={2}
        defaultValue={v("commitment")}
        errors={errors?.commitment}
        hint={t("standards.form.commitmentHint")}
        required
        maxLength={300}
      />
      <fieldset className="field target-fields">
        <legend>{t("standards.form.targetLegend")}</legend>
        <p className="hint">{t("standards.form.targetHint")}</p>
        <Field label={t("standards.fields.metric")} name="metric" defaultValue={v("metric")} errors={errors?.metric} hint={t("standards.form.metricHint")} required />
        <div className="form-row">
          <Field
            label={t("standards.fields.targetValue")}
            name="targetValue"
            type="number"
            step="any"
            inputMode="decimal"
            defaultValue={v("targetValue")}
            errors={errors?.targetValue}
            hint={t("standards.form.targetValueHint")}
            required
          />
          <Field label={t("standards.fields.unit")} name="unit" defaultValue={v("unit")} errors={errors?.unit} hint={t("standards.form.unitHint")} required />
          <Field label={t("standards.fields.period")} name="period" defaultValue={v("period")} errors={errors?.period} hint={t("standards.form.periodHint")} required />
        </div>
      </fieldset>
      <RadioGroup
        legend={t("standards.fields.dimension")}
        name="dimension"
        value={v("dimension")}
        errors={errors?.dimension}
        options={SERVQUAL_DIMENSIONS.map((d) => ({ value: d, label: t(`standards.dimensions.${d}`), hint: t(`standards.dimensionHints.${d}`) }))}
      />
      <RadioGroup
        legend={t("standards.fields.factor")}
        name="factor"
        value={v("factor") || "none"}
        errors={errors?.factor}
        options={(["none", "hygiene", "motivator"] as const).map((f) => ({
          value: f,
          label: t(`standards.factors.${f}`),
          hint: t(`standards.factorHints.${f}`),
        }))}
      />
      <CheckboxGroup
        legend={t("standards.fields.customerTeamIds")}
        name="customerTeamIds"
        hint={t("standards.form.customersHint")}
        options={customerTeams.map((team) => ({ value: team.id, label: team.name }))}
        checked={typedList(values, "customerTeamIds", defaults.customerTeamIds)}
        errors={errors?.customerTeamIds}
      />
      {policies.length ? (
        <CheckboxGroup
          legend={t("standards.fields.linkedPolicyIds")}
          name="linkedPolicyIds"
          hint={t("standards.form.policiesHint")}
          options={policies.map((p) => ({ value: p.id, label: p.title }))}
          checked={typedList(values, "linkedPolicyIds", defaults.linkedPolicyIds)}
          errors={errors?.linkedPolicyIds}
        />
      ) : (
        <p className="hint">{t("standards.form.noPolicies")}</p>
      )}
      <TextArea
        label={t("standards.fields.body")}
        name="body"
        rows={18}
        defaultValue={v("body")}
        errors={errors?.body}
        hint={t("standards.form.bodyHint")}
      />
    </>
  );
}
