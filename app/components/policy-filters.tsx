import { Form } from "@remix-run/react";
import { ListLink } from "~/components/link";
import { useId } from "react";
import type { FrictionTag, PurposeTag } from "~/store/schema";
import { useT } from "./i18n";

export type CatalogueFilterValues = {
  team?: string;
  status: string;
  purpose?: string;
  friction?: string;
  audience?: string;
  mandate?: string;
  overdue: boolean;
  orphan: boolean;
  nopurpose: boolean;
  sort: string;
};

export type CatalogueFilterOptions = {
  teams: Array<{ slug: string; name: string }>;
  statuses: readonly string[];
  purposeTags: readonly PurposeTag[];
  frictionTags: readonly FrictionTag[];
  mandates: readonly string[];
  sorts: readonly string[];
};

/** The catalogue's filters as a GET form: the filtered view lives in the URL and can be shared. */
export function CatalogueFilters({ values, options }: { values: CatalogueFilterValues; options: CatalogueFilterOptions }) {
  const t = useT();
  const id = useId();
  const select = (name: keyof CatalogueFilterValues, label: string, choices: Array<{ value: string; label: string }>, any?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <select id={`${id}-${name}`} name={name} defaultValue={String(values[name] ?? "")}>
        {any !== undefined ? <option value="">{any}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
  const check = (name: "overdue" | "orphan" | "nopurpose", label: string) => (
    <label className="checkbox">
      <input type="checkbox" name={name} value="1" defaultChecked={values[name]} /> {label}
    </label>
  );
  return (
    <Form method="get" className="filters catalogue-filters" aria-label={t("policies.catalogue.filtersLabel")}>
      {select("team", t("policies.catalogue.filter.team"), options.teams.map((team) => ({ value: team.slug, label: team.name })), t("policies.catalogue.filter.anyTeam"))}
      {select(
        "status",
        t("policies.catalogue.filter.status"),
        options.statuses.map((s) => ({ value: s, label: t(`policies.catalogue.statusFilter.${s as "current"}`) })),
      )}
      {select(
        "purpose",
        t("policies.catalogue.filter.purpose"),
        options.purposeTags.map((tag) => ({ value: tag, label: t(`policies.purposeTags.${tag}`) })),
        t("policies.catalogue.filter.anyPurpose"),
      )}
      {select(
        "friction",
        t("policies.catalogue.filter.friction"),
        options.frictionTags.map((tag) => ({ value: tag, label: t(`policies.frictionTags.${tag}`) })),
        t("policies.catalogue.filter.anyFriction"),
      )}
      {select(
        "audience",
        t("policies.catalogue.filter.audience"),
        [
          { value: "external", label: t("policies.catalogue.filter.external") },
          { value: "internal", label: t("policies.catalogue.filter.internal") },
          ...options.teams.map((team) => ({ value: team.slug, label: t("policies.catalogue.filter.internalTeam", { team: team.name }) })),
        ],
        t("policies.catalogue.filter.anyAudience"),
      )}
      {select(
        "mandate",
        t("policies.catalogue.filter.mandate"),
        options.mandates.map((m) => ({
          value: m,
          label: m === "external" ? t("policies.catalogue.filter.mandateExternal") : t(`policies.mandates.${m as "own"}`),
        })),
        t("policies.catalogue.filter.anyMandate"),
      )}
      {select(
        "sort",
        t("policies.catalogue.filter.sort"),
        options.sorts.map((s) => ({ value: s, label: t(`policies.catalogue.sort.${s as "hours"}`) })),
      )}
      <fieldset className="filter-checks">
        <legend>{t("policies.catalogue.filter.findings")}</legend>
        {check("overdue", t("policies.catalogue.filter.overdue"))}
        {check("orphan", t("policies.catalogue.filter.orphan"))}
        {check("nopurpose", t("policies.catalogue.filter.nopurpose"))}
      </fieldset>
      <div className="actions filter-actions">
        <button type="submit" className="button primary">
          {t("policies.catalogue.apply")}
        </button>
        <ListLink to="/policies">{t("policies.catalogue.clear")}</ListLink>
      </div>
    </Form>
  );
}
