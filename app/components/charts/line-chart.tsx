import { scaleLinear, scalePoint } from "d3-scale";
import { curveLinear, line } from "d3-shape";
import { useLocale } from "~/components/i18n";
import { useChartFormat } from "./use-chart-format";
import type { ChartData } from "./chart-data";
import { CategoryAxisBottom, ValueAxisLeft, categoryLabels, chartWidth, r1, valueDomain, type Margin } from "./axes";
import { formatValue, seriesColour } from "./format";

const HEIGHT = 270;
const MARGIN: Margin = { top: 16, right: 78, bottom: 46, left: 70 };

/**
 * A trend: one line per series over months (or pulses), points with their value on hover,
 * and the latest value of each line written at its end.
 */
export function LineChart({ data, labelledBy }: { data: ChartData; labelledBy: string }) {
  const f = useChartFormat();
  const locale = useLocale();
  const WIDTH = chartWidth(data);
  const keys = data.categories.map((c) => c.key);
  const x = scalePoint<string>()
    .domain(keys)
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.4);
  // Roughly 6.5 units a character at this size: labels never run into each other.
  const labels = categoryLabels(data, locale, Math.max(6, Math.floor(x.step() / 6.5)));
  const y = scaleLinear()
    .domain(valueDomain(data))
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  if (!data.domain) y.nice();
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => r1(x(keys[i])))
    .y((v) => r1(y(v ?? 0)))
    .curve(curveLinear);
  const ends = endLabels(data, (v) => y(v));

  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={labelledBy} className="chart-svg">
      <ValueAxisLeft width={WIDTH} y={y} unit={data.unit} f={f} margin={MARGIN} height={HEIGHT} label={data.axisLabel} />
      <CategoryAxisBottom positions={keys.map((k) => x(k) ?? 0)} labels={labels} y={HEIGHT - MARGIN.bottom} />
      {data.series.map((s, si) => {
        const colour = seriesColour(si, s.reference);
        return (
          <g key={s.key} className="chart-series">
            <path
              d={path(s.values) ?? undefined}
              fill="none"
              stroke={colour}
              strokeWidth={s.reference ? 2 : 3}
              strokeDasharray={s.reference ? "6 4" : undefined}
              strokeLinejoin="round"
              strokeLinecap="round"
            />
            {s.values.map((v, i) =>
              v === null ? null : (
                <circle key={i} cx={r1(x(keys[i]))} cy={r1(y(v))} r={s.reference ? 3 : 4} fill={colour} stroke="#fff" strokeWidth={1.5}>
                  <title>{`${s.label} · ${labels[i].full}: ${formatValue(data.unit, v, f)}`}</title>
                </circle>
              )
            )}
          </g>
        );
      })}
      {ends.map((e) => (
        <text
          key={e.key}
          x={r1((x(keys[e.index]) ?? 0) + 8)}
          y={r1(e.y)}
          dy="0.32em"
          className="chart-end-label"
          fill={seriesColour(e.seriesIndex, e.reference)}
          aria-hidden="true"
        >
          {formatValue(data.unit, e.value, f)}
        </text>
      ))}
    </svg>
  );
}

/** The last value of each series, nudged apart so two labels never sit on each other. */
function endLabels(data: ChartData, y: (v: number) => number) {
  const out: Array<{ key: string; seriesIndex: number; reference?: boolean; index: number; value: number; y: number }> = [];
  if (data.series.length > 3) return out;
  data.series.forEach((s, seriesIndex) => {
    for (let i = s.values.length - 1; i >= 0; i--) {
      const v = s.values[i];
      if (v === null) continue;
      out.push({ key: s.key, seriesIndex, reference: s.reference, index: i, value: v, y: y(v) });
      break;
    }
  });
  out.sort((a, b) => a.y - b.y);
  for (let i = 1; i < out.length; i++) if (out[i].y - out[i - 1].y < 14) out[i].y = out[i - 1].y + 14;
  return out;
}
