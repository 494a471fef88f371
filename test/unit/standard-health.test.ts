import { describe, expect, it } from "vitest";
import { addMonths, computeHealth, lastDayOf, levelOf, monthOf, ratingId } from "~/models/rating.server";

const NOW = new Date("2026-06-15T12:00:00.000Z");
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const rating = (days: number, score: number) => {
  const at = daysBefore(days);
  return { at, score, month: monthOf(at) };
};

describe("calendar months (UTC)", () => {
  it("takes the month of a moment in UTC, whatever the offset it was written with", () => {
    expect(monthOf("2026-01-31T23:30:00-01:00")).toBe("2026-02");
    expect(monthOf(new Date("2026-12-31T23:59:59.999Z"))).toBe("2026-12");
  });

  it("moves across years", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", 1)).toBe("2026-01");
    expect(addMonths("2026-06", -11)).toBe("2025-07");
    expect(addMonths("2026-06", 24)).toBe("2028-06");
  });

  it("knows the last day a rating can still change", () => {
    expect(lastDayOf("2028-02")).toBe("2028-02-29");
    expect(lastDayOf("2026-02")).toBe("2026-02-28");
    expect(lastDayOf("2026-12")).toBe("2026-12-31");
  });

  it("makes one rating id per standard, person and month", () => {
    expect(ratingId("s1", "p1", "2026-06")).toBe("s1:p1:2026-06");
    expect(ratingId("s1", "p1", "2026-06")).not.toBe(ratingId("s1", "p1", "2026-07"));
  });
});

describe("a standard's health", () => {
  it("is unrated without ratings, with a year of empty months", () => {
    const h = computeHealth([], NOW);
    expect(h).toMatchObject({ average: null, count: 0, level: "unrated", direction: null, previousAverage: null });
    expect(h.trend).toHaveLength(12);
    expect(h.trend[0].month).toBe("2025-07");
    expect(h.trend[11]).toEqual({ month: "2026-06", average: null, count: 0 });
  });

  it("averages the last 90 days only, rounded to one decimal", () => {
    const h = computeHealth([rating(1, 5), rating(30, 4), rating(89, 4), rating(91, 1), rating(200, 1)], NOW);
    expect(h.count).toBe(3);
    expect(h.average).toBe(4.3);
    expect(h.level).toBe("kept");
  });

  it("ignores ratings after now", () => {
    const h = computeHealth([rating(-1, 1), rating(2, 5)], NOW);
    expect(h.count).toBe(1);
    expect(h.average).toBe(5);
  });

  it("says whether the promise is slipping or improving against the 90 days before", () => {
    const slipping = computeHealth([rating(10, 3), rating(20, 3), rating(100, 4), rating(120, 5)], NOW);
    expect(slipping).toMatchObject({ average: 3, previousAverage: 4.5, direction: "down", level: "mostly" });
    const improving = computeHealth([rating(10, 4), rating(100, 3)], NOW);
    expect(improving.direction).toBe("up");
    const steady = computeHealth([rating(10, 4), rating(11, 4), rating(100, 4), rating(101, 4), rating(102, 4), rating(103, 4), rating(104, 3)], NOW);
    expect(steady.direction).toBe("steady");
    expect(computeHealth([rating(10, 4)], NOW).direction).toBeNull();
  });

  it("builds the monthly trend from each rating's month", () => {
    const h = computeHealth([rating(0, 5), rating(1, 3), rating(40, 2), rating(400, 1)], NOW);
    const june = h.trend.find((p) => p.month === "2026-06")!;
    expect(june).toEqual({ month: "2026-06", average: 4, count: 2 });
    expect(h.trend.find((p) => p.month === "2026-05")).toEqual({ month: "2026-05", average: 2, count: 1 });
    expect(h.trend.reduce((n, p) => n + p.count, 0)).toBe(3); // 400 days ago is outside the year
  });

  it("names the level from the average", () => {
    expect(levelOf(null)).toBe("unrated");
    expect(levelOf(4)).toBe("kept");
    expect(levelOf(3.9)).toBe("mostly");
    expect(levelOf(3)).toBe("mostly");
    expect(levelOf(2.9)).toBe("not-kept");
  });
});
