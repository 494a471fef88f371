import { describe, expect, it } from "vitest";
import { catalogues, lookup, LOCALES, translator } from "~/i18n";
import { EVENT_TYPES, type ActivityEvent, type EventType } from "~/store/events";
import { auditKindOf, sentenceKey, sentenceValues, SIGN_IN_TYPES, type Names } from "~/models/audit.server";

const TYPES = Object.keys(EVENT_TYPES) as EventType[];

const names: Names = {
  person: (id) => (id === "p-ruben" ? "Ruben Bakker" : "—"),
  team: (id) => (id === "t-finance" ? "Finance" : "—"),
  reviewOfProposal: () => "Expense claims",
};

function event(type: EventType, after: Record<string, unknown> | null = null, before: Record<string, unknown> | null = null): ActivityEvent {
  return { seq: 1, at: "2026-05-04T10:00:00.000Z", actorId: "p-maarten", type, subject: { kind: EVENT_TYPES[type], id: "x" }, before, after };
}

describe("the audit trail's sentences", () => {
  it("exist for every event type, in every language", () => {
    const missing: string[] = [];
    for (const locale of LOCALES) {
      for (const type of TYPES) {
        if (typeof lookup(catalogues[locale], sentenceKey(type)) !== "string") missing.push(`${locale} ${type}`);
        if (typeof lookup(catalogues[locale], `admin.events.${type}`) !== "string") missing.push(`${locale} label ${type}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("read as whole sentences for every event type, whatever the event recorded", () => {
    for (const locale of LOCALES) {
      const t = translator(locale);
      for (const type of TYPES) {
        for (const e of [event(type), event(type, { nonsense: true, outcome: 42, position: "sideways" }, {})]) {
          const text = t(sentenceKey(type), { ...sentenceValues(e, names), actor: "Maarten de Vries", item: "Expense claims" });
          expect(text, `${locale} ${type}`).not.toMatch(/[{}]|admin\.trail|undefined|NaN/);
          expect(text.length, `${locale} ${type}`).toBeGreaterThan(10);
        }
      }
    }
  });

  it("say what a closed review decided and what it removed", () => {
    const closed = event("review.closed", {
      status: "closed",
      decisions: [
        { proposalId: "a", outcome: "adopted", hoursRemoved: 950.04 },
        { proposalId: "b", outcome: "rejected", hoursRemoved: 0 },
      ],
      hoursRemoved: 950.04,
    });
    const values = { ...sentenceValues(closed, names), actor: "Maarten de Vries", item: "Expense claims" };
    expect(translator("en")(sentenceKey("review.closed"), values)).toBe(
      "Maarten de Vries closed the review Expense claims: 1 proposal adopted, 1 rejected, 950 customer hours a month removed",
    );
    expect(translator("nl")(sentenceKey("review.closed"), values)).toBe(
      "Maarten de Vries sloot de evaluatie Expense claims: 1 voorstel aangenomen, 1 afgewezen, 950 klanturen per maand weggenomen",
    );
  });

  it("name the position of a vote and whether it changed", () => {
    const en = translator("en");
    const first = event("proposal.voted", { position: "block", reason: "No" });
    const changed = event("proposal.voted", { position: "agree", reason: "" }, { position: "block", reason: "No" });
    const say = (e: ActivityEvent) => en(sentenceKey("proposal.voted"), { ...sentenceValues(e, names), actor: "Lotte", item: "One signature" });
    expect(say(first)).toBe("Lotte blocked the proposal One signature");
    expect(say(changed)).toBe("Lotte agreed with the proposal One signature (a changed vote)");
  });

  it("file sign-ins, sign-outs and refused sign-ins apart from the people they are about", () => {
    for (const type of SIGN_IN_TYPES) expect(auditKindOf(type)).toBe("sign-ins");
    expect(auditKindOf("person.created")).toBe("person");
    expect(auditKindOf("proposal.voted")).toBe("review");
    expect(TYPES.filter((t) => auditKindOf(t) === "sign-ins").sort()).toEqual([...SIGN_IN_TYPES].sort());
  });
});
