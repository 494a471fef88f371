import { scaleLinear, scalePoint } from "d3-scale";
import { curveLinear, line } from "d3-shape";
import { useLocale } from "~/components/i18n";
import { useChartFormat } from "./use-chart-format";
import type { ChartData } from "./chart-data";
import { COMPACT_WIDTH, CategoryAxisBottom, ValueAxisLeft, categoryLabels, chartWidth, compactMargin, r1, textWidth, valueDomain, type Margin } from "./axes";
import { formatValue, seriesColour } from "./format";

const HEIGHT = 270;
const MARGIN: Margin = { top: 16, right: 78, bottom: 46, left: 70 };
const COMPACT_HEIGHT = 240;

/**
 * A trend: one line per series over months (or pulses), points with their value on hover,
 * and the latest value of each line written at its end. `width` is the drawing width in SVG
 * units (the width the chart has on screen, measured by ChartFigure); without it the chart is
 * drawn at its natural width and scaled to its box.
 */
export function LineChart({ data, labelledBy, width }: { data: ChartData; labelledBy: string; width?: number }) {
  const f = useChartFormat();
  const locale = useLocale();
  const WIDTH = width ?? chartWidth(data);
  const compact = WIDTH < COMPACT_WIDTH;
  const HEIGHT_ = compact ? COMPACT_HEIGHT : HEIGHT;
  const keys = data.categories.map((c) => c.key);
  const y = scaleLinear().domain(valueDomain(data));
  if (!data.domain) y.nice();
  const ends = endLabels(data);
  // End labels are bold: a tenth wider than textWidth's estimate, and 8 units off their point.
  const endRoom = Math.max(0, ...ends.map((e) => textWidth(formatValue(data.unit, e.value, f)) * 1.1)) + 14;
  const MARGIN_ = compact ? compactMargin(y, data.unit, f, endRoom) : MARGIN;
  y.range([HEIGHT_ - MARGIN_.bottom, MARGIN_.top]);
  const x = scalePoint<string>()
    .domain(keys)
    .range([MARGIN_.left, WIDTH - MARGIN_.right])
    .padding(compact ? 0.25 : 0.4);
  // Roughly 6.5 units a character at this size: labels never run into each other.
  const labels = categoryLabels(data, locale, Math.max(6, Math.floor(x.step() / 6.5)));
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => r1(x(keys[i])))
    .y((v) => r1(y(v ?? 0)))
    .curve(curveLinear);
  const endYs = nudge(ends.map((e) => y(e.value)));

  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT_}`} role="img" aria-labelledby={labelledBy} className="chart-svg">
      <ValueAxisLeft width={WIDTH} y={y} unit={data.unit} f={f} margin={MARGIN_} height={HEIGHT_} label={data.axisLabel} titleOnTop={compact} />
      <CategoryAxisBottom positions={keys.map((k) => x(k) ?? 0)} labels={labels} y={HEIGHT_ - MARGIN_.bottom} />
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
      {ends.map((e, i) => (
        <text
          key={e.key}
          x={r1((x(keys[e.index]) ?? 0) + 8)}
          y={r1(endYs[i])}
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

/** The last value of each series (when there are at most three), top to bottom as they are drawn. */
function endLabels(data: ChartData) {
  const out: Array<{ key: string; seriesIndex: number; reference?: boolean; index: number; value: number }> = [];
  if (data.series.length > 3) return out;
  data.series.forEach((s, seriesIndex) => {
    for (let i = s.values.length - 1; i >= 0; i--) {
      const v = s.values[i];
      if (v === null) continue;
      out.push({ key: s.key, seriesIndex, reference: s.reference, index: i, value: v });
      break;
    }
  });
  // Largest value first: the highest on the chart.
  return out.sort((a, b) => b.value - a.value);
}

/** The end labels' heights, nudged apart so two labels never sit on each other. */
function nudge(ys: number[]) {
  const out = [...ys];
  for (let i = 1; i < out.length; i++) if (out[i] - out[i - 1] < 14) out[i] = out[i - 1] + 14;
  return out;
}
