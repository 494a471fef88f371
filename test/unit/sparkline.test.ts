import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Sparkline } from "~/components/standard-health";

const pathOf = (values: Array<number | null>) => renderToString(createElement(Sparkline, { values })).match(/<path d="([^"]*)"/)?.[1];

describe("a card's sparkline", () => {
  it("draws one run per stretch of rated months, a month without ratings breaking the line", () => {
    // x: 0…4 onto 2…94 (23 a month); y: 1…5 onto 22…2 (5 a point)
    expect(pathOf([null, 3, 4, null, 5])).toBe("M25.0,12.0L48.0,7.0M94.0,2.0");
    expect(renderToString(createElement(Sparkline, { values: [null, 3, 4, null, 5] }))).toContain('y1="7" y2="7"'); // the goal, 4
  });

  it("draws each list of averages from its own values, however often it is drawn", () => {
    const card = [1, 5];
    expect(pathOf(card)).toBe("M2.0,22.0L94.0,2.0");
    expect(pathOf(card)).toBe("M2.0,22.0L94.0,2.0");
    expect(pathOf([5, 1])).toBe("M2.0,2.0L94.0,22.0");
    expect(pathOf([5, null])).toBe("M2.0,2.0");
  });

  it("draws nothing for a standard never rated", () => {
    expect(renderToString(createElement(Sparkline, { values: [null, null, null] }))).toBe("");
  });
});
