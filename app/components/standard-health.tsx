import { useFormat, useT } from "./i18n";

/** A standard's health as the pages receive it. */
export type HealthView = {
  average: number | null;
  count: number;
  previousAverage?: number | null;
  level: "unrated" | "kept" | "mostly" | "not-kept";
  direction: "up" | "down" | "steady" | null;
};

export type TrendPoint = { month: string; average: number | null; count: number };

const ARROW = { up: "↑", down: "↓", steady: "→" } as const;

/** "4.3 out of 5 · Promise kept · slipping ↓", compact enough for a card. */
export function HealthBadge({ health }: { health: HealthView }) {
  const t = useT();
  const f = useFormat();
  return (
    <span className={`health health-${health.level}`}>
      {health.average !== null ? (
        <span className="health-score">
          {f.score(health.average)}
          <span className="visually-hidden"> {t("standards.health.outOf5")}</span>
          <span aria-hidden="true">/5</span>
        </span>
      ) : null}
      <span className="health-level">{t(`standards.health.${health.level}`)}</span>
      {health.direction && health.direction !== "steady" ? (
        <span className={`health-direction health-${health.direction}`}>
          {`${t(`standards.health.${health.direction}`)} `}
          <span aria-hidden="true">{ARROW[health.direction]}</span>
        </span>
      ) : null}
    </span>
  );
}

/**
 * Maps a domain linearly onto a range. The hub's cards draw with this instead of d3-scale, which
 * would add 13 KB of JavaScript to the employee's front page for two straight lines.
 */
function linear([d0, d1]: [number, number], [r0, r1]: [number, number]) {
  return (v: number) => r0 + ((v - d0) / (d1 - d0 || 1)) * (r1 - r0);
}

// The path of each list of averages drawn: the hub's cards come from the server's card cache,
// the same arrays on every page view, and their dozen numbers need formatting only once.
const sparkPaths = new WeakMap<ReadonlyArray<number | null>, string>();

/** One "M…L…" run per stretch of rated months; a month without ratings breaks the line. */
function sparkPath(values: ReadonlyArray<number | null>) {
  let path = sparkPaths.get(values);
  if (path === undefined) {
    const x = linear([0, Math.max(values.length - 1, 1)], [2, SPARK_WIDTH - 2]);
    let d = "";
    values.forEach((v, i) => {
      if (v !== null) d += `${i > 0 && values[i - 1] !== null ? "L" : "M"}${x(i).toFixed(1)},${sparkY(v).toFixed(1)}`;
    });
    sparkPaths.set(values, (path = d));
  }
  return path;
}

const SPARK_WIDTH = 96;
const SPARK_HEIGHT = 24;
const sparkY = linear([1, 5], [SPARK_HEIGHT - 2, 2]);

/** A tiny line of the monthly averages, for cards; decorative (the badge says it in words). */
export function Sparkline({ values }: { values: ReadonlyArray<number | null> }) {
  if (values.every((v) => v === null)) return null;
  return (
    <svg className="sparkline" viewBox={`0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`} width={SPARK_WIDTH} height={SPARK_HEIGHT} aria-hidden="true">
      <line x1={0} x2={SPARK_WIDTH} y1={sparkY(4)} y2={sparkY(4)} className="sparkline-goal" />
      <path d={sparkPath(values)} />
    </svg>
  );
}

/** The monthly trend as bars (1–5), with the figures in a table for screen readers and print. */
export function TrendChart({ trend }: { trend: readonly TrendPoint[] }) {
  const t = useT();
  const f = useFormat();
  const rated = trend.filter((p) => p.average !== null);
  if (!rated.length) return <p className="hint">{t("standards.health.noTrend")}</p>;
  const width = 320;
  const height = 140;
  const margin = { top: 8, right: 4, bottom: 20, left: 16 };
  // Bands with a quarter of each step as padding, like d3's scaleBand().padding(0.25).
  const step = (width - margin.left - margin.right) / (trend.length + 0.25);
  const bandwidth = step * 0.75;
  const bandStart = new Map(trend.map((p, i) => [p.month, margin.left + step * 0.25 + i * step]));
  const x = Object.assign((month: string) => bandStart.get(month), { bandwidth: () => bandwidth });
  const y = linear([0, 5], [height - margin.bottom, margin.top]);
  const summary = rated.map((p) => `${f.month(p.month)} ${f.score(p.average!)}`).join(", ");
  return (
    <figure className="chart trend-chart">
      <figcaption>{t("standards.health.trendTitle")}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={t("standards.health.trendLabel", { from: f.month(trend[0].month), to: f.month(trend[trend.length - 1].month), summary })}
      >
        {[1, 2, 3, 4, 5].map((v) => (
          <g key={v} className="trend-grid">
            <line x1={margin.left} x2={width - margin.right} y1={y(v)} y2={y(v)} />
            <text x={margin.left - 4} y={y(v)} dy="0.32em" textAnchor="end">{v}</text>
          </g>
        ))}
        {trend.map((p) => {
          const x0 = x(p.month) ?? 0;
          return (
            <g key={p.month}>
              {p.average !== null ? (
                <rect
                  className={`bar bar-${p.average >= 4 ? "kept" : p.average >= 3 ? "mostly" : "not-kept"}`}
                  x={x0}
                  width={x.bandwidth()}
                  y={y(p.average)}
                  height={y(0) - y(p.average)}
                />
              ) : null}
              <text className="chart-axis" x={x0 + x.bandwidth() / 2} y={height - 6} textAnchor="middle">
                {f.month(p.month).split(" ")[0]}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="chart-table">
        <summary>{t("standards.health.showFigures")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("standards.health.month")}</th>
              <th scope="col" className="num">{t("standards.health.monthAverage")}</th>
              <th scope="col" className="num">{t("standards.health.monthCount")}</th>
            </tr>
          </thead>
          <tbody>
            {trend.map((p) => (
              <tr key={p.month}>
                <th scope="row">{f.month(p.month)}</th>
                <td className="num">{p.average === null ? "—" : f.score(p.average)}</td>
                <td className="num">{f.integer(p.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
