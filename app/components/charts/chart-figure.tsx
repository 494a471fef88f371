import { useEffect, useRef, useState } from "react";
import { useLocale, useT } from "~/components/i18n";
import { ListLink } from "~/components/link";
import { useDrawOnce } from "~/components/reused-markup";
import { useChartFormat } from "./use-chart-format";
import type { ChartData } from "./chart-data";
import { chartWidth, hasValues, categoryLabels } from "./axes";
import { BarChart, HBarChart } from "./bar-chart";
import { LineChart } from "./line-chart";
import { formatValue, seriesClass } from "./format";
import { TableScroll } from "~/components/table-scroll";

/**
 * A chart as the dashboard shows it: title and definition, the SVG (drawn on the server, so
 * it reads without JavaScript), a legend, the table of its numbers for screen readers and
 * anyone who wants them, and a CSV download.
 */
export function ChartFigure({ data, children }: { data: ChartData; children?: React.ReactNode }) {
  // On the server, the chart's insides are drawn once for its data and language and reused
  // (app/components/reused-markup.tsx); the browser draws them from the same data.
  const draw = useDrawOnce();
  const className = data.wide ? "chart chart-wide" : "chart";
  // The title's id is the chart's own (one figure per chart on a page), not useId's: the same
  // markup serves every page that shows this chart, wherever the figure sits in the tree.
  const titleId = `chart-${data.id}-title`;
  if (draw && !children) {
    const html = draw(data, "chart", () => <ChartInsides data={data} titleId={titleId} />);
    return <figure className={className} id={`chart-${data.id}`} aria-labelledby={titleId} data-chart={data.id} dangerouslySetInnerHTML={{ __html: html }} />;
  }
  return (
    <figure className={className} id={`chart-${data.id}`} aria-labelledby={titleId} data-chart={data.id}>
      <ChartInsides data={data} titleId={titleId}>
        {children}
      </ChartInsides>
    </figure>
  );
}

function ChartInsides({ data, titleId, children }: { data: ChartData; titleId: string; children?: React.ReactNode }) {
  const t = useT();
  const canvas = useDrawingWidth(chartWidth(data));
  return (
    <>
      <figcaption>
        <h3 id={titleId} className="chart-title">
          {data.title}
        </h3>
        <p className="hint chart-definition">{data.definition}</p>
      </figcaption>
      {hasValues(data) ? (
        // Until the browser has measured it (and for good without JavaScript) the chart is drawn
        // at its natural width; on a phone without JavaScript it then keeps a readable size and
        // scrolls sideways inside this box (app.css, "scripting: none"), reachable by keyboard.
        <div
          className="chart-canvas"
          ref={canvas.ref}
          tabIndex={canvas.measured ? undefined : 0}
          role={canvas.measured ? undefined : "group"}
          aria-labelledby={canvas.measured ? undefined : titleId}
        >
          <ChartSvg data={data} labelledBy={titleId} width={canvas.width} />
        </div>
      ) : (
        <p className="chart-empty">{t("dashboard.chart.empty")}</p>
      )}
      {data.series.length > 1 ? <Legend data={data} /> : null}
      {children}
      <div className="chart-foot">
        <details className="chart-table">
          <summary>{t("dashboard.chart.table")}</summary>
          <ChartTable data={data} />
        </details>
        <a href={data.csvHref} className="chart-csv" download>
          {t("dashboard.chart.csv")}
          <span className="visually-hidden">: {data.title}</span>
        </a>
      </div>
    </>
  );
}

function ChartSvg({ data, labelledBy, width }: { data: ChartData; labelledBy: string; width?: number }) {
  switch (data.kind) {
    case "line":
      return <LineChart data={data} labelledBy={labelledBy} width={width} />;
    case "bars":
    case "stacked-bars":
      return <BarChart data={data} labelledBy={labelledBy} width={width} />;
    case "hbars":
    case "stacked-hbars":
      return <HBarChart data={data} labelledBy={labelledBy} width={width} />;
  }
}

/** A chart narrower than this share of its natural width is drawn again at the width it has. */
const REDRAW_BELOW = 0.8;
/** Narrower than this, a chart is drawn at this width and scaled down. */
const NARROWEST = 240;

/**
 * The width to draw a chart at, in SVG units: undefined (its natural width, scaled to its box,
 * as the server draws it) until the browser has measured the box, and as long as the box is
 * about as wide as that; the box's own width once it is much narrower (a phone, a narrow
 * window), so that the chart is laid out for the room it has and its text keeps its size.
 * It follows the box as it changes (a phone turned sideways, a window resized).
 */
function useDrawingWidth(natural: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | undefined>(undefined);
  const [measured, setMeasured] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box || typeof ResizeObserver === "undefined") return;
    setMeasured(true);
    const fit = (boxWidth: number) => {
      const next = boxWidth > 0 && boxWidth < natural * REDRAW_BELOW ? Math.max(NARROWEST, Math.floor(boxWidth)) : undefined;
      // Whole units, and no redraw for a change under two: a scrollbar coming and going.
      setWidth((current) => (current !== undefined && next !== undefined && Math.abs(current - next) < 2 ? current : next));
    };
    fit(box.getBoundingClientRect().width);
    const observer = new ResizeObserver((entries) => fit(entries[0].contentRect.width));
    observer.observe(box);
    return () => observer.disconnect();
  }, [natural]);
  return { ref, width, measured };
}

function Legend({ data }: { data: ChartData }) {
  const t = useT();
  return (
    <ul className="chart-legend" aria-label={t("dashboard.chart.legend")}>
      {data.series.map((s, i) => (
        <li key={s.key}>
          {/* Classes, not inline styles: the Content-Security-Policy allows no inline style. */}
          <span
            aria-hidden="true"
            className={`chart-swatch ${data.kind === "line" ? "chart-swatch-line" : "chart-swatch-bar"} ${seriesClass(i, s.reference)}`}
          />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** The chart's numbers as a table. */
export function ChartTable({ data }: { data: ChartData }) {
  const f = useChartFormat();
  const locale = useLocale();
  const labels = categoryLabels(data, locale);
  return (
    <TableScroll label={data.title}>
      <table>
        <caption className="visually-hidden">{data.title}</caption>
        <thead>
          <tr>
            <th scope="col">{data.categoryHeading}</th>
            {data.series.map((s) => (
              <th key={s.key} scope="col" className="num">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.categories.map((c, i) => (
            <tr key={c.key}>
              <th scope="row">{c.href ? <ListLink to={c.href}>{labels[i].full}</ListLink> : labels[i].full}</th>
              {data.series.map((s) => (
                <td key={s.key} className="num">
                  {formatValue(data.unit, s.values[i], f)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
