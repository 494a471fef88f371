import { Link } from "@remix-run/react";
import { useId } from "react";
import { useLocale, useT } from "~/components/i18n";
import { useChartFormat } from "./use-chart-format";
import type { ChartData } from "./chart-data";
import { hasValues, categoryLabels } from "./axes";
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
  const t = useT();
  const id = useId();
  const titleId = `${id}-title`;
  return (
    <figure className={`chart${data.wide ? " chart-wide" : ""}`} id={`chart-${data.id}`} aria-labelledby={titleId} data-chart={data.id}>
      <figcaption>
        <h3 id={titleId} className="chart-title">
          {data.title}
        </h3>
        <p className="hint chart-definition">{data.definition}</p>
      </figcaption>
      {hasValues(data) ? (
        // On a phone the chart keeps a readable size and scrolls sideways (reachable by keyboard).
        <div className="chart-scroll" tabIndex={0} role="group" aria-labelledby={titleId}>
          <ChartSvg data={data} labelledBy={titleId} />
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
    </figure>
  );
}

function ChartSvg({ data, labelledBy }: { data: ChartData; labelledBy: string }) {
  switch (data.kind) {
    case "line":
      return <LineChart data={data} labelledBy={labelledBy} />;
    case "bars":
    case "stacked-bars":
      return <BarChart data={data} labelledBy={labelledBy} />;
    case "hbars":
    case "stacked-hbars":
      return <HBarChart data={data} labelledBy={labelledBy} />;
  }
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
              <th scope="row">{c.href ? <Link to={c.href}>{labels[i].full}</Link> : labels[i].full}</th>
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
