import type { StandardContent } from "~/store/schema";
import { useT } from "./i18n";

export type DiffPartView = { value: string; added?: boolean; removed?: boolean };
export type FieldChangeView = { field: keyof StandardContent; parts: DiffPartView[] };

/**
 * What changed between two versions, field by field: removed words struck through, added
 * words highlighted, each also named for screen readers.
 */
export function VersionDiff({ changes }: { changes: readonly FieldChangeView[] }) {
  const t = useT();
  if (!changes.length) return <p className="hint">{t("standards.detail.noChanges")}</p>;
  return (
    <dl className="version-diff">
      {changes.map((c) => (
        <div key={c.field} className="version-diff-field">
          <dt>{t(`standards.fields.${c.field}`)}</dt>
          <dd>
            <div className={`diff diff-text${c.field === "body" ? " diff-body" : ""}`}>
              {c.parts.map((p, i) =>
                p.added ? (
                  <ins key={i}>
                    <span className="visually-hidden">[{t("standards.detail.added")}] </span>
                    {p.value}
                  </ins>
                ) : p.removed ? (
                  <del key={i}>
                    <span className="visually-hidden">[{t("standards.detail.removed")}] </span>
                    {p.value}
                  </del>
                ) : (
                  <span key={i}>{p.value}</span>
                ),
              )}
            </div>
          </dd>
        </div>
      ))}
    </dl>
  );
}
