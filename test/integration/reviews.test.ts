/**
 * The review lifecycle through the domain: opening, proposing, voting, closing and deciding, with
 * the permissions of each role and the effect of adoptions on the policy.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getStore, put } from "~/store/index.server";
import { ConflictError, ForbiddenError, ValidationError } from "~/models/errors";
import { customerHours, nextReviewOn } from "~/models/friction";
import { createPolicy, listRevisions } from "~/models/policy.server";
import { addComment, editProposal, presentProposals, submitProposal, withdrawProposal } from "~/models/proposal.server";
import {
  closeReview,
  getReviewPage,
  listReviews,
  openReview,
  reviewHistoryForPolicy,
  reviewQueue,
  updateImplementation,
} from "~/models/review.server";
import { castVote, tallyFor, votesView } from "~/models/vote.server";
import type { Actor } from "~/models/actor";
import type { Policy } from "~/store/schema";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore, policyInput } from "../factories";
import { readMessage, translator } from "~/i18n";

const inEnglish = (message: string) => readMessage(translator("en"), message);

type Person = Actor & { email: string; password: string };

let clock: ReturnType<typeof fixedClock>;
let manager: Person;
let otherManager: Person;
let admin: Person;
let alice: Person;
let bob: Person;
let policy: Policy;
let mandated: Policy;

const DEADLINE = "2026-03-16";

async function rejects<E extends Error>(promise: Promise<unknown>, type: new (...args: any[]) => E): Promise<E> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

beforeEach(async () => {
  const { store } = await openTestStore();
  clock = fixedClock("2026-03-02T09:00:00.000Z");
  store.clock = clock;
  const team = await buildTeam();
  const otherTeam = await buildTeam();
  manager = await buildPerson({ teamId: team.id, role: "manager" });
  otherManager = await buildPerson({ teamId: otherTeam.id, role: "manager" });
  admin = await buildPerson({ teamId: otherTeam.id, role: "admin" });
  alice = await buildPerson({ teamId: otherTeam.id });
  bob = await buildPerson({ teamId: team.id });
  // 100 × (10 + 20) / 60 = 50 customer hours a month
  policy = await buildPolicy(manager, { title: "Refunds need approval", lastReviewedOn: "2025-06-01" });
  mandated = await buildPolicy(manager, { title: "Keep invoices seven years", mandate: "law" });
});

afterEach(async () => {
  await closeTestStore();
});

async function openFor(actor: Actor = manager, over: Record<string, unknown> = {}) {
  return openReview({
    actor,
    input: { title: "Make refunds simpler", description: "What can **go**?", policyIds: [policy.id, mandated.id], deadline: DEADLINE, ...over },
  });
}

describe("opening a review", () => {
  it("a manager opens one for their team's policies; the policies are under review in the same commit", async () => {
    const store = getStore();
    const before = store.version;
    const review = await openFor();
    expect(store.version).toBe(before + 1);
    expect(review.deadline).toBe("2026-03-16T23:59:59.999Z");
    expect(review.descriptionHtml).toContain("<strong>go</strong>");
    expect(store.data.policies[policy.id].status).toBe("under-review");
    expect(store.data.policies[mandated.id].status).toBe("under-review");
    const last = store.activity[store.activity.length - 1];
    expect(last.type).toBe("review.opened");
  });

  it("refuses employees, managers of other teams, and bad input; admins may open any", async () => {
    await rejects(openFor(alice), ForbiddenError);
    await rejects(openFor(otherManager), ForbiddenError);
    const none = await rejects(openFor(manager, { policyIds: [] }), ValidationError);
    expect(inEnglish(none.fieldErrors.policyIds[0])).toMatch(/at least one policy/);
    const past = await rejects(openFor(manager, { deadline: "2026-03-01" }), ValidationError);
    expect(inEnglish(past.fieldErrors.deadline[0])).toMatch(/future/);
    const nonsense = await rejects(openFor(manager, { deadline: "soon" }), ValidationError);
    expect(nonsense.fieldErrors.deadline).toBeDefined();
    const draft = await createPolicy({ actor: manager, input: policyInput({ teamId: manager.teamId, ownerId: manager.id }), status: "draft" });
    const drafted = await rejects(openFor(manager, { policyIds: [draft.id] }), ValidationError);
    expect(inEnglish(drafted.fieldErrors.policyIds[0])).toMatch(/draft/);
    expect(getStore().data.policies[policy.id].status).toBe("active");
    const review = await openFor(admin);
    expect(review.ownerId).toBe(admin.id);
  });
});

describe("proposals", () => {
  it("anyone proposes; new estimates show the hours saved; mandated policies cannot be removed", async () => {
    const review = await openFor();
    const proposal = await submitProposal({
      actor: alice,
      reviewId: review.id,
      input: { policyId: policy.id, kind: "relax-threshold", title: "Only over €100", reasoning: "Most are *small*.", newBody: "Refunds over €100 need approval.", occurrencesPerMonth: "40" },
    });
    expect(proposal.newFriction).toMatchObject({ occurrencesPerMonth: 40, activeMinutes: 10, waitingMinutes: 20 });
    const [view] = presentProposals({ actor: alice, review });
    expect(view.friction?.hoursSaved).toBe(30);
    expect(view.diff?.some((p) => p.added)).toBe(true);
    expect(view.reasoningHtml).toContain("<em>small</em>");

    const refused = await rejects(
      submitProposal({ actor: bob, reviewId: review.id, input: { policyId: mandated.id, kind: "remove", title: "Drop it", reasoning: "Nobody reads them." } }),
      ValidationError,
    );
    expect(inEnglish(refused.fieldErrors.kind[0])).toMatch(/required by law.*cannot be removed.*only simplified/);

    const outside = await buildPolicy(manager);
    const notInScope = await rejects(
      submitProposal({ actor: bob, reviewId: review.id, input: { policyId: outside.id, kind: "reword", title: "x", reasoning: "y" } }),
      ValidationError,
    );
    expect(notInScope.fieldErrors.policyId).toBeDefined();
    const missing = await rejects(submitProposal({ actor: bob, reviewId: review.id, input: { policyId: policy.id } }), ValidationError);
    expect(Object.keys(missing.fieldErrors)).toEqual(expect.arrayContaining(["title", "reasoning", "kind"]));
  });

  it("the author edits (versioned) or withdraws until voting closes; nobody else can", async () => {
    const review = await openFor();
    const p = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "Plainer", reasoning: "Jargon." } });
    await rejects(editProposal({ actor: bob, proposalId: p.id, input: { title: "Mine now", reasoning: "x" } }), ForbiddenError);
    const edited = await editProposal({ actor: alice, proposalId: p.id, input: { title: "Plainer words", reasoning: "Jargon hurts.", newBody: "Ask us for a refund." } });
    expect(edited.version).toBe(2);
    const store = getStore();
    expect(store.data.proposalVersions[`${p.id}:1`].title).toBe("Plainer");
    expect(store.data.proposalVersions[`${p.id}:2`].title).toBe("Plainer words");
    await rejects(withdrawProposal({ actor: bob, proposalId: p.id }), ForbiddenError);
    clock.set("2026-03-17T00:00:00.000Z");
    await rejects(editProposal({ actor: alice, proposalId: p.id, input: { title: "Late", reasoning: "x" } }), ConflictError);
    await rejects(withdrawProposal({ actor: alice, proposalId: p.id }), ConflictError);
    clock.set("2026-03-05T00:00:00.000Z");
    const withdrawn = await withdrawProposal({ actor: alice, proposalId: p.id });
    expect(withdrawn.status).toBe("withdrawn");
    await rejects(castVote({ actor: bob, proposalId: p.id, input: { position: "agree" } }), ConflictError);
  });

  it("comments are Markdown, sanitised, and end when the review closes", async () => {
    const review = await openFor();
    const p = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "other", title: "t", reasoning: "r" } });
    const c = await addComment({ actor: bob, proposalId: p.id, input: { body: "**Yes** <script>alert(1)</script><img src=x onerror=alert(1)>" } });
    expect(c.bodyHtml).toContain("<strong>Yes</strong>");
    expect(c.bodyHtml).not.toMatch(/script|onerror|<img/);
    await rejects(addComment({ actor: bob, proposalId: p.id, input: { body: "  " } }), ValidationError);
    await closeReview({ actor: manager, reviewId: review.id, decisions: { [p.id]: { outcome: "deferred", rationale: "Later." } } });
    await rejects(addComment({ actor: bob, proposalId: p.id, input: { body: "Too late" } }), ConflictError);
  });
});

describe("votes", () => {
  it("disagree and block need a reason; one vote per person, changeable", async () => {
    const review = await openFor();
    const p = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "t", reasoning: "r" } });
    const noReason = await rejects(castVote({ actor: bob, proposalId: p.id, input: { position: "disagree", reason: " " } }), ValidationError);
    expect(inEnglish(noReason.fieldErrors.reason[0])).toMatch(/why you disagree/);
    const noBlockReason = await rejects(castVote({ actor: bob, proposalId: p.id, input: { position: "block" } }), ValidationError);
    expect(inEnglish(noBlockReason.fieldErrors.reason[0])).toMatch(/why you block/);
    await rejects(castVote({ actor: bob, proposalId: p.id, input: { position: "maybe" } }), ValidationError);
    await castVote({ actor: bob, proposalId: p.id, input: { position: "agree" } });
    await castVote({ actor: bob, proposalId: p.id, input: { position: "disagree", reason: "Too vague." } });
    const votes = Object.values(getStore().data.votes).filter((v) => v.proposalId === p.id);
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ id: `${p.id}:${bob.id}`, position: "disagree", reason: "Too vague." });
    expect(tallyFor(p.id)).toMatchObject({ disagree: 1, agree: 0, total: 1 });
  });

  it("the server enforces the deadline whatever the client sends, and the close", async () => {
    const review = await openFor();
    const p = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "t", reasoning: "r" } });
    await castVote({ actor: bob, proposalId: p.id, input: { position: "agree" } });
    clock.set("2026-03-16T23:59:59.999Z");
    const late = await rejects(castVote({ actor: bob, proposalId: p.id, input: { position: "block", reason: "No!", at: "2026-03-01T00:00:00Z" } }), ConflictError);
    expect(inEnglish(late.message)).toMatch(/deadline/);
    await rejects(castVote({ actor: alice, proposalId: p.id, input: { position: "agree" } }), ConflictError);
    expect(tallyFor(p.id)).toMatchObject({ agree: 1, block: 0, total: 1 });
    // Closing early ends voting too.
    clock.set("2026-03-05T00:00:00.000Z");
    await closeReview({ actor: manager, reviewId: review.id, decisions: { [p.id]: { outcome: "rejected", rationale: "Not now." } } });
    await rejects(castVote({ actor: alice, proposalId: p.id, input: { position: "agree" } }), ConflictError);
  });

  it("hidden tallies stay hidden until close, except each person's own vote", async () => {
    const review = await openFor(manager, { hideTallies: "on" });
    const p = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "t", reasoning: "r" } });
    await castVote({ actor: bob, proposalId: p.id, input: { position: "disagree", reason: "Unclear" } });
    await castVote({ actor: alice, proposalId: p.id, input: { position: "agree" } });
    const forBob = votesView({ actor: bob, review: getStore().data.reviews[review.id], proposalId: p.id });
    expect(forBob).toMatchObject({ hidden: true, tally: null, voters: null, count: 2 });
    expect(forBob.myVote).toMatchObject({ position: "disagree", reason: "Unclear" });
    const page = await getReviewPage({ actor: manager, reviewId: review.id });
    expect(JSON.stringify(page)).not.toContain("Unclear");
    const [ownerView] = page.proposals;
    expect(ownerView.votes.tally).toBeNull();
    await closeReview({ actor: manager, reviewId: review.id, decisions: { [p.id]: { outcome: "deferred", rationale: "Next quarter." } } });
    const after = await getReviewPage({ actor: bob, reviewId: review.id });
    expect(after.proposals[0].votes.tally).toMatchObject({ agree: 1, disagree: 1, total: 2 });
    expect(after.proposals[0].votes.voters?.map((v) => v.reason)).toContain("Unclear");
  });
});

describe("closing and deciding", () => {
  async function runReview() {
    const review = await openFor();
    const text = await submitProposal({
      actor: alice,
      reviewId: review.id,
      input: {
        policyId: policy.id,
        kind: "relax-threshold",
        title: "Only over €100",
        reasoning: "Small refunds are always approved.",
        newBody: "Refunds over €100 need a manager's approval.",
        occurrencesPerMonth: 40,
      },
    });
    clock.advanceDays(0.01);
    const automate = await submitProposal({ actor: bob, reviewId: review.id, input: { policyId: mandated.id, kind: "automate", title: "Archive automatically", reasoning: "The system can keep them." } });
    clock.advanceDays(0.01);
    const reject = await submitProposal({ actor: bob, reviewId: review.id, input: { policyId: policy.id, kind: "other", title: "Ask nobody", reasoning: "Trust." } });
    await castVote({ actor: bob, proposalId: text.id, input: { position: "block", reason: "Fraud risk without any check." } });
    await castVote({ actor: alice, proposalId: reject.id, input: { position: "disagree", reason: "Too loose." } });
    return { review, text, automate, reject };
  }

  it("only the owner or an admin closes, every open proposal needs a decision and a rationale", async () => {
    const { review, text, automate, reject } = await runReview();
    await rejects(closeReview({ actor: alice, reviewId: review.id, decisions: {} }), ForbiddenError);
    await rejects(closeReview({ actor: otherManager, reviewId: review.id, decisions: {} }), ForbiddenError);
    const missing = await rejects(
      closeReview({ actor: manager, reviewId: review.id, decisions: { [text.id]: { outcome: "rejected", rationale: "" }, [automate.id]: { outcome: "maybe", rationale: "x" } } }),
      ValidationError,
    );
    expect(Object.keys(missing.fieldErrors).sort()).toEqual([`outcome.${automate.id}`, `outcome.${reject.id}`, `rationale.${reject.id}`, `rationale.${text.id}`].sort());
    expect(getStore().data.reviews[review.id].status).toBe("open");
    expect(getStore().data.policies[policy.id].revision).toBe(1);
  });

  it("a blocked proposal is adopted only with a rationale that answers the block", async () => {
    const { review, text, automate, reject } = await runReview();
    const decisions = {
      [text.id]: { outcome: "adopted", rationale: "Noted." },
      [automate.id]: { outcome: "adopted", rationale: "Worth it." },
      [reject.id]: { outcome: "rejected", rationale: "Too loose." },
    };
    const error = await rejects(closeReview({ actor: manager, reviewId: review.id, decisions }), ValidationError);
    expect(inEnglish(error.fieldErrors[`rationale.${text.id}`][0])).toMatch(/blocked this proposal.*answer the block/);
    expect(getStore().data.policies[policy.id].revision).toBe(1);
  });

  it("adopting new text and estimates makes a revision linked to the proposal and lowers customer hours", async () => {
    const { review, text, automate, reject } = await runReview();
    const hoursBefore = customerHours(getStore().data.policies[policy.id].friction);
    const nextBefore = nextReviewOn(getStore().data.policies[policy.id]);
    clock.set("2026-03-20T10:00:00.000Z");
    const answer = "The block feared fraud without a check. Refunds over €100 are still approved, and we sample twenty small refunds every month, so the risk stays covered.";
    await closeReview({
      actor: manager,
      reviewId: review.id,
      decisions: {
        [text.id]: { outcome: "adopted", rationale: answer },
        [automate.id]: { outcome: "adopted", rationale: "The archive does this already." },
        [reject.id]: { outcome: "rejected", rationale: "Too loose for refunds." },
      },
    });
    const store = getStore();
    const revised = store.data.policies[policy.id];
    expect(revised.revision).toBe(2);
    expect(revised.body).toBe("Refunds over €100 need a manager's approval.");
    expect(customerHours(revised.friction)).toBe(20);
    expect(hoursBefore - customerHours(revised.friction)).toBe(30);
    const [latest] = await listRevisions(policy.id);
    expect(latest.source).toEqual({ reviewId: review.id, proposalId: text.id });
    expect(latest.note).toContain(`/reviews/${review.id}`);
    expect(latest.note).toContain("Only over €100");
    expect(latest.authorId).toBe(manager.id);

    const adopted = store.data.proposals[text.id];
    expect(adopted.status).toBe("adopted");
    expect(adopted.decision).toMatchObject({ outcome: "adopted", rationale: answer, hoursRemoved: 30, decidedBy: manager.id });
    expect(adopted.implementation).toBeNull();
    expect(store.data.proposals[automate.id].implementation).toBe("planned");
    expect(store.data.proposals[reject.id].decision).toMatchObject({ outcome: "rejected", hoursRemoved: 0 });
    const closedEvent = store.activityFor("review", review.id).at(-1)!;
    expect(closedEvent.type).toBe("review.closed");
    expect(JSON.stringify(closedEvent.after)).toContain(bob.id); // the block it answered

    // Closing moves the last-review date and lifts "under review".
    expect(revised.status).toBe("active");
    expect(revised.lastReviewedOn).toBe("2026-03-20");
    expect(nextReviewOn(revised) > nextBefore).toBe(true);
    expect(store.data.policies[mandated.id].status).toBe("active");
    expect(store.data.reviews[review.id]).toMatchObject({ status: "closed", closedAt: "2026-03-20T10:00:00.000Z" });
    await rejects(closeReview({ actor: manager, reviewId: review.id, decisions: {} }), ConflictError);

    const history = await reviewHistoryForPolicy(policy.id);
    expect(history).toHaveLength(1);
    expect(history[0].proposals.map((p) => [p.title, p.decision?.outcome, p.revisionNumber])).toEqual([
      ["Only over €100", "adopted", 2],
      ["Ask nobody", "rejected", null],
    ]);
    expect(history[0].proposals[0].decision?.rationale).toBe(answer);
    expect(history[0].proposals[0].tally).toMatchObject({ block: 1 });
  });

  it("implementation moves from planned to done, updated by its owners only", async () => {
    const { review, text, automate, reject } = await runReview();
    await closeReview({
      actor: admin,
      reviewId: review.id,
      decisions: {
        [text.id]: { outcome: "deferred", rationale: "Needs a fraud check design." },
        [automate.id]: { outcome: "adopted", rationale: "Cheap and safe." },
        [reject.id]: { outcome: "rejected", rationale: "No." },
      },
    });
    await rejects(updateImplementation({ actor: alice, proposalId: automate.id, status: "done" }), ForbiddenError);
    await rejects(updateImplementation({ actor: manager, proposalId: automate.id, status: "finished" }), ValidationError);
    await rejects(updateImplementation({ actor: manager, proposalId: reject.id, status: "done" }), ConflictError);
    expect((await updateImplementation({ actor: manager, proposalId: automate.id, status: "in-progress" })).implementation).toBe("in-progress");
    expect((await updateImplementation({ actor: admin, proposalId: automate.id, status: "done" })).implementation).toBe("done");
    await rejects(updateImplementation({ actor: manager, proposalId: automate.id, status: "planned" }), ConflictError);
  });

  it("adopting a removal retires the policy; a mandated removal cannot even be adopted", async () => {
    const review = await openFor();
    const p = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "remove", title: "Drop it", reasoning: "Serves nobody." } });
    const store = getStore();
    await closeReview({ actor: manager, reviewId: review.id, decisions: { [p.id]: { outcome: "adopted", rationale: "It serves nobody." } } });
    const retired = store.data.policies[policy.id];
    expect(retired.status).toBe("retired");
    expect(retired.retiredReason).toContain("It serves nobody.");
    expect(store.data.proposals[p.id].decision?.hoursRemoved).toBe(50);
    expect(store.data.policies[mandated.id].status).toBe("active");

    const second = await openReview({ actor: manager, input: { title: "Again", policyIds: [mandated.id], deadline: DEADLINE } });
    const sneaky = await submitProposal({ actor: alice, reviewId: second.id, input: { policyId: mandated.id, kind: "reword", title: "t", reasoning: "r" } });
    // Pretend the kind was tampered into a removal: adoption still refuses it.
    await store.commit({ type: "proposal.edited", actorId: alice.id, subject: { kind: "proposal", id: sneaky.id } }, [
      put("proposals", { ...store.data.proposals[sneaky.id], kind: "remove" }),
    ]);
    const refused = await rejects(
      closeReview({ actor: manager, reviewId: second.id, decisions: { [sneaky.id]: { outcome: "adopted", rationale: "Go." } } }),
      ValidationError,
    );
    expect(inEnglish(refused.fieldErrors[`outcome.${sneaky.id}`][0])).toMatch(/cannot be removed/);
    expect(store.data.policies[mandated.id].status).toBe("under-review");
  });

  it("a policy in two open reviews stays under review until the last one closes", async () => {
    const first = await openReview({ actor: manager, input: { title: "One", policyIds: [policy.id], deadline: DEADLINE } });
    const second = await openReview({ actor: admin, input: { title: "Two", policyIds: [policy.id], deadline: DEADLINE } });
    clock.set("2026-03-10T00:00:00.000Z");
    await closeReview({ actor: manager, reviewId: first.id, decisions: {} });
    expect(getStore().data.policies[policy.id]).toMatchObject({ status: "under-review", lastReviewedOn: "2026-03-10" });
    clock.set("2026-03-12T00:00:00.000Z");
    await closeReview({ actor: admin, reviewId: second.id, decisions: {} });
    expect(getStore().data.policies[policy.id]).toMatchObject({ status: "active", lastReviewedOn: "2026-03-12" });
  });

  it("estimates of several adopted proposals combine, and their removed hours add up", async () => {
    const review = await openFor();
    const fewer = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "relax-threshold", title: "Fewer", reasoning: "r", newBody: "Only big ones.", occurrencesPerMonth: 40 } });
    clock.advanceDays(0.01);
    const faster = await submitProposal({ actor: bob, reviewId: review.id, input: { policyId: policy.id, kind: "automate", title: "Faster", reasoning: "r", activeMinutes: 1, waitingMinutes: 5 } });
    await closeReview({
      actor: manager,
      reviewId: review.id,
      decisions: { [fewer.id]: { outcome: "adopted", rationale: "ok" }, [faster.id]: { outcome: "adopted", rationale: "ok" } },
    });
    const store = getStore();
    const after = store.data.policies[policy.id];
    expect(after.friction).toMatchObject({ occurrencesPerMonth: 40, activeMinutes: 1, waitingMinutes: 5 });
    expect(after.revision).toBe(3);
    // 50 h → 20 h (fewer) → 4 h (faster)
    expect(store.data.proposals[fewer.id].decision?.hoursRemoved).toBe(30);
    expect(store.data.proposals[faster.id].decision?.hoursRemoved).toBe(16);
    expect(customerHours(after.friction)).toBe(4);
    expect(store.data.proposals[faster.id].implementation).toBe("planned");
  });

  it("only one adopted text per policy per review", async () => {
    const review = await openFor();
    const a = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "A", reasoning: "r", newBody: "Text A" } });
    clock.advanceDays(0.01);
    const b = await submitProposal({ actor: bob, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "B", reasoning: "r", newBody: "Text B" } });
    const error = await rejects(
      closeReview({ actor: manager, reviewId: review.id, decisions: { [a.id]: { outcome: "adopted", rationale: "ok" }, [b.id]: { outcome: "adopted", rationale: "ok" } } }),
      ValidationError,
    );
    expect(inEnglish(error.fieldErrors[`outcome.${b.id}`][0])).toMatch(/already gives this policy a new text/);
    expect(getStore().data.policies[policy.id].revision).toBe(1);
  });
});

describe("lists, queue and history", () => {
  it("lists open reviews first with my votes, then closed ones with outcomes; needs-my-vote filters", async () => {
    const closed = await openReview({ actor: manager, input: { title: "Old", policyIds: [mandated.id], deadline: DEADLINE } });
    await closeReview({ actor: manager, reviewId: closed.id, decisions: {} });
    const review = await openReview({ actor: manager, input: { title: "Current", policyIds: [policy.id], deadline: DEADLINE } });
    const p = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "t", reasoning: "r" } });
    let list = await listReviews({ actor: bob });
    expect(list.open.map((r) => r.title)).toEqual(["Current"]);
    expect(list.open[0]).toMatchObject({ openProposals: 1, myVotes: 0, votes: 0 });
    expect(list.closed.map((r) => r.title)).toEqual(["Old"]);
    expect((await listReviews({ actor: bob, view: "needs-vote" })).open).toHaveLength(1);
    await castVote({ actor: bob, proposalId: p.id, input: { position: "agree" } });
    list = await listReviews({ actor: bob });
    expect(list.open[0]).toMatchObject({ myVotes: 1, votes: 1 });
    expect((await listReviews({ actor: bob, view: "needs-vote" })).open).toHaveLength(0);
    expect((await listReviews({ actor: bob, view: "needs-vote" })).closed).toHaveLength(0);
  });

  it("ranks the queue by a transparent score, for managers and admins only, and follows changes", async () => {
    const noPurpose = await buildPolicy(manager, { title: "Nobody knows why", purpose: "", occurrencesPerMonth: 10 });
    await rejects(reviewQueue({ actor: alice }), ForbiddenError);
    let queue = await reviewQueue({ actor: manager });
    const row = queue.rows.find((r) => r.policyId === noPurpose.id)!;
    expect(row.parts.purpose).toEqual({ missing: true, points: 30 });
    expect(row.score).toBe(row.parts.hours.points + row.parts.reports.points + row.parts.overdue.points + row.parts.purpose.points);
    expect(queue.rows.map((r) => r.score)).toEqual([...queue.rows.map((r) => r.score)].sort((a, b) => b - a));
    expect(row.canOpen).toBe(true);
    expect((await reviewQueue({ actor: otherManager })).rows.every((r) => !r.canOpen)).toBe(true);

    // A burst of friction reports pushes a policy up; the cache follows the store.
    const store = getStore();
    for (let i = 0; i < 10; i++) {
      await store.commit({ type: "policy.friction-reported", actorId: bob.id, subject: { kind: "policy", id: mandated.id } }, [
        put("frictionReports", { id: `fr-${i}`, policyId: mandated.id, personId: bob.id, at: clock.now().toISOString(), minutesLost: 30, effort: 5, what: "Slow" }),
      ]);
    }
    queue = await reviewQueue({ actor: manager });
    expect(queue.rows[0].policyId).toBe(mandated.id);
    expect(queue.rows[0].parts.reports).toMatchObject({ count: 10, effort: 50, points: 100 });

    // Policies under review leave the queue.
    await openReview({ actor: manager, input: { title: "Now", policyIds: [mandated.id], deadline: DEADLINE } });
    queue = await reviewQueue({ actor: manager });
    expect(queue.rows.some((r) => r.policyId === mandated.id)).toBe(false);
  });
});
