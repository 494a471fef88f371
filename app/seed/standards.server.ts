import type { Actor } from "~/models/actor";
import { acknowledgeStandard } from "~/models/acknowledgement.server";
import { rateStandard } from "~/models/rating.server";
import {
  contentToInput,
  createStandard,
  editStandard,
  getStandard,
  publishStandard,
  retireStandard,
  returnStandard,
  submitStandard,
  versionOf,
  type StandardContentInput,
} from "~/models/standard.server";
import { getStore } from "~/store/index.server";
import type { ServqualDimension } from "~/store/schema";
import type { SeedContext, SeededPolicies } from "./demo.server";
import { daysAgo } from "./clock";
import type { TeamSlug } from "./people.server";

/**
 * The demo handbook: sixteen standards in force across the six teams, one retired, drafts,
 * one in review and a pending new version; acknowledgements by the provider teams; and a
 * year of monthly ratings by internal customers. Some promises are kept, some slip, some
 * improve after a new version — so health and trends have something to say.
 *
 * Everything goes through the domain functions with the seed clock in the past. The steps are
 * scheduled first and then run in time order, so every history reads forwards.
 */

const DAY = 86_400_000;

/** A small deterministic random source, so the demo is the same on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The body follows the fantastic-service sequence, like the drafting template. */
function body(steps: { greet: string; need: string; meet: string; check: string; door: string }) {
  return [
    `## 1. Greet and welcome\n\n${steps.greet}`,
    `## 2. Determine the need\n\n${steps.need}`,
    `## 3. Meet it efficiently\n\n${steps.meet}`,
    `## 4. Check and re-check\n\n${steps.check}`,
    `## 5. Leave the door open\n\n${steps.door}`,
  ].join("\n\n");
}

/** How internal customers feel about a standard over the year: mean score by month (0 = a year ago). */
type Profile = (month: number) => number;
const steady = (mean: number): Profile => () => mean;
const slipping = (from: number, to: number, startMonth = 7): Profile => (m) => (m < startMonth ? from : from + ((to - from) * (m - startMonth + 1)) / (12 - startMonth));
const improving = (from: number, to: number, atMonth: number): Profile => (m) => (m < atMonth ? from : to);

type Spec = {
  key: string;
  team: TeamSlug;
  customers: TeamSlug[];
  policyWords: string[];
  publishedDaysAgo: number;
  profile: Profile;
  content: Omit<StandardContentInput, "customerTeamIds" | "linkedPolicyIds">;
  /** A second version published later, with what changes. */
  revision?: { daysAgo: number; changes: Partial<StandardContentInput>; reackShare: number };
  /** A pending draft of a new version, not yet published. */
  pendingDraft?: { daysAgo: number; changes: Partial<StandardContentInput> };
  returnedOnce?: string;
  retired?: { daysAgo: number; reason: string };
};

const STANDARDS: Spec[] = [
  // ------------------------------------------------------------------ IT
  {
    key: "access",
    team: "it",
    customers: [],
    policyWords: ["access", "account", "password"],
    publishedDaysAgo: 368,
    profile: improving(2.9, 4.3, 7),
    content: {
      title: "Access to systems, granted fast",
      commitment: "We grant or answer every request for access to a system within 8 business hours.",
      metric: "Time from request to access granted or a reasoned answer",
      targetValue: 8,
      unit: "business hours",
      period: "per request",
      dimension: "responsiveness",
      factor: "hygiene",
      body: body({
        greet: "Ask through the IT portal or the #it-help channel. You get an automatic receipt with a ticket number straight away, and a named person within one business hour.",
        need: "Tell us which system and which role you need. We look up your manager's approval ourselves; we never ask you to forward emails.",
        meet: "Standard roles are granted from the catalogue without further approval. Elevated roles go to the system owner, who has half a day to decide.",
        check: "We sign in with you, or ask you to confirm, before we close the ticket. We report the time to grant every month.",
        door: "Reply to the ticket to reopen it. If we miss the target, the IT manager calls you the same day.",
      }),
    },
    revision: {
      daysAgo: 150,
      reackShare: 0.75,
      changes: {
        commitment: "We grant or answer every request for access to a system within 4 business hours.",
        targetValue: 4,
      },
    },
  },
  {
    key: "laptop",
    team: "it",
    customers: [],
    policyWords: ["laptop", "equipment", "device"],
    publishedDaysAgo: 365,
    profile: steady(4.5),
    content: {
      title: "A working laptop on a new starter's first day",
      commitment: "Every new starter finds a laptop that works, with their accounts ready, on their first morning.",
      metric: "New starters with a working laptop and accounts by 9:00 on day one",
      targetValue: 100,
      unit: "% of new starters",
      period: "each month",
      dimension: "reliability",
      factor: "hygiene",
      body: body({
        greet: "People & HR tell us about a new starter when the contract is signed; we confirm to the hiring manager within a day.",
        need: "We ask the hiring manager once for the role, so the right software is on the laptop.",
        meet: "The laptop is imaged, labelled and on the desk (or at the new starter's home) the working day before they start.",
        check: "An IT colleague meets every new starter at 9:00 on day one to sign in together.",
        door: "New starters keep a direct line to that colleague for their first two weeks.",
      }),
    },
  },
  {
    key: "outage",
    team: "it",
    customers: [],
    policyWords: ["incident", "outage"],
    publishedDaysAgo: 340,
    profile: steady(3.7),
    content: {
      title: "Outage updates every 30 minutes",
      commitment: "During an outage of a shared system we post an update at least every 30 minutes until it is fixed.",
      metric: "Longest gap between updates during an outage",
      targetValue: 30,
      unit: "minutes",
      period: "per outage",
      dimension: "assurance",
      factor: "motivator",
      body: body({
        greet: "Updates appear on the status page and in #announcements, signed by the person leading the fix.",
        need: "Each update says what is affected, what still works, and what you can do meanwhile.",
        meet: "One person leads and writes the updates so the engineers can keep working.",
        check: "After every outage we publish a short review within three working days.",
        door: "Tell us in #it-help if an update was unclear; we answer in the thread.",
      }),
    },
  },
  // ------------------------------------------------------------------ Finance
  {
    key: "expenses",
    team: "finance",
    customers: [],
    policyWords: ["expense", "reimburse", "receipt"],
    publishedDaysAgo: 362,
    profile: slipping(4.4, 2.8, 6),
    content: {
      title: "Expense claims reimbursed within 5 working days",
      commitment: "Approved expense claims are in your bank account within 5 working days.",
      metric: "Working days from approval to payment",
      targetValue: 5,
      unit: "working days",
      period: "per claim",
      dimension: "reliability",
      factor: "hygiene",
      body: body({
        greet: "Submit the claim in the expense app; it confirms receipt and shows who approves it.",
        need: "A photo of the receipt is enough. We only ask for more for claims over the policy limit.",
        meet: "Approved claims go into the next twice-weekly payment run.",
        check: "The app tells you the day the payment leaves our bank. We report late payments every month.",
        door: "Questions go to finance@ — a person answers within one working day.",
      }),
    },
  },
  {
    key: "suppliers",
    team: "finance",
    customers: ["operations", "sales"],
    policyWords: ["invoice", "supplier", "payment"],
    publishedDaysAgo: 355,
    profile: steady(4.2),
    content: {
      title: "Supplier invoices paid on the agreed terms",
      commitment: "We pay every approved supplier invoice on the terms agreed in the contract, so you never have to apologise to a supplier.",
      metric: "Approved invoices paid on or before their due date",
      targetValue: 98,
      unit: "% of invoices",
      period: "each month",
      dimension: "reliability",
      factor: "hygiene",
      body: body({
        greet: "Suppliers send invoices to invoices@; the budget holder gets the approval request the same day.",
        need: "We match the invoice to the purchase order ourselves and only ask you when they differ.",
        meet: "Approved invoices are scheduled for payment on their due date, never later.",
        check: "A weekly report lists anything close to its due date and still waiting for approval.",
        door: "If a supplier chases you, forward it to us; we answer the supplier directly.",
      }),
    },
  },
  {
    key: "budget",
    team: "finance",
    customers: ["sales", "operations", "it"],
    policyWords: ["budget", "spend"],
    publishedDaysAgo: 330,
    profile: steady(3.5),
    content: {
      title: "Budget questions answered within one working day",
      commitment: "Budget holders get a clear answer to a budget question within one working day.",
      metric: "Working hours from question to answer",
      targetValue: 1,
      unit: "working day",
      period: "per question",
      dimension: "responsiveness",
      factor: null,
      body: body({
        greet: "Ask in #finance-questions or by mail; the controller for your team picks it up.",
        need: "Say which cost centre and which decision you need to take — we work from there.",
        meet: "We answer with the figure and what it means for your decision, not just a spreadsheet.",
        check: "We ask whether the answer helped before we close the question.",
        door: "Book a half-hour with your controller any week of the month.",
      }),
    },
  },
  {
    key: "paper-expenses",
    team: "finance",
    customers: [],
    policyWords: [],
    publishedDaysAgo: 370,
    profile: steady(3.0),
    content: {
      title: "Paper expense forms processed weekly",
      commitment: "Paper expense forms handed in by Wednesday are processed in that week's run.",
      metric: "Forms processed in the week they arrive",
      targetValue: 95,
      unit: "% of forms",
      period: "each week",
      dimension: "reliability",
      factor: null,
      body: body({
        greet: "Hand the form in at the Finance desk or in the internal post.",
        need: "Staple the receipts to the form.",
        meet: "We key the form into the ledger on Thursday.",
        check: "We tick off each form against the payment run.",
        door: "Ask at the Finance desk.",
      }),
    },
    retired: { daysAgo: 220, reason: "Replaced by the expense app: claims are now reimbursed within 5 working days (see that standard)." },
  },
  // ------------------------------------------------------------------ Customer Support
  {
    key: "escalations",
    team: "customer-support",
    customers: ["sales"],
    policyWords: ["escalat", "complaint"],
    publishedDaysAgo: 350,
    profile: steady(4.3),
    content: {
      title: "Escalations handed to Sales with full context within 2 hours",
      commitment: "When a customer issue needs the account manager, Sales gets it within 2 hours with everything they need to act.",
      metric: "Time from escalation decision to hand-over with full context",
      targetValue: 2,
      unit: "hours",
      period: "per escalation",
      dimension: "responsiveness",
      factor: "hygiene",
      body: body({
        greet: "We post in the account's Sales channel and tag the account manager by name.",
        need: "Every hand-over says who the customer is, what happened, what we promised them and what we need from Sales.",
        meet: "The hand-over is one message with the ticket linked — no forwarding chains.",
        check: "We stay on the ticket until the account manager confirms they have it.",
        door: "The support agent stays your contact for the customer's history.",
      }),
    },
    revision: {
      daysAgo: 40,
      reackShare: 0.5,
      changes: {
        commitment: "When a customer issue needs the account manager, Sales gets it within 2 hours with everything they need to act — and the customer hears who will call them.",
        factor: "motivator",
      },
    },
  },
  {
    key: "insights",
    team: "customer-support",
    customers: ["sales", "operations", "it"],
    policyWords: [],
    publishedDaysAgo: 320,
    profile: improving(3.4, 4.2, 5),
    content: {
      title: "A weekly digest of what customers tell us",
      commitment: "Every Monday by noon, the teams that build and sell get a one-page digest of what customers told us last week.",
      metric: "Digests sent by Monday noon",
      targetValue: 100,
      unit: "% of weeks",
      period: "each quarter",
      dimension: "tangibles",
      factor: "motivator",
      body: body({
        greet: "The digest arrives by mail and in #customer-voice, with the author's name.",
        need: "Each team tells us once a quarter what it most wants to hear about.",
        meet: "One page: the top five themes, with numbers and three quotes each.",
        check: "We track which themes you act on and say so in the next digest.",
        door: "Reply to the digest with questions; we dig into the tickets for you.",
      }),
    },
  },
  // ------------------------------------------------------------------ People & HR
  {
    key: "payroll",
    team: "people",
    customers: [],
    policyWords: ["pay", "salary", "payroll"],
    publishedDaysAgo: 360,
    profile: slipping(4.1, 3.0, 8),
    content: {
      title: "Payroll questions answered within 2 working days",
      commitment: "Every question about your pay gets a complete answer within 2 working days.",
      metric: "Working days from question to complete answer",
      targetValue: 2,
      unit: "working days",
      period: "per question",
      dimension: "responsiveness",
      factor: "hygiene",
      body: body({
        greet: "Ask through the HR portal; you see who is handling your question.",
        need: "Tell us which payslip; we have everything else.",
        meet: "We answer with the calculation explained, and correct mistakes in the next run — or sooner if it matters to you.",
        check: "We ask whether the answer is clear before closing the question.",
        door: "Every question can be reopened for 30 days.",
      }),
    },
    revision: {
      daysAgo: 200,
      reackShare: 0.8,
      changes: {
        body: body({
          greet: "Ask through the HR portal; you see who is handling your question.",
          need: "Tell us which payslip; we have everything else.",
          meet: "We answer with the calculation explained, and correct mistakes in the next run. If a mistake leaves you short, we pay the difference within 3 working days.",
          check: "We ask whether the answer is clear before closing the question.",
          door: "Every question can be reopened for 30 days, and you can book a call with the payroll specialist.",
        }),
      },
    },
  },
  {
    key: "offers",
    team: "people",
    customers: ["sales", "it", "customer-support"],
    policyWords: ["hiring", "offer", "recruit"],
    publishedDaysAgo: 345,
    profile: steady(4.6),
    content: {
      title: "Offer letters out within 24 hours of a yes",
      commitment: "When a hiring manager says yes to a candidate, the offer letter goes out within 24 hours.",
      metric: "Hours from hiring decision to offer sent",
      targetValue: 24,
      unit: "hours",
      period: "per offer",
      dimension: "responsiveness",
      factor: "motivator",
      body: body({
        greet: "Tell your recruiter; they confirm within the hour.",
        need: "We need the salary and start date — nothing else from you.",
        meet: "The letter is drafted from the approved template and signed electronically.",
        check: "The recruiter tells you when the candidate opens and signs it.",
        door: "Your recruiter stays your contact until the new starter's first day.",
      }),
    },
  },
  {
    key: "buddy",
    team: "people",
    customers: [],
    policyWords: ["onboard"],
    publishedDaysAgo: 335,
    profile: steady(4.4),
    content: {
      title: "Every new starter has a buddy and a first-week plan",
      commitment: "Every new starter meets a buddy and has a written plan for their first week before they arrive.",
      metric: "New starters with a buddy and plan before day one",
      targetValue: 100,
      unit: "% of new starters",
      period: "each quarter",
      dimension: "empathy",
      factor: "motivator",
      body: body({
        greet: "The buddy sends a personal welcome the week before the start date.",
        need: "We ask the new starter what would help them settle in — and how they like to learn.",
        meet: "The plan lists who to meet, what to read and one small first task.",
        check: "HR checks in at the end of week one and week four.",
        door: "Buddies stay available for the first three months.",
      }),
    },
  },
  // ------------------------------------------------------------------ Sales
  {
    key: "handover",
    team: "sales",
    customers: ["customer-support"],
    policyWords: ["contract", "handover", "account"],
    publishedDaysAgo: 340,
    profile: steady(2.7),
    content: {
      title: "New accounts handed to Support with complete notes",
      commitment: "Within 1 working day of signing, Support gets every new account with the notes it needs to help the customer.",
      metric: "New accounts handed over with complete notes within 1 working day",
      targetValue: 95,
      unit: "% of new accounts",
      period: "each month",
      dimension: "reliability",
      factor: "hygiene",
      body: body({
        greet: "The account manager introduces the customer to Support in the CRM hand-over form.",
        need: "The form asks for contacts, what was promised, and anything unusual about the setup.",
        meet: "Hand-over happens within a working day of signing.",
        check: "Support confirms it has what it needs, or asks once.",
        door: "The account manager joins the first support call if the customer asks.",
      }),
    },
  },
  {
    key: "orders",
    team: "sales",
    customers: ["finance", "operations"],
    policyWords: ["discount", "quote", "order"],
    publishedDaysAgo: 325,
    profile: improving(3.0, 3.8, 6),
    content: {
      title: "Order forms complete and correct first time",
      commitment: "Orders reach Finance and Operations complete and correct, so nobody has to chase us.",
      metric: "Orders accepted without a correction",
      targetValue: 98,
      unit: "% of orders",
      period: "each month",
      dimension: "reliability",
      factor: "hygiene",
      body: body({
        greet: "Orders arrive through the CRM, never by mail.",
        need: "The form checks the price list, the discount authority and the delivery address before it can be sent.",
        meet: "One order, one form: no side agreements by mail.",
        check: "Finance and Operations flag corrections in the CRM; we review them every Friday.",
        door: "Ask the account manager named on the order — they answer the same day.",
      }),
    },
  },
  // ------------------------------------------------------------------ Operations
  {
    key: "travel",
    team: "operations",
    customers: [],
    policyWords: ["travel", "booking"],
    publishedDaysAgo: 358,
    profile: steady(4.2),
    content: {
      title: "Travel booked soon after approval",
      commitment: "Once your trip is approved, your tickets and hotel are booked within 2 working days.",
      metric: "Working days from approval to confirmed booking",
      targetValue: 2,
      unit: "working days",
      period: "per trip",
      dimension: "responsiveness",
      factor: null,
      body: body({
        greet: "Request travel in the travel tool; the travel desk confirms who is booking for you.",
        need: "Tell us your dates and any needs (accessibility, diet, family); we remember them for next time.",
        meet: "We book within policy and send one itinerary with everything in it.",
        check: "We check bookings again 48 hours before departure.",
        door: "The travel desk answers its phone around the clock while you are travelling.",
      }),
    },
    pendingDraft: {
      daysAgo: 6,
      changes: {
        commitment: "Once your trip is approved, your tickets and hotel are booked within 1 working day.",
        targetValue: 1,
        unit: "working day",
      },
    },
  },
  {
    key: "workplace",
    team: "operations",
    customers: [],
    policyWords: ["facilit", "office", "desk"],
    publishedDaysAgo: 352,
    profile: slipping(4.2, 2.9, 7),
    content: {
      title: "Meeting rooms and desks fixed within one working day",
      commitment: "Anything broken in a meeting room or at a desk is fixed, or has a workaround, within one working day of your report.",
      metric: "Reports fixed or worked around within one working day",
      targetValue: 90,
      unit: "% of reports",
      period: "each month",
      dimension: "tangibles",
      factor: "hygiene",
      body: body({
        greet: "Scan the QR code in the room or report it in the facilities tool; we reply with a name.",
        need: "The code tells us the room; just say what is wrong.",
        meet: "Facilities fixes it, or sets up a workaround and tells you when the fix comes.",
        check: "We test the room after every fix.",
        door: "Report again on the same ticket if it breaks again.",
      }),
    },
  },
  {
    key: "purchasing",
    team: "operations",
    customers: [],
    policyWords: ["purchas", "procure"],
    publishedDaysAgo: 348,
    profile: steady(3.7),
    content: {
      title: "Purchase orders placed within 3 working days",
      commitment: "Approved purchase requests become orders with the supplier within 3 working days.",
      metric: "Working days from approval to order placed",
      targetValue: 3,
      unit: "working days",
      period: "per request",
      dimension: "reliability",
      factor: null,
      body: body({
        greet: "Request it in the purchasing tool; it shows who handles it.",
        need: "A link or a description is enough; we find the supplier.",
        meet: "We order from preferred suppliers and tell you the delivery date.",
        check: "We track the delivery and tell you if it slips.",
        door: "Ask purchasing@ anything about an order.",
      }),
    },
  },
];

/** Drafts that are not (yet) in force: one being written, one returned, one in review. */
const DRAFTS: Array<Spec & { state: "draft" | "returned" | "in-review" }> = [
  {
    key: "password-reset",
    state: "draft",
    team: "it",
    customers: [],
    policyWords: ["password"],
    publishedDaysAgo: 12,
    profile: steady(0),
    content: {
      title: "Password resets within 15 minutes",
      commitment: "A locked-out colleague can work again within 15 minutes.",
      metric: "Minutes from request to working sign-in",
      targetValue: 15,
      unit: "minutes",
      period: "per request",
      dimension: "responsiveness",
      factor: "hygiene",
      body: body({
        greet: "Call the IT line from any phone; a person answers.",
        need: "We verify who you are with two questions, never by email.",
        meet: "We reset and stay on the line while you sign in.",
        check: "We check your multi-factor sign-in works too.",
        door: "Call back on the same line if anything else is locked.",
      }),
    },
  },
  {
    key: "month-end",
    state: "returned",
    team: "finance",
    customers: ["sales", "operations", "it", "people", "customer-support"],
    policyWords: ["budget"],
    publishedDaysAgo: 30,
    profile: steady(0),
    returnedOnce: "Say which figures budget holders get and in what form; \u201cthe numbers\u201d is not something a customer can check.",
    content: {
      title: "Month-end figures to budget holders by working day 5",
      commitment: "Budget holders get the numbers for their cost centres by the fifth working day of the month.",
      metric: "Working day of the month the figures are sent",
      targetValue: 5,
      unit: "working days",
      period: "each month",
      dimension: "reliability",
      factor: null,
      body: body({
        greet: "The figures arrive by mail from your controller.",
        need: "We send what we always send.",
        meet: "Close the books, then send.",
        check: "We check the totals.",
        door: "Ask your controller.",
      }),
    },
  },
  {
    key: "leave",
    state: "in-review",
    team: "people",
    customers: [],
    policyWords: ["leave", "holiday"],
    publishedDaysAgo: 9,
    profile: steady(0),
    content: {
      title: "Leave questions answered within 3 working days",
      commitment: "Any question about leave — parental, sick, special or holiday — gets a complete answer within 3 working days.",
      metric: "Working days from question to complete answer",
      targetValue: 3,
      unit: "working days",
      period: "per question",
      dimension: "empathy",
      factor: "hygiene",
      body: body({
        greet: "Ask through the HR portal or book a private call; you choose.",
        need: "We ask only what the rule needs, and explain why we need it.",
        meet: "You get the answer in writing, with what happens next and what you need to do.",
        check: "We call you after the leave has started to check everything worked out.",
        door: "Your HR contact stays the same for the whole of your leave.",
      }),
    },
  },
];

const MANAGERS: Record<TeamSlug, string> = {
  "customer-support": "sofia@example.com",
  finance: "manager@example.com",
  it: "priya@example.com",
  people: "lotte@example.com",
  sales: "carmen@example.com",
  operations: "ruben@example.com",
};

const POSITIVE = [
  "Quick and friendly, exactly as promised.",
  "Sorted the same day — thank you.",
  "Clear updates at every step.",
  "Right first time, nothing to chase.",
  "They called back before I had to ask.",
  "Felt like they had been expecting me.",
  "Faster than the target, every time this month.",
  "One message and it was done.",
  "They explained what would happen next — really helpful.",
  "Kept the promise even in a busy week.",
  "Knew exactly who to talk to, and they knew my case.",
];
const MIXED = [
  "Got there in the end, but it took a reminder.",
  "Fine, though the update came later than I hoped.",
  "Mostly on time; one request slipped.",
  "Good once it was picked up; the first reply was slow.",
  "Right result, but I had to explain it twice.",
  "OK — the promise is kept, the experience could be warmer.",
];
const NEGATIVE = [
  "Waited well past the target this month.",
  "Had to chase twice before anyone picked it up.",
  "Nobody told us it was delayed.",
  "We were asked for the same information again.",
  "The target was missed and nobody said why.",
  "Ended up solving it ourselves.",
  "Three different people, three different answers.",
];

type Step = { at: number; order: number; run: () => Promise<unknown> };

export async function seedStandards({ org, clock, now, policies }: SeedContext & { policies: SeededPolicies }): Promise<void> {
  const store = getStore();
  const rand = random(20240501);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const nowMs = now.getTime();
  const actorOf = (personId: string): Actor => {
    const p = store.data.people[personId];
    return { id: p.id, name: p.name, role: p.role, teamId: p.teamId };
  };
  const byEmail = (email: string) => actorOf(org.people[email]);
  const admin = byEmail("admin@example.com");
  const everyone = Object.values(org.people).map(actorOf);
  const employee = org.employee;

  /** Policies of the provider team whose address mentions one of the words (none until the policy seed has them). */
  const linked = (teamId: string, words: string[]) =>
    Object.entries(policies)
      .filter(([slug, id]) => store.data.policies[id]?.teamId === teamId && words.some((w) => slug.includes(w)))
      .slice(0, 2)
      .map(([, id]) => id);

  const steps: Step[] = [];
  let order = 0;
  const at = (daysBack: number, run: () => Promise<unknown>) => steps.push({ at: Math.min(nowMs - 60_000, nowMs - daysBack * DAY), order: order++, run });
  const ids = new Map<string, string>();
  const idOf = (key: string) => ids.get(key)!;

  const draftAndPublish = (spec: Spec, opts: { publish: boolean; state?: "draft" | "returned" | "in-review" }) => {
    const teamId = org.teams[spec.team];
    const manager = byEmail(MANAGERS[spec.team]);
    const start = spec.publishedDaysAgo;
    at(start + 4, async () => {
      const s = await createStandard({
        actor: manager,
        input: {
          ...spec.content,
          teamId,
          customerTeamIds: spec.customers.map((c) => org.teams[c]),
          linkedPolicyIds: linked(teamId, spec.policyWords),
        },
      });
      ids.set(spec.key, s.id);
    });
    if (opts.state === "draft") return;
    at(start + 3, () => submitStandard({ actor: manager, standardId: idOf(spec.key) }));
    if (opts.state === "in-review") return;
    if (spec.returnedOnce) {
      at(start + 2, () => returnStandard({ actor: admin, standardId: idOf(spec.key), comment: spec.returnedOnce }));
      if (opts.state === "returned") return;
      at(start + 1.5, () => submitStandard({ actor: manager, standardId: idOf(spec.key) }));
    }
    if (opts.publish) at(start, () => publishStandard({ actor: admin, standardId: idOf(spec.key) }));
  };

  const changeTo = (spec: Spec, changes: Partial<StandardContentInput>) => {
    const s = getStandard(idOf(spec.key))!;
    const current = versionOf(s.id, s.publishedVersion)!;
    return { ...contentToInput(current.content), ...changes };
  };

  const acknowledge = (spec: Spec, daysBack: number, share: number, skip: (personId: string) => boolean = () => false) => {
    const teamId = org.teams[spec.team];
    for (const person of everyone.filter((p) => p.teamId === teamId)) {
      if (skip(person.id) || rand() > share) continue;
      at(daysBack - (0.5 + rand() * Math.min(12, daysBack - 1)), () => acknowledgeStandard({ actor: person, standardId: idOf(spec.key) }));
    }
  };

  for (const spec of STANDARDS) {
    draftAndPublish(spec, { publish: true });
    acknowledge(spec, spec.publishedDaysAgo, 0.9);
    if (spec.revision) {
      const { revision } = spec;
      const manager = byEmail(MANAGERS[spec.team]);
      at(revision.daysAgo + 3, () => editStandard({ actor: manager, standardId: idOf(spec.key), input: changeTo(spec, revision.changes) }));
      at(revision.daysAgo + 2, () => submitStandard({ actor: manager, standardId: idOf(spec.key) }));
      at(revision.daysAgo, () => publishStandard({ actor: admin, standardId: idOf(spec.key) }));
      // The demo employee has not yet acknowledged Support's newest version: the handbook asks her to.
      acknowledge(spec, revision.daysAgo, revision.reackShare, (id) => id === employee);
    }
    if (spec.pendingDraft) {
      const { pendingDraft } = spec;
      const manager = byEmail(MANAGERS[spec.team]);
      at(pendingDraft.daysAgo, () => editStandard({ actor: manager, standardId: idOf(spec.key), input: changeTo(spec, pendingDraft.changes) }));
    }
    if (spec.retired) {
      const { retired } = spec;
      at(retired.daysAgo, () => retireStandard({ actor: byEmail(MANAGERS[spec.team]), standardId: idOf(spec.key), reason: retired.reason }));
    }

    // A year of monthly ratings by the internal customers, while the standard is in force.
    const teamId = org.teams[spec.team];
    const customers = spec.customers.map((c) => org.teams[c]);
    const raters = everyone.filter((p) => p.teamId !== teamId && (customers.length === 0 || customers.includes(p.teamId)));
    const from = nowMs - spec.publishedDaysAgo * DAY + DAY;
    const until = spec.retired ? nowMs - spec.retired.daysAgo * DAY - DAY : nowMs - 60 * 60_000;
    const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    for (let m = 0; m < 12; m++) {
      const monthStart = Date.UTC(thisMonth.getUTCFullYear(), thisMonth.getUTCMonth() - 11 + m, 1);
      const monthEnd = Date.UTC(thisMonth.getUTCFullYear(), thisMonth.getUTCMonth() - 10 + m, 1) - 60_000;
      const start = Math.max(monthStart, from);
      const end = Math.min(monthEnd, until);
      if (start >= end) continue;
      const current = m === 11;
      const mean = spec.profile(m);
      for (const rater of raters) {
        // The demo employee leaves this month's ratings to do herself.
        if (current && rater.id === employee) continue;
        if (rand() > (current ? 0.35 : 0.6)) continue;
        const noise = (rand() + rand() + rand() - 1.5) * 1.3;
        const score = Math.min(5, Math.max(1, Math.round(mean + noise)));
        const comment = rand() < 0.25 ? pick(score >= 4 ? POSITIVE : score === 3 ? MIXED : NEGATIVE) : "";
        const when = start + rand() * (end - start);
        steps.push({
          at: when,
          order: order++,
          run: () => rateStandard({ actor: rater, standardId: idOf(spec.key), input: { score, comment } }),
        });
      }
    }
  }

  for (const spec of DRAFTS) draftAndPublish(spec, { publish: false, state: spec.state });

  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const step of steps) {
    clock.set(new Date(step.at));
    await step.run();
  }
}
