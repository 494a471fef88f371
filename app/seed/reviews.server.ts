/**
 * Demo reviews: six closed reviews between 190 and 10 days ago (proposals, votes from many
 * people, comments, decisions with rationales, friction removed, implementation followed up) and
 * one open review of Finance, owned by the demo manager, whose deadline is two days away.
 * Everything goes through the domain functions with the seed clock in the past.
 */
import { getStore } from "~/store/index.server";
import type { Friction, Policy, ProposalKind, VotePosition } from "~/store/schema";
import type { Actor } from "~/models/actor";
import { addComment, submitProposal } from "~/models/proposal.server";
import { closeReview, openReview, updateImplementation } from "~/models/review.server";
import { castVote } from "~/models/vote.server";
import type { SeedContext, SeededPolicies } from "./demo.server";
import { daysAgo } from "./clock";
import type { TeamSlug } from "./people.server";

type Decision = { outcome: "adopted" | "rejected" | "deferred"; rationale: string };
type ProposalPlan = {
  /** Which of the review's policies (0 = the first): the one its title and text are about. */
  policy: number;
  kind: ProposalKind;
  author: string;
  title: string;
  reasoning: string;
  /** Appended to the policy's text as the proposed new text. */
  addText?: string;
  friction?: (f: Friction) => Friction;
  /** Share of voters agreeing; some block when `blocks` is set. */
  support: number;
  blocks?: number;
  decision: Decision;
  /** Implementation follow-up: days after closing → status. */
  follow?: Array<[number, "in-progress" | "done"]>;
};
type ReviewPlan = {
  team: TeamSlug;
  owner: string;
  /** Days ago the review opens; it closes 14 days later. */
  startsDaysAgo: number;
  /** The titles of the team's policies under review, each proposal naming one by its place here. */
  policies: string[];
  title: string;
  description: string;
  hideTallies?: boolean;
  proposals: ProposalPlan[];
};

const round = (n: number) => Math.max(0, Math.round(n));
const relax = (f: Friction): Friction => ({ ...f, occurrencesPerMonth: round(f.occurrencesPerMonth * 0.6) });
const delegate = (f: Friction): Friction => ({
  ...f,
  approvals: Math.max(0, f.approvals - 1),
  handoffs: Math.max(0, f.handoffs - 1),
  waitingMinutes: round(f.waitingMinutes * 0.5),
});
const automate = (f: Friction): Friction => ({ ...f, steps: Math.max(1, f.steps - 2), activeMinutes: round(f.activeMinutes * 0.5), waitingMinutes: round(f.waitingMinutes * 0.7) });
const channel = (f: Friction): Friction => ({ ...f, activeMinutes: round(f.activeMinutes * 0.7), handoffs: Math.max(0, f.handoffs - 1) });

const BLOCK_ANSWER =
  "The block asked who checks the result once the manager no longer signs. We keep a monthly sample check by the team lead, and any case above the old limit is still flagged in the report, so the risk named in the block is covered without making everyone wait.";

const REVIEWS: ReviewPlan[] = [
  {
    team: "finance",
    owner: "manager@example.com",
    startsDaysAgo: 190,
    policies: ["Large expense claims need two signatures", "Expense claims need receipts"],
    title: "Expense claims: fewer signatures, faster money",
    description: "Expense claims wait days for a signature that rarely changes anything. **What could go, and what must stay to prevent fraud?**",
    proposals: [
      {
        policy: 0,
        kind: "relax-threshold",
        author: "hana@example.com",
        title: "Only claims over €250 need a manager's signature",
        reasoning: "Most claims are small. Last quarter, no claim under €250 was ever refused, yet each one waited for a signature.\n\n- small claims paid straight away\n- large claims still signed",
        addText: "Claims up to €250 are paid without a manager's signature; the monthly sample check covers them.",
        friction: relax,
        support: 0.8,
        decision: { outcome: "adopted", rationale: "The data shows no small claim was refused in a year; the sample check keeps the fraud control where it matters." },
      },
      {
        policy: 1,
        kind: "automate",
        author: "kwame@example.com",
        title: "Read receipts from a photo instead of retyping them",
        reasoning: "We retype every receipt into the form. The finance system can read a photo of the receipt.",
        friction: automate,
        support: 0.75,
        decision: { outcome: "adopted", rationale: "Cheap to switch on in the finance system we already use; we will roll it out team by team." },
        follow: [[20, "in-progress"], [45, "done"]],
      },
      {
        policy: 0,
        kind: "other",
        author: "tom@example.com",
        title: "Let everyone pay with a company card",
        reasoning: "No claims at all if everyone has a card.",
        support: 0.35,
        decision: { outcome: "rejected", rationale: "Cards for everyone cost more to manage than the claims they replace; the two changes above remove most of the waiting." },
      },
    ],
  },
  {
    team: "it",
    owner: "priya@example.com",
    startsDaysAgo: 150,
    policies: ["Access requests need the line manager's approval"],
    title: "Access requests without the ping-pong",
    description: "Access requests bounce between the requester, their manager and IT. Find the hand-offs we can drop.",
    proposals: [
      {
        policy: 0,
        kind: "delegate",
        author: "tom@example.com",
        title: "Team leads approve standard access, not department heads",
        reasoning: "Department heads approve access they cannot judge. The team lead knows what the person needs.",
        addText: "Standard access is approved by the requester's team lead; department heads approve only elevated access.",
        friction: delegate,
        support: 0.7,
        blocks: 1,
        decision: { outcome: "adopted", rationale: BLOCK_ANSWER },
      },
      {
        policy: 0,
        kind: "change-channel",
        author: "daniel@example.com",
        title: "Request access in chat instead of by email form",
        reasoning: "The email form gets lost. A chat request with a button reaches IT at once.",
        friction: channel,
        support: 0.6,
        decision: { outcome: "deferred", rationale: "Good idea, but the chat tool is being replaced this year. We will pick this up with the new tool." },
      },
    ],
  },
  {
    team: "customer-support",
    owner: "sofia@example.com",
    startsDaysAgo: 115,
    policies: ["Large refunds need a manager's approval", "Complaints are answered in writing within 10 working days"],
    title: "Refunds and complaints: let the agent decide",
    description: "Customers wait for refunds while agents wait for approvals. Which approvals protect the customer, and which only slow them down?",
    proposals: [
      {
        policy: 0,
        kind: "relax-threshold",
        author: "employee@example.com",
        title: "Agents refund up to €100 on the spot",
        reasoning: "Customers call back three times for a small refund. Agents can judge €100 themselves.",
        addText: "Agents may refund up to €100 on the spot and note the reason in the ticket.",
        friction: relax,
        support: 0.85,
        decision: { outcome: "adopted", rationale: "Small refunds were approved 98% of the time; agents deciding saves customers days." },
      },
      {
        policy: 1,
        kind: "reword",
        author: "felix@example.com",
        title: "Say it in the customer's words",
        reasoning: "The written answers use internal codes customers never see. Plain words help new agents too.",
        addText: "In plain words: tell the customer what happens next and when, in one message.",
        support: 0.9,
        decision: { outcome: "adopted", rationale: "Plainer words cost nothing and new agents asked for it." },
      },
      {
        policy: 1,
        kind: "other",
        author: "daniel@example.com",
        title: "Drop the complaints register altogether",
        reasoning: "Nobody reads the register; the written answer is the record.",
        support: 0.3,
        decision: { outcome: "rejected", rationale: "The log is how we spot repeated problems; we simplified how it is written instead." },
      },
    ],
  },
  {
    team: "people",
    owner: "lotte@example.com",
    startsDaysAgo: 80,
    policies: ["Leave requests over 5 days need HR sign-off"],
    title: "Leave requests in one step",
    description: "Booking a day off takes a form, an email and a wait. Make it one step.",
    proposals: [
      {
        policy: 0,
        kind: "change-channel",
        author: "jonas@example.com",
        title: "Book leave in the calendar, approved by default",
        reasoning: "The calendar already shows who is away. Approval by default unless the manager objects within a day.",
        friction: channel,
        support: 0.8,
        decision: { outcome: "adopted", rationale: "Managers rarely refuse leave; approval by default respects people's time." },
        follow: [[15, "in-progress"]],
      },
      {
        policy: 0,
        kind: "delegate",
        author: "noor@example.com",
        title: "Let colleagues swap shifts without HR",
        reasoning: "Swaps go through HR only to be stamped.",
        addText: "Colleagues may swap shifts between themselves and tell their manager; HR is not involved.",
        friction: delegate,
        support: 0.55,
        decision: { outcome: "deferred", rationale: "We need the works council's view first; we will bring this back in the next review." },
      },
    ],
  },
  {
    team: "operations",
    owner: "ruben@example.com",
    startsDaysAgo: 50,
    policies: ["Hotel nights above €150 need an exception form", "Travel is booked through the travel desk"],
    title: "Travel: from forms to one click",
    description: "A business trip takes a travel desk request and, for most hotels, an exception form. What still earns its place?",
    hideTallies: true,
    proposals: [
      {
        policy: 0,
        kind: "relax-threshold",
        author: "noor@example.com",
        title: "Exception form only for hotels above €200 a night",
        reasoning: "Most city hotels cost more than €150 now, so nearly every trip needs the form — and the budget holder approves all of them.",
        addText: "Hotels up to €200 a night need no exception form; above that, the budget holder approves as before.",
        friction: relax,
        support: 0.8,
        decision: { outcome: "adopted", rationale: "Nearly every form was approved; the travel desk's negotiated rates keep most nights under €200." },
      },
      {
        policy: 1,
        kind: "automate",
        author: "grace@example.com",
        title: "Book travel through the travel tool, no form",
        reasoning: "The tool already applies the travel rules; the form repeats them.",
        friction: automate,
        support: 0.7,
        decision: { outcome: "adopted", rationale: "The travel tool enforces the same limits, so the form adds nothing." },
        follow: [[10, "in-progress"], [30, "done"]],
      },
    ],
  },
  {
    team: "sales",
    owner: "carmen@example.com",
    startsDaysAgo: 24,
    policies: ["Large discounts need the sales director's sign-off"],
    title: "Discounts without waiting for the director",
    description: "Deals stall while discounts wait for the sales director.",
    proposals: [
      {
        policy: 0,
        kind: "delegate",
        author: "kwame@example.com",
        title: "Account managers approve discounts up to 10%",
        reasoning: "Directors approve nearly every discount under 10%; customers wait days for a formality.",
        addText: "Account managers approve discounts up to 10%; larger discounts go to the sales director.",
        friction: delegate,
        support: 0.75,
        decision: { outcome: "adopted", rationale: "Margins on these deals stayed healthy in every quarter we checked; the director keeps the large ones." },
      },
      {
        policy: 0,
        kind: "reword",
        author: "grace@example.com",
        title: "Add a worked example",
        reasoning: "A worked example would end most questions.",
        support: 0.5,
        decision: { outcome: "rejected", rationale: "The new limit above is simple enough; an example would date quickly." },
      },
    ],
  },
];

const REASONS: Record<"disagree" | "block", string[]> = {
  disagree: [
    "I worry we lose sight of mistakes without the check.",
    "This moves the work to another team instead of removing it.",
    "Fine in principle, but the threshold is too high.",
    "We tried this before and it caused rework.",
  ],
  block: ["Without the signature nobody checks the result at all — that is a real fraud risk."],
};
const AGREE_REASONS = ["Saves me time every week.", "Customers will notice this.", "", "", ""];
const COMMENTS = [
  "Could we try it for a month and look at the numbers?",
  "Our team does this already informally — it works.",
  "What happens to the cases that are *not* routine?",
  "+1, this is the step everyone complains about.",
];

/** A small deterministic random generator, so the demo is the same on every start. */
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

export async function seedReviews({ org, clock, now, policies }: SeedContext & { policies: SeededPolicies }): Promise<void> {
  const store = getStore();
  const rand = random(4);
  const actor = (email: string): Actor => {
    const p = store.data.people[org.people[email]];
    return { id: p.id, name: p.name, role: p.role, teamId: p.teamId };
  };
  const everyone = Object.keys(org.people).filter((e) => store.data.people[org.people[e]]?.active);
  const seeded = Object.values(policies)
    .map((id) => store.data.policies[id])
    .filter((p): p is Policy => Boolean(p));
  /**
   * The team's policies a review names, by title: each review, proposal and adopted revision is
   * about the policy its words are about. A title the policy seed no longer has stops the seed.
   */
  const named = (team: TeamSlug, titles: string[]) =>
    titles.map((title) => {
      const policy = seeded.find((p) => p.title === title && p.teamId === org.teams[team] && p.status === "active");
      if (!policy) throw new Error(`The demo review names "${title}", which is not an active ${team} policy of the demo.`);
      return policy;
    });

  const later: Array<{ daysAgo: number; run: () => Promise<unknown> }> = [];
  const runLater = async (untilDaysAgo: number) => {
    later.sort((a, b) => b.daysAgo - a.daysAgo);
    while (later.length && later[0].daysAgo >= untilDaysAgo) {
      const task = later.shift()!;
      clock.set(daysAgo(now, task.daysAgo));
      await task.run();
    }
  };

  const vote = async (proposalId: string, voters: string[], support: number, blocks = 0) => {
    let blocked = 0;
    for (const email of voters) {
      clock.advanceDays(0.1);
      const r = rand();
      let position: VotePosition = r < support ? "agree" : r < support + (1 - support) * 0.3 ? "abstain" : "disagree";
      if (blocked < blocks && position !== "agree") position = "block";
      if (position === "block") blocked++;
      const reason =
        position === "disagree" || position === "block"
          ? REASONS[position][Math.floor(rand() * REASONS[position].length)]
          : AGREE_REASONS[Math.floor(rand() * AGREE_REASONS.length)];
      await castVote({ actor: actor(email), proposalId, input: { position, reason: position === "abstain" ? "" : reason } });
    }
    // Make sure a planned block is there even when chance gave none.
    if (blocked < blocks) {
      const email = voters[voters.length - 1];
      await castVote({ actor: actor(email), proposalId, input: { position: "block", reason: REASONS.block[0] } });
    }
  };

  for (const plan of REVIEWS) {
    await runLater(plan.startsDaysAgo);
    const chosen = named(plan.team, plan.policies);
    clock.set(daysAgo(now, plan.startsDaysAgo));
    const owner = actor(plan.owner);
    const deadline = daysAgo(now, plan.startsDaysAgo - 12).toISOString();
    const review = await openReview({
      actor: owner,
      input: { title: plan.title, description: plan.description, policyIds: chosen.map((p) => p.id), deadline, hideTallies: plan.hideTallies ?? false },
    });

    const decisions: Record<string, Decision> = {};
    const follows: Array<{ proposalId: string; follow: Array<[number, "in-progress" | "done"]> }> = [];
    for (const pp of plan.proposals) {
      const policy = store.data.policies[chosen[pp.policy].id];
      clock.advanceDays(0.5);
      const f = pp.friction ? pp.friction(policy.friction) : null;
      const proposal = await submitProposal({
        actor: actor(pp.author),
        reviewId: review.id,
        input: {
          policyId: policy.id,
          kind: pp.kind,
          title: pp.title,
          reasoning: pp.reasoning,
          newBody: pp.addText ? `${policy.body.trim()}\n\n${pp.addText}` : "",
          ...(f ?? {}),
        },
      });
      decisions[proposal.id] = pp.decision;
      if (pp.follow) follows.push({ proposalId: proposal.id, follow: pp.follow });

      const voters = everyone.filter((e) => e !== pp.author && rand() < 0.8);
      await vote(proposal.id, voters, pp.support, pp.blocks ?? 0);
      for (let i = 0; i < 1 + Math.floor(rand() * 3); i++) {
        clock.advanceDays(0.3);
        const email = everyone[Math.floor(rand() * everyone.length)];
        await addComment({ actor: actor(email), proposalId: proposal.id, input: { body: COMMENTS[Math.floor(rand() * COMMENTS.length)] } });
      }
    }

    clock.set(daysAgo(now, plan.startsDaysAgo - 14));
    await closeReview({ actor: owner, reviewId: review.id, decisions });
    for (const { proposalId, follow } of follows) {
      for (const [after, status] of follow) {
        const when = plan.startsDaysAgo - 14 - after;
        if (when < 6) continue;
        later.push({ daysAgo: when, run: () => updateImplementation({ actor: owner, proposalId, status }) });
      }
    }
  }
  await runLater(6);

  // The open review: Finance, owned by the demo manager, deadline in two days.
  const open = named("finance", ["Purchase orders for anything over €1,000", "Supplier invoices are entered twice"]);
  clock.set(daysAgo(now, 5));
  const manager = actor("manager@example.com");
  const review = await openReview({
    actor: manager,
    input: {
      title: "Supplier invoices: pay on time without the chase",
      description: "Suppliers chase us because invoices wait for approvals. Propose what we can drop — **votes close in two days**.",
      policyIds: open.map((p) => p.id),
      deadline: new Date(now.getTime() + 2 * 86_400_000).toISOString(),
      hideTallies: false,
    },
  });
  const first = store.data.policies[open[0].id];
  clock.advanceDays(0.5);
  const a = await submitProposal({
    actor: actor("hana@example.com"),
    reviewId: review.id,
    input: {
      policyId: first.id,
      kind: "delegate",
      title: "The budget holder's approval is enough up to €5,000",
      reasoning: "Orders just over €1,000 wait for two approvals and a budget check the budget holder already made. Up to €5,000 the budget holder knows whether the money is there.",
      newBody: `${first.body.trim()}\n\nUp to €5,000 the purchase order is issued once the budget holder approves; Finance checks the budget only above that.`,
      ...delegate(first.friction),
    },
  });
  await vote(a.id, everyone.filter((e) => !["hana@example.com", "employee@example.com", "manager@example.com"].includes(e)).slice(0, 9), 0.75);
  await addComment({ actor: actor("olivia@example.com"), proposalId: a.id, input: { body: "Agreed — and let's keep the monthly report so nothing slips." } });
  const second = store.data.policies[open[open.length - 1].id];
  clock.advanceDays(1);
  const b = await submitProposal({
    actor: actor("tom@example.com"),
    reviewId: review.id,
    input: {
      policyId: second.id,
      kind: "automate",
      title: "Enter each invoice once: the payment run reads the accounting system",
      reasoning: "The payment sheet copies what the accounting system already holds, and the copies disagree. The weekly payment run can read the accounting system directly.",
      ...automate(second.friction),
    },
  });
  await vote(b.id, everyone.filter((e) => !["tom@example.com", "employee@example.com", "manager@example.com"].includes(e)).slice(0, 6), 0.6);
}
