import type { DiffPart, FieldRow, FieldValue, TextDiff } from "~/models/policy-history.server";
import { useFormat, useT } from "./i18n";
import { TableScroll } from "./table-scroll";

/** Text with insertions and deletions marked (and named for screen readers). */
export function DiffText({ parts }: { parts: DiffPart[] }) {
  const t = useT();
  const empty = t("policies.history.empty");
  if (!parts.length) return <div className="diff diff-text hint">{empty}</div>;
  return (
    <div className="diff diff-text">
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i}>
            <span className="visually-hidden">[{t("policies.history.added")}: </span>
            {part.value}
            <span className="visually-hidden">]</span>
          </ins>
        ) : part.removed ? (
          <del key={i}>
            <span className="visually-hidden">[{t("policies.history.removed")}: </span>
            {part.value}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </div>
  );
}

export function TextDiffs({ diffs }: { diffs: TextDiff[] }) {
  const t = useT();
  return (
    <div className="text-diffs">
      {diffs.map((d) => (
        <section key={d.field} className={d.changed ? "text-diff changed" : "text-diff"} aria-labelledby={`diff-${d.field}`}>
          <h4 id={`diff-${d.field}`}>
            {t(`policies.history.textFields.${d.field}`)}{" "}
            {d.changed ? null : <span className="badge badge-muted">{t("policies.history.unchanged")}</span>}
          </h4>
          {d.changed ? <DiffText parts={d.parts} /> : null}
        </section>
      ))}
    </div>
  );
}

function Value({ value }: { value: FieldValue }) {
  const t = useT();
  const f = useFormat();
  const empty = <span className="hint">{t("policies.history.empty")}</span>;
  switch (value.kind) {
    case "text":
      return value.value ? <>{value.value}</> : empty;
    case "number":
      return <>{f.number(value.value)}</>;
    case "hours":
      return <>{f.hours(value.value)}</>;
    case "months":
      return <>{t("policies.history.months", { months: value.value })}</>;
    case "yesNo":
      return <>{value.value ? t("policies.history.yes") : t("policies.history.no")}</>;
    case "mandate":
      return <>{t(`policies.mandates.${value.value}`)}</>;
    case "purposeTags":
      return value.value.length ? <>{value.value.map((tag) => t(`policies.purposeTags.${tag}`)).join(", ")}</> : empty;
    case "frictionTags":
      return value.value.length ? <>{value.value.map((tag) => t(`policies.frictionTags.${tag}`)).join(", ")}</> : empty;
    case "names":
      return value.value.length ? <>{value.value.join(", ")}</> : empty;
  }
}

/** The other fields, old beside new; changed rows stand out. */
export function FieldTable({
  rows,
  from,
  to,
  labels,
}: {
  rows: FieldRow[];
  from?: number;
  to?: number;
  /** Column headings other than revision numbers (a proposal: now and proposed). */
  labels?: { before: string; after: string };
}) {
  const t = useT();
  return (
    <TableScroll label={t("policies.history.fields")}>
      <table className="field-diff">
        <thead>
          <tr>
            <th scope="col">{t("policies.history.field")}</th>
            <th scope="col">{labels?.before ?? t("policies.history.compareFrom", { number: from ?? "" })}</th>
            <th scope="col">{labels?.after ?? t("policies.history.compareTo", { number: to ?? "" })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} className={row.changed ? "changed" : undefined}>
              <th scope="row">
                {t(`policies.history.fieldNames.${row.field}`)}
                {row.changed ? null : <span className="visually-hidden"> ({t("policies.history.unchanged")})</span>}
              </th>
              <td>{row.changed ? <del><Value value={row.before} /></del> : <Value value={row.before} />}</td>
              <td>{row.changed ? <ins><Value value={row.after} /></ins> : <Value value={row.after} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
