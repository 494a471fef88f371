/**
 * An answer never reports state that is not yet on disk. Each domain function that has nothing
 * to write when asked twice (the same vote, an acknowledgement given again, a person already
 * deactivated, an unchanged proposal, an implementation status already set, a session already
 * ended) must still wait for the write that made the state it confirms: the first call's line.
 * Each case starts the first call, makes the repeat at once, and reads the event log the moment
 * the repeat resolves.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acknowledgeStandard } from "~/models/acknowledgement.server";
import type { Actor } from "~/models/actor";
import { setPersonActive } from "~/models/person.server";
import { editProposal, submitProposal } from "~/models/proposal.server";
import { closeReview, openReview, updateImplementation } from "~/models/review.server";
import { endSession, startSession } from "~/models/session.server";
import { createTeam } from "~/models/team.server";
import { createStandard, publishStandard, submitStandard } from "~/models/standard.server";
import { castVote } from "~/models/vote.server";
import { LOG_FILE } from "~/store/store.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";

let dir: string;
let clock: ReturnType<typeof fixedClock>;
let manager: Actor;
let admin: Actor;

beforeEach(async () => {
  const opened = await openTestStore();
  dir = opened.dir;
  clock = fixedClock("2026-03-02T09:00:00.000Z");
  opened.store.clock = clock;
  const teamId = (await buildTeam()).id;
  manager = await buildPerson({ teamId, role: "manager" });
  admin = await buildPerson({ role: "admin" });
});

afterEach(async () => {
  await closeTestStore();
});

/** The types of the events whose lines are in the log file now. */
function loggedTypes(): string[] {
  const text = fs.readFileSync(path.join(dir, LOG_FILE), "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line.split("\t")[0]) as { type: string }).type);
}

/**
 * Starts `first` (its change is applied at once; its line reaches the disk later), repeats it at
 * once as `again`, and returns the types of the events logged since, as they stand the moment the
 * repeat resolves. Another write goes first, so that `first`'s line waits for that write's fsync
 * to finish: it cannot be in the file unless the repeat waited for it.
 */
async function logWhenRepeatAnswers(first: () => Promise<unknown>, again: () => Promise<unknown>) {
  const before = loggedTypes().length;
  const ahead = createTeam({ actor: null, input: { name: `Ahead ${before}`, description: "" } });
  const written = first();
  await again();
  const after = loggedTypes().slice(before + 1);
  await Promise.all([ahead, written]);
  return after;
}

async function openProposal() {
  const policy = await buildPolicy(manager);
  const review = await openReview({ actor: manager, input: { title: "A review", policyIds: [policy.id], deadline: "2026-03-20" } });
  const proposal = await submitProposal({
    actor: manager,
    reviewId: review.id,
    input: { policyId: policy.id, kind: "automate", title: "Archive automatically", reasoning: "The system can keep them." },
  });
  return { policy, review, proposal };
}

describe("an answer with nothing to write waits for the write it confirms", () => {
  it("the same vote cast twice", async () => {
    const { proposal } = await openProposal();
    const vote = () => castVote({ actor: manager, proposalId: proposal.id, input: { position: "agree" } });
    expect(await logWhenRepeatAnswers(vote, vote)).toEqual(["proposal.voted"]);
  });

  it("an acknowledgement given twice", async () => {
    const s = await createStandard({
      actor: manager,
      input: {
        teamId: manager.teamId,
        title: "Answers within a day",
        commitment: "We answer every question within one business day.",
        metric: "Time to first answer",
        targetValue: "1",
        unit: "business day",
        period: "per request",
        customerTeamIds: [(await buildTeam()).id],
        dimension: "responsiveness",
        factor: "hygiene",
        body: "We answer.",
        linkedPolicyIds: [],
      },
    });
    await submitStandard({ actor: manager, standardId: s.id });
    await publishStandard({ actor: admin, standardId: s.id });
    const acknowledge = () => acknowledgeStandard({ actor: manager, standardId: s.id });
    expect(await logWhenRepeatAnswers(acknowledge, acknowledge)).toEqual(["standard.acknowledged"]);
  });

  it("a person deactivated twice", async () => {
    const person = await buildPerson();
    const deactivate = () => setPersonActive({ actor: admin, personId: person.id, active: false });
    expect(await logWhenRepeatAnswers(deactivate, deactivate)).toEqual(["person.deactivated"]);
  });

  it("a proposal saved twice with the same change", async () => {
    const { proposal } = await openProposal();
    const edit = () =>
      editProposal({ actor: manager, proposalId: proposal.id, input: { title: "Archive by itself", reasoning: "The system can keep them." } });
    expect(await logWhenRepeatAnswers(edit, edit)).toEqual(["proposal.edited"]);
  });

  it("an implementation status set twice", async () => {
    const { review, proposal } = await openProposal();
    await closeReview({ actor: manager, reviewId: review.id, confirmEarly: true, decisions: { [proposal.id]: { outcome: "adopted", rationale: "Cheap and safe." } } });
    const progress = () => updateImplementation({ actor: manager, proposalId: proposal.id, status: "in-progress" });
    expect(await logWhenRepeatAnswers(progress, progress)).toEqual(["proposal.implementation-updated"]);
  });

  it("a session ended twice (signing out in two tabs)", async () => {
    const session = await startSession(manager.id);
    const signOut = () => endSession(session.id);
    expect(await logWhenRepeatAnswers(signOut, signOut)).toEqual(["person.signed-out"]);
  });
});
