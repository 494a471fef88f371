import { ListLink } from "./link";
import type { ServqualDimension } from "~/store/schema";
import { useFormat, useT } from "./i18n";
import { HealthBadge, Sparkline, type HealthView } from "./standard-health";

export type TargetView = { metric: string; value: number; unit: string; period: string };

/** A standard as the handbook lists it. */
export type StandardCardView = {
  slug: string;
  title: string;
  commitment: string;
  target: TargetView;
  dimension: ServqualDimension;
  factor: "hygiene" | "motivator" | null;
  /** Team names it serves; null when it serves everyone. */
  serves: string[] | null;
  health: HealthView;
  spark: Array<number | null>;
};

/** "4 business hours · per request" */
export function TargetText({ target }: { target: TargetView }) {
  const f = useFormat();
  return (
    <>
      {/* One text node each: React marks every seam between adjacent texts with a comment. */}
      <strong className="target-value">{`${f.number(target.value)} ${target.unit}`}</strong>{" "}
      <span className="target-period">{`· ${target.period}`}</span>
    </>
  );
}

export function DimensionTag({ dimension }: { dimension: ServqualDimension }) {
  const t = useT();
  return <span className={`tag dimension dimension-${dimension}`}>{t(`standards.dimensions.${dimension}`)}</span>;
}

export function FactorBadge({ factor }: { factor: "hygiene" | "motivator" | null }) {
  const t = useT();
  if (!factor) return null;
  return (
    <span className={`badge ${factor === "motivator" ? "badge-info" : "badge-muted"}`} title={t(`standards.factorHints.${factor}`)}>
      {t(`standards.factors.${factor}`)}
    </span>
  );
}

export function StandardCard({ standard: s, headingLevel = 3 }: { standard: StandardCardView; headingLevel?: 2 | 3 }) {
  const t = useT();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card standard-card">
      <p className="standard-card-tags">
        <DimensionTag dimension={s.dimension} />
        <FactorBadge factor={s.factor} />
      </p>
      <Heading className="standard-card-title">
        <ListLink to={`/standards/${s.slug}`}>{s.title}</ListLink>
      </Heading>
      <p className="commitment">{s.commitment}</p>
      <p className="target">
        <span className="target-label">{t("standards.card.target")}</span> <TargetText target={s.target} />
      </p>
      <p className="serves">
        <span className="target-label">{t("standards.card.serves")}</span>
        {` ${s.serves ? s.serves.join(", ") : t("standards.card.everyone")}`}
      </p>
      <div className="card-health">
        <HealthBadge health={s.health} />
        <Sparkline values={s.spark} />
      </div>
    </article>
  );
}
