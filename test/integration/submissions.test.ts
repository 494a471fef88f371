/**
 * One submission, one record, for every form that creates something: the page hands its form a
 * key; the same form sent twice (double click, back and resend) creates one record, and both
 * answers point at it; the next showing of the page has a new key and creates anew.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as newPolicy from "~/routes/policies.new";
import * as reviewsNew from "~/routes/reviews.new";
import * as propose from "~/routes/reviews.$id.propose";
import * as reviewPage from "~/routes/reviews.$id._index";
import * as newStandard from "~/routes/standards.new";
import * as pulseNew from "~/routes/pulse.new";
import * as peopleNew from "~/routes/admin.people.new";
import * as teams from "~/routes/admin.teams._index";
import { resetSignInThrottle } from "~/lib/auth.server";
import { openReview } from "~/models/review.server";
import { submitProposal } from "~/models/proposal.server";
import { getStore } from "~/store/index.server";
import type { CollectionName } from "~/store/schema";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";

type Person = Awaited<ReturnType<typeof buildPerson>>;
let manager: Person;
let admin: Person;
let employee: Person;
let teamId: string;
let policyId: string;
let reviewId: string;
let proposalId: string;

beforeAll(async () => {
  const { store } = await openTestStore();
  store.clock = fixedClock("2026-03-01T09:00:00.000Z");
  const team = await buildTeam({ name: "Finance", slug: "finance" });
  teamId = team.id;
  manager = await buildPerson({ teamId, role: "manager" });
  admin = await buildPerson({ teamId, role: "admin" });
  employee = await buildPerson({ teamId });
  policyId = (await buildPolicy(manager, { title: "Invoices need two signatures" })).id;
  const second = await buildPolicy(manager, { title: "Receipts are kept for seven years" });
  const review = await openReview({ actor: manager, input: { title: "Invoices", description: "", policyIds: [policyId, second.id], deadline: "2026-04-15", hideTallies: false } });
  reviewId = review.id;
  proposalId = (await submitProposal({ actor: employee, reviewId, input: { policyId, kind: "other", title: "Talk about it", reasoning: "Let us." } })).id;
});
afterAll(closeTestStore);
beforeEach(() => resetSignInThrottle());

type Case = {
  name: string;
  collection: CollectionName;
  who: () => Person;
  route: { loader: (args: never) => unknown; action: (args: never) => unknown };
  path: () => string;
  params?: () => Record<string, string>;
  fields: (n: number) => Record<string, string | string[]>;
};

const CASES: Case[] = [
  {
    name: "a policy",
    collection: "policies",
    who: () => manager,
    route: newPolicy,
    path: () => "/policies/new",
    fields: (n) => ({
      title: `Petty cash is counted ${n} times`,
      summary: "",
      body: "Count it.",
      teamId,
      ownerId: manager.id,
      purpose: "No money goes missing.",
      mandate: "own",
      occurrencesPerMonth: "4",
      steps: "2",
      approvals: "0",
      handoffs: "0",
      activeMinutes: "10",
      waitingMinutes: "0",
      reviewCycleMonths: "12",
      lastReviewedOn: "",
    }),
  },
  {
    name: "a review",
    collection: "reviews",
    who: () => manager,
    route: reviewsNew,
    path: () => "/reviews/new",
    fields: (n) => ({ title: `Receipts, round ${n}`, description: "", policyIds: [policyId], deadline: "2026-04-20" }),
  },
  {
    name: "a proposal",
    collection: "proposals",
    who: () => employee,
    route: propose,
    path: () => `/reviews/${reviewId}/propose`,
    params: () => ({ id: reviewId }),
    fields: (n) => ({ policyId, kind: "other", title: `Idea ${n}`, reasoning: "Worth a try." }),
  },
  {
    name: "a comment",
    collection: "comments",
    who: () => employee,
    route: reviewPage,
    path: () => `/reviews/${reviewId}`,
    params: () => ({ id: reviewId }),
    fields: (n) => ({ intent: "comment", proposalId, body: `Comment ${n}` }),
  },
  {
    name: "a standard",
    collection: "standards",
    who: () => manager,
    route: newStandard,
    path: () => `/standards/new?team=${teamId}`,
    fields: (n) => ({
      teamId,
      title: `Invoices paid within ${n + 10} days`,
      commitment: "Every invoice is paid on time.",
      metric: "Invoices paid on time",
      targetValue: "95",
      unit: "% of invoices",
      period: "each month",
      dimension: "reliability",
      factor: "hygiene",
      body: "We pay.",
    }),
  },
  {
    name: "a person (an invitation)",
    collection: "people",
    who: () => admin,
    route: peopleNew,
    path: () => "/admin/people/new",
    fields: (n) => ({ name: `New Colleague ${n}`, email: `new-${n}@example.test`, teamId, role: "employee" }),
  },
  {
    name: "a team",
    collection: "teams",
    who: () => admin,
    route: teams,
    path: () => "/admin/teams",
    fields: (n) => ({ name: `Legal ${n}`, description: "Contracts" }),
  },
  {
    name: "a pulse",
    collection: "pulses",
    who: () => admin,
    route: pulseNew,
    path: () => "/pulse/new",
    fields: (n) => ({ title: `Pulse ${n}` }),
  },
];

const count = (c: CollectionName) => Object.keys(getStore().data[c]).length;

describe.each(CASES)("the form that creates $name", (c) => {
  const keyFrom = async (cookie: string) => {
    const data = await body(await call(c.route.loader as never, get(c.path(), cookie), c.params?.() ?? {}));
    return data.submissionKey as string;
  };
  const send = (cookie: string, fields: Record<string, string | string[]>) =>
    call(c.route.action as never, post(c.path().replace(/\?.*$/, ""), fields, cookie), c.params?.() ?? {});

  it("creates one record when sent twice with the same key, and answers both alike", async () => {
    const cookie = await sessionCookie(c.who().email, c.who().password);
    const key = await keyFrom(cookie);
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    const before = count(c.collection);
    const first = await send(cookie, { ...c.fields(1), submissionKey: key });
    expect(first.status).toBe(302);
    const again = await send(cookie, { ...c.fields(1), submissionKey: key });
    expect(again.status).toBe(302);
    expect(count(c.collection)).toBe(before + 1);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
  });

  it("creates anew from the next showing of the form", async () => {
    if (c.collection === "pulses") return; // one open pulse at a time: a second is refused on purpose
    const cookie = await sessionCookie(c.who().email, c.who().password);
    const first = await keyFrom(cookie);
    const second = await keyFrom(cookie);
    expect(second).not.toBe(first);
    const before = count(c.collection);
    expect((await send(cookie, { ...c.fields(2), submissionKey: second })).status).toBe(302);
    expect(count(c.collection)).toBe(before + 1);
  });
});

describe("keys belong to a form", () => {
  it("keeps a comment's key to its proposal: the same page key on two proposals makes two comments", async () => {
    const other = await submitProposal({ actor: manager, reviewId, input: { policyId, kind: "other", title: "Another idea", reasoning: "Also." } });
    const cookie = await sessionCookie(employee.email, employee.password);
    const key = (await body(await call(reviewPage.loader, get(`/reviews/${reviewId}`, cookie), { id: reviewId }))).submissionKey;
    const before = count("comments");
    for (const target of [proposalId, other.id]) {
      await call(reviewPage.action, post(`/reviews/${reviewId}`, { intent: "comment", proposalId: target, body: "Same page", submissionKey: key }, cookie), { id: reviewId });
    }
    expect(count("comments")).toBe(before + 2);
  });
});
