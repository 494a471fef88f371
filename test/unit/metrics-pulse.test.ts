/** Culture pulse results: the five-answer threshold, complementary suppression, keys. */
import { describe, expect, it } from "vitest";
import { AnswerInputSchema, MIN_RESPONSES, isOpen, pulseResults, respondentKey } from "~/models/pulse.server";
import type { Pulse, PulseAnswer } from "~/store/schema";

const pulse = (id: string, opensAt: string): Pulse => ({
  id,
  title: `Pulse ${id}`,
  openedBy: "admin",
  opensAt,
  closesAt: new Date(Date.parse(opensAt) + 14 * 86_400_000).toISOString(),
});

let n = 0;
function answers(pulseId: string, teamId: string, count: number, serve: number, week = 20): PulseAnswer[] {
  return Array.from({ length: count }, () => {
    const key = `key-${n++}`;
    return {
      id: `${pulseId}:${key}`,
      pulseId,
      respondentKey: key,
      teamId,
      scores: {
        "serve-without-fighting-rules": serve,
        "know-why-policies-exist": 3,
        "can-get-rules-changed": 2,
        "teams-keep-promises": 4,
        "week-lost-to-process": week,
      },
      at: "2026-01-02T10:00:00.000Z",
    };
  });
}

describe("pulse results", () => {
  it("shows a team only when at least five of it answered", () => {
    const [result] = pulseResults({
      pulses: [pulse("q1", "2026-01-01T00:00:00.000Z")],
      answers: [
        ...answers("q1", "big", 5, 4, 10),
        ...answers("q1", "small", 4, 2),
        ...answers("q1", "tiny", 1, 2),
        ...answers("q1", "mid", 6, 3, 30),
      ],
    });
    expect(MIN_RESPONSES).toBe(5);
    expect(result.org.responses).toBe(16);
    expect(result.org.means).toEqual({
      "serve-without-fighting-rules": 3,
      "know-why-policies-exist": 3,
      "can-get-rules-changed": 2,
      "teams-keep-promises": 4,
      "week-lost-to-process": 20.6,
    });
    const byTeam = Object.fromEntries(result.teams.map((t) => [t.teamId, t]));
    expect(byTeam.small).toEqual({ teamId: "small", responses: 4, shown: false, means: null });
    expect(byTeam.big.shown).toBe(true);
    expect(byTeam.big.means?.["serve-without-fighting-rules"]).toBe(4);
    expect(byTeam.mid.means?.["week-lost-to-process"]).toBe(30);
  });

  it("holds back the organisation too below five answers", () => {
    const [result] = pulseResults({ pulses: [pulse("q1", "2026-01-01T00:00:00.000Z")], answers: answers("q1", "t", 4, 5) });
    expect(result.org).toEqual({ responses: 4, shown: false, means: null });
    expect(result.teams[0].shown).toBe(false);
  });

  it("holds back the smallest shown team when the hidden rest would be fewer than five (no result by subtraction)", () => {
    const [result] = pulseResults({
      pulses: [pulse("q1", "2026-01-01T00:00:00.000Z")],
      answers: [...answers("q1", "a", 6, 4), ...answers("q1", "b", 5, 3), ...answers("q1", "c", 2, 1)],
    });
    const shown = Object.fromEntries(result.teams.map((t) => [t.teamId, t.shown]));
    // a and b shown would give c's two answers away as org − a − b; b (the smallest) is held back.
    expect(shown).toEqual({ a: true, b: false, c: false });
    expect(result.org.shown).toBe(true);
  });

  it("orders pulses oldest first, counting a pulse nobody answered as empty", () => {
    const results = pulseResults({
      pulses: [pulse("late", "2026-04-01T00:00:00.000Z"), pulse("early", "2026-01-01T00:00:00.000Z")],
      answers: answers("early", "t", 5, 3),
    });
    expect(results.map((r) => [r.id, r.org.responses])).toEqual([
      ["early", 5],
      ["late", 0],
    ]);
  });

  it("never carries a respondent key or anything but counts and means", () => {
    const all = answers("q1", "t", 7, 3);
    const json = JSON.stringify(pulseResults({ pulses: [pulse("q1", "2026-01-01T00:00:00.000Z")], answers: all }));
    for (const a of all) expect(json).not.toContain(a.respondentKey);
    expect(json).not.toContain("2026-01-02T10");
  });
});

describe("pulse keys and input", () => {
  it("keys a respondent by HMAC of the store secret, the pulse and the person", () => {
    const a = respondentKey("secret-secret-secret", "p1", "person-1");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(respondentKey("secret-secret-secret", "p1", "person-1"));
    expect(a).not.toBe(respondentKey("secret-secret-secret", "p2", "person-1"));
    expect(a).not.toBe(respondentKey("another-secret-value", "p1", "person-1"));
    expect(a).not.toContain("person-1");
  });

  it("takes 1–5 answers and a 0–100 share of the week", () => {
    const ok = AnswerInputSchema.safeParse({
      "serve-without-fighting-rules": "1",
      "know-why-policies-exist": "5",
      "can-get-rules-changed": "3",
      "teams-keep-promises": "2",
      "week-lost-to-process": "37.5",
    });
    expect(ok.success).toBe(true);
    const bad = AnswerInputSchema.safeParse({
      "serve-without-fighting-rules": "6",
      "know-why-policies-exist": "",
      "can-get-rules-changed": "2.5",
      "teams-keep-promises": "2",
      "week-lost-to-process": "120",
    });
    expect(bad.success).toBe(false);
    const fields = new Set(bad.error!.issues.map((i) => i.path[0]));
    expect(fields).toEqual(
      new Set(["serve-without-fighting-rules", "know-why-policies-exist", "can-get-rules-changed", "week-lost-to-process"])
    );
  });

  it("is open from its opening until (not including) its close", () => {
    const p = pulse("q", "2026-01-01T00:00:00.000Z");
    expect(isOpen(p, new Date("2025-12-31T23:59:59Z"))).toBe(false);
    expect(isOpen(p, new Date("2026-01-01T00:00:00Z"))).toBe(true);
    expect(isOpen(p, new Date("2026-01-14T23:59:59Z"))).toBe(true);
    expect(isOpen(p, new Date("2026-01-15T00:00:00Z"))).toBe(false);
  });
});
