/**
 * The dashboard's charts drawn for the width they have: at a phone's width every mark stays
 * inside the drawing and the layout turns compact; without a width (the server's drawing) a
 * chart keeps its natural width and layout.
 */
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LocaleProvider } from "~/components/i18n";
import { HBarChart, BarChart } from "~/components/charts/bar-chart";
import { LineChart } from "~/components/charts/line-chart";
import type { ChartData } from "~/components/charts/chart-data";

const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`);

function chart(kind: ChartData["kind"], overrides: Partial<ChartData> = {}): ChartData {
  const monthly = kind === "line" || kind === "bars" || kind === "stacked-bars";
  const categories = monthly
    ? months.map((m) => ({ key: m, label: m }))
    : ["Customer data requests go through IT and Legal first", "People & HR", "Finance", "Operations"].map((label, i) => ({ key: `c${i}`, label }));
  return {
    id: "test",
    kind,
    title: "Test",
    definition: "",
    unit: "hours",
    axisLabel: "customer hours per month",
    categories,
    monthly,
    categoryHeading: "Month",
    series: [
      { key: "a", label: "A", values: categories.map((_, i) => 40_000 - i * 1_234.5) },
      { key: "b", label: "B", values: categories.map((_, i) => 20_000 + i * 500), reference: true },
    ],
    csvHref: "/dashboard/csv/test",
    ...overrides,
  };
}

const COMPONENTS = { line: LineChart, bars: BarChart, "stacked-bars": BarChart, hbars: HBarChart, "stacked-hbars": HBarChart } as const;

function draw(data: ChartData, width?: number, locale = "en") {
  const component = COMPONENTS[data.kind];
  return renderToString(createElement(LocaleProvider, { value: locale as "en" }, createElement(component, { data, labelledBy: "t", width })));
}

const numbers = (svg: string, attr: string) => [...svg.matchAll(new RegExp(` ${attr}="(-?[0-9.]+)"`, "g"))].map((m) => Number(m[1]));

describe("a chart drawn for the width it has", () => {
  for (const kind of Object.keys(COMPONENTS) as Array<ChartData["kind"]>) {
    it(`${kind}: at 300 units every mark and every label's anchor is inside the drawing`, () => {
      for (const locale of ["en", "nl"]) {
        const svg = draw(chart(kind), 300, locale);
        expect(svg).toMatch(/viewBox="0 0 300 \d+"/);
        const xs = [...numbers(svg, "x"), ...numbers(svg, "cx"), ...numbers(svg, "x1"), ...numbers(svg, "x2")];
        expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...xs)).toBeLessThanOrEqual(300);
        // Bars end inside it too.
        const rects = [...svg.matchAll(/<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"/g)].map((m) => Number(m[1]) + Number(m[2]));
        for (const right of rects) expect(right).toBeLessThanOrEqual(300);
        // Compact: the value axis's title is written on top, not turned along the axis.
        expect(svg).not.toContain("rotate(-90)");
      }
    });
  }

  it("a compact horizontal bar chart writes each label whole above its bar, where the natural one truncates it beside", () => {
    const data = chart("hbars", { series: [{ key: "a", label: "A", values: [4050, 3604, 3366, 3008] }] });
    const label = (svg: string) => svg.match(/class="chart-category">(Customer[^<]*)</)?.[1];
    const phone = draw(data, 330);
    const natural = draw(data);
    expect(natural).toMatch(/viewBox="0 0 640 \d+"/);
    // Beside the bar it has 30 characters of the 640; above it, nearly the whole 330.
    expect(label(natural)).toBe("Customer data requests go thr…");
    expect(label(phone)).toBe("Customer data requests go through IT and Lega…");
    // Above: anchored at the left, not at the end of a label column.
    expect(phone).not.toMatch(/text-anchor="end" class="chart-category"/);
    expect(natural).toMatch(/text-anchor="end" class="chart-category"/);
  });

  it("labels every second month when the months stand too close for their names", () => {
    const phone = draw(chart("line"), 300);
    const labelled = [...phone.matchAll(/text-anchor="middle">([A-Z][a-z]{2,3})</g)].map((m) => m[1]);
    expect(labelled.length).toBeLessThan(12);
    expect(labelled.length).toBeGreaterThanOrEqual(4);
    // The year still stands under the first month shown.
    expect(phone).toContain(">2026<");
    const natural = draw(chart("line"));
    expect([...natural.matchAll(/text-anchor="middle">([A-Z][a-z]{2,3})</g)].length).toBe(12);
  });

  it("without a width draws at the natural width (wide charts wider), as the server always has", () => {
    expect(draw(chart("line"))).toMatch(/viewBox="0 0 640 270"/);
    expect(draw(chart("bars", { wide: true }))).toMatch(/viewBox="0 0 1100 270"/);
    expect(draw(chart("line"))).toContain("rotate(-90)");
    // A width near the natural one keeps the natural layout, only wider or narrower.
    expect(draw(chart("line"), 600)).toMatch(/viewBox="0 0 600 270"/);
  });
});
