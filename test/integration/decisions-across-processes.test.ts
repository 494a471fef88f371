/**
 * Writes whose rules read the state are decided against the latest state, not against what a
 * process last heard: this process's store never follows the events table (as if every
 * notification were late), and another process changes what the rule reads — closes the review,
 * opens a pulse, stops asking for acknowledgements, withdraws a friction report, revises a policy,
 * retires a standard.
 * A proposal, a comment, an edit, a withdrawal, a second pulse, an acknowledgement, a report's
 * edit or a standard's publication sent here afterwards meets the newer event when it is written, catches up, and is refused;
 * a revision becomes the next one instead of writing over the other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, ValidationError } from "~/models/errors";
import { addComment, editProposal, submitProposal, withdrawProposal } from "~/models/proposal.server";
import { acknowledgePolicy, askPolicyAcknowledgement } from "~/models/acknowledgement.server";
import { editFrictionReport, reportFriction } from "~/models/friction-report.server";
import { revisePolicy } from "~/models/policy.server";
import { createPerson, setOwnLocale } from "~/models/person.server";
import { signInWithCompanyAccount } from "~/models/company-account.server";
import { importDirectory, previewDirectoryImport } from "~/models/directory.server";
import { onceFor, rememberSubmission } from "~/models/submission.server";
import { openPulse } from "~/models/pulse.server";
import { updateTeam } from "~/models/team.server";
import { createStandard, publishStandard, submitStandard } from "~/models/standard.server";
import { openReview } from "~/models/review.server";
import type { Person, Policy, PolicyRevision, Pulse, Review, Standard, Team } from "~/store/schema";
import { closeStore, getStore, openStore, put, remove } from "~/store/index.server";
import { PostgresStore } from "~/store/postgres.server";
import { buildPerson, buildPolicy, buildTeam, policyInput, standardInput } from "../factories";
import { dropDatabases, freshDatabase } from "../support/postgres";
import { inFuture } from "../support/voting";

let url: string;
let author: Awaited<ReturnType<typeof buildPerson>>;
let policyId: string;

beforeAll(async () => {
  url = await freshDatabase();
  await openStore("", { databaseUrl: url, follow: false });
  author = await buildPerson({ role: "manager", teamId: (await buildTeam()).id });
  policyId = (await buildPolicy(author)).id;
});

afterAll(async () => {
  await closeStore();
  await dropDatabases();
});

/**
 * Runs `change` in a store of its own on the same database (another process, up to date when it
 * opens), then closes it: this process's store does not hear of the change.
 */
async function inAnotherProcess(change: (other: PostgresStore) => Promise<unknown>) {
  const other = await PostgresStore.open(url, { follow: false });
  try {
    await change(other);
  } finally {
    await other.close();
  }
}

/** A review with one proposal (and its title) made here, then closed by another process this one does not hear of. */
async function closedElsewhere(title: string) {
  const review = await openReview({ actor: author, input: { title, policyIds: [policyId], deadline: inFuture(10) } });
  const proposal = await submitProposal({ actor: author, reviewId: review.id, input: { policyId, kind: "reword", title, reasoning: "Plainer." } });
  await inAnotherProcess(async (other) => {
    const current = other.data.reviews[review.id];
    await other.commit({ type: "review.closed", actorId: author.id, subject: { kind: "review", id: review.id } }, [
      put("reviews", { ...current, status: "closed", closedAt: new Date().toISOString() } as Review),
    ]);
  });
  expect(getStore().data.reviews[review.id].status).toBe("open");
  return { reviewId: review.id, proposalId: proposal.id };
}

describe("a review closed in another process, refused here once the write meets it", () => {
  it("takes no new proposal", async () => {
    const { reviewId } = await closedElsewhere("Proposal");
    await expect(
      submitProposal({ actor: author, reviewId, input: { policyId, kind: "reword", title: "After", reasoning: "Later." } }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(getStore().data.reviews[reviewId].status).toBe("closed");
    expect(Object.values(getStore().data.proposals).filter((p) => p.reviewId === reviewId)).toHaveLength(1);
  });

  it("takes no comment", async () => {
    const { proposalId } = await closedElsewhere("Comment");
    await expect(addComment({ actor: author, proposalId, input: { body: "Too late?" } })).rejects.toBeInstanceOf(ConflictError);
    expect(Object.values(getStore().data.comments).filter((c) => c.proposalId === proposalId)).toEqual([]);
  });

  it("takes no edit", async () => {
    const { proposalId } = await closedElsewhere("Edit");
    await expect(editProposal({ actor: author, proposalId, input: { title: "Changed", reasoning: "Changed." } })).rejects.toBeInstanceOf(ConflictError);
    expect(getStore().data.proposals[proposalId]).toMatchObject({ title: "Edit", version: 1 });
  });

  it("takes no withdrawal", async () => {
    const { proposalId } = await closedElsewhere("Withdrawal");
    await expect(withdrawProposal({ actor: author, proposalId })).rejects.toBeInstanceOf(ConflictError);
    expect(getStore().data.proposals[proposalId].status).toBe("open");
  });
});

describe("a pulse opened in another process", () => {
  it("keeps this one from opening a second", async () => {
    const admin = await buildPerson({ role: "admin", teamId: author.teamId });
    const now = Date.now();
    const pulse: Pulse = { id: "elsewhere", title: "Opened elsewhere", openedBy: admin.id, opensAt: new Date(now).toISOString(), closesAt: new Date(now + 14 * 86_400_000).toISOString() };
    await inAnotherProcess(async (other) => {
      await other.commit({ type: "pulse.opened", actorId: admin.id, subject: { kind: "pulse", id: pulse.id } }, [put("pulses", pulse)]);
    });
    expect(getStore().data.pulses.elsewhere).toBeUndefined();
    await expect(openPulse({ actor: admin, input: { title: "Opened here" } })).rejects.toBeInstanceOf(ConflictError);
    expect(Object.values(getStore().data.pulses).map((p) => p.title)).toEqual(["Opened elsewhere"]);
  });
});

describe("a policy no longer asking for acknowledgement in another process", () => {
  it("takes no acknowledgement here", async () => {
    const policy = await buildPolicy(author, { title: "Asked, then not" });
    await askPolicyAcknowledgement({ actor: author, policyId: policy.id });
    const employee = await buildPerson({ teamId: author.teamId });
    await inAnotherProcess(async (other) => {
      const current = other.data.policies[policy.id];
      await other.commit({ type: "policy.acknowledgement-stopped", actorId: author.id, subject: { kind: "policy", id: policy.id } }, [
        put("policies", { ...current, acknowledgeRevision: null, acknowledgeRequestedAt: null } as Policy),
      ]);
    });
    expect(getStore().data.policies[policy.id].acknowledgeRevision).not.toBeNull();
    await expect(acknowledgePolicy({ actor: employee, policyId: policy.id })).rejects.toBeInstanceOf(ConflictError);
    expect(Object.values(getStore().data.policyAcknowledgements).filter((a) => a.policyId === policy.id)).toEqual([]);
  });
});

describe("a friction report withdrawn in another process", () => {
  it("is not brought back by its author's edit here", async () => {
    const policy = await buildPolicy(author, { title: "Reported, then withdrawn" });
    const report = await reportFriction({ actor: author, policyId: policy.id, input: { minutesLost: "20", effort: "3", what: "Slow." } });
    await inAnotherProcess(async (other) => {
      await other.commit({ type: "policy.friction-report-withdrawn", actorId: author.id, subject: { kind: "policy", id: policy.id } }, [
        remove("frictionReports", report.id),
      ]);
    });
    expect(getStore().data.frictionReports[report.id]).toBeDefined();
    await expect(
      editFrictionReport({ actor: author, policyId: policy.id, reportId: report.id, input: { minutesLost: "30", effort: "4", what: "Slower." } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(getStore().data.frictionReports[report.id]).toBeUndefined();
  });
});

describe("a policy revised in another process", () => {
  it("takes a revision here as the next one, keeping both", async () => {
    const policy = await buildPolicy(author, { title: "Revised twice" });
    await inAnotherProcess(async (other) => {
      const current = other.data.policies[policy.id];
      const first = other.data.policyRevisions[`${policy.id}:1`];
      const elsewhere: PolicyRevision = { ...first, id: `${policy.id}:2`, number: 2, note: "Elsewhere", at: new Date().toISOString() };
      await other.commit({ type: "policy.revised", actorId: author.id, subject: { kind: "policy", id: policy.id } }, [
        put("policies", { ...current, revision: 2 } as Policy),
        put("policyRevisions", elsewhere),
      ]);
    });
    expect(getStore().data.policies[policy.id].revision).toBe(1);
    const input = policyInput({ teamId: author.teamId, ownerId: author.id, title: "Revised twice", body: "## What\n\nDo it here." });
    const { revision } = await revisePolicy({ actor: author, policyId: policy.id, input, note: "Here" });
    expect(revision.number).toBe(3);
    const revisions = getStore().data.policyRevisions;
    expect([revisions[`${policy.id}:2`]?.note, revisions[`${policy.id}:3`]?.note]).toEqual(["Elsewhere", "Here"]);
    expect(getStore().data.policies[policy.id].revision).toBe(3);
  });
});

describe("a standard retired in another process", () => {
  it("is not published here", async () => {
    const admin = await buildPerson({ role: "admin", teamId: author.teamId });
    const customers = await buildTeam();
    const draft = await createStandard({ actor: author, input: standardInput({ teamId: author.teamId, customerTeamIds: [customers.id] }) });
    await submitStandard({ actor: author, standardId: draft.id });
    await inAnotherProcess(async (other) => {
      const current = other.data.standards[draft.id];
      await other.commit({ type: "standard.retired", actorId: author.id, subject: { kind: "standard", id: draft.id } }, [
        put("standards", { ...current, status: "retired", draftVersion: null, draftState: null, retiredReason: "Elsewhere" } as Standard),
      ]);
    });
    expect(getStore().data.standards[draft.id].draftState).toBe("in-review");
    await expect(publishStandard({ actor: admin, standardId: draft.id })).rejects.toBeInstanceOf(ConflictError);
    expect(getStore().data.standards[draft.id]).toMatchObject({ status: "retired", publishedVersion: null });
  });
});

describe("a policy revised in another process, then put under review here", () => {
  it("keeps the other process's revision: opening the review marks the latest record", async () => {
    const policy = await buildPolicy(author, { title: "Revised, then reviewed" });
    await inAnotherProcess(async (other) => {
      const current = other.data.policies[policy.id];
      await other.commit({ type: "policy.revised", actorId: author.id, subject: { kind: "policy", id: policy.id } }, [
        put("policies", { ...current, revision: 2, summary: "Revised elsewhere." } as Policy),
      ]);
    });
    expect(getStore().data.policies[policy.id].revision).toBe(1);
    await openReview({ actor: author, input: { title: "Review after", policyIds: [policy.id], deadline: inFuture(10) } });
    expect(getStore().data.policies[policy.id]).toMatchObject({ revision: 2, summary: "Revised elsewhere.", status: "under-review" });
  });
});

describe("a person deactivated in another process", () => {
  it("stays deactivated when their own change of language is written here", async () => {
    const person = await buildPerson({ teamId: author.teamId });
    await inAnotherProcess(async (other) => {
      const current = other.data.people[person.id];
      await other.commit({ type: "person.deactivated", actorId: author.id, subject: { kind: "person", id: person.id } }, [
        put("people", { ...current, active: false } as Person),
      ]);
    });
    expect(getStore().data.people[person.id].active).toBe(true);
    await setOwnLocale({ actor: person, input: { locale: "nl" } });
    expect(getStore().data.people[person.id]).toMatchObject({ active: false, locale: "nl" });
  });
});

describe("a team renamed in another process", () => {
  it("keeps its new address from being given to another team here", async () => {
    const admin = await buildPerson({ role: "admin", teamId: author.teamId });
    const first = await buildTeam({ name: "First desk", slug: "first-desk" });
    const second = await buildTeam({ name: "Second desk", slug: "second-desk" });
    await inAnotherProcess(async (other) => {
      const current = other.data.teams[first.id];
      await other.commit({ type: "team.updated", actorId: admin.id, subject: { kind: "team", id: first.id } }, [
        put("teams", { ...current, name: "Front desk", slug: "front-desk" } as Team),
      ]);
    });
    await expect(
      updateTeam({ actor: admin, teamId: second.id, input: { name: "Service desk", slug: "front-desk", description: "" } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(Object.values(getStore().data.teams).filter((t) => t.slug === "front-desk").map((t) => t.id)).toEqual([first.id]);
  });
});

/** A person with this email, added by another process this one does not hear of. */
async function personAddedElsewhere(email: string, extra: Partial<Person> = {}) {
  const person: Person = {
    id: `elsewhere-${email}`,
    name: "Added elsewhere",
    email,
    teamId: author.teamId,
    role: "employee",
    active: true,
    createdAt: new Date().toISOString(),
    ...extra,
  };
  await inAnotherProcess((other) =>
    other.commit({ type: "person.created", actorId: null, subject: { kind: "person", id: person.id } }, [put("people", person)]),
  );
  expect(getStore().data.people[person.id]).toBeUndefined();
  return person;
}

const peopleWithEmail = (email: string) => Object.values(getStore().data.people).filter((p) => p.email === email);

describe("a person added in another process", () => {
  it("is linked, not made twice, when their first company sign-in reaches this one", async () => {
    const added = await personAddedElsewhere("joined.elsewhere@example.test");
    const signIn = await signInWithCompanyAccount({
      identity: { subject: "sub-joined", email: added.email, emailVerified: true, name: "Joined", team: null, role: "employee" },
      defaultTeam: null,
    });
    expect(signIn).toMatchObject({ ok: true, created: false, linked: true, person: { id: added.id } });
    expect(peopleWithEmail(added.email)).toEqual([expect.objectContaining({ id: added.id, oidcSubject: "sub-joined" })]);
  });

  it("keeps their email from following another person's company account here", async () => {
    const team = getStore().data.teams[author.teamId];
    const first = await signInWithCompanyAccount({
      identity: { subject: "sub-mover", email: "mover@example.test", emailVerified: true, name: "Mover", team: team.name, role: "employee" },
      defaultTeam: null,
    });
    expect(first).toMatchObject({ ok: true, created: true });
    const added = await personAddedElsewhere("moved.to@example.test");
    const again = await signInWithCompanyAccount({
      identity: { subject: "sub-mover", email: added.email, emailVerified: true, name: "Mover", team: team.name, role: "employee" },
      defaultTeam: null,
    });
    expect(again).toMatchObject({ ok: true, person: { email: "mover@example.test" } });
    expect(peopleWithEmail(added.email).map((p) => p.id)).toEqual([added.id]);
  });

  it("is not invited again here under the same email", async () => {
    const admin = await buildPerson({ role: "admin", teamId: author.teamId });
    const added = await personAddedElsewhere("invited.twice@example.test");
    await expect(
      createPerson({ actor: admin, input: { name: "Invited", email: added.email, teamId: author.teamId, role: "employee" } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(peopleWithEmail(added.email).map((p) => p.id)).toEqual([added.id]);
  });

  it("is skipped, not made twice, by a directory import checked before it was added", async () => {
    const admin = await buildPerson({ role: "admin", teamId: author.teamId });
    const team = getStore().data.teams[author.teamId];
    const csv = `name,email,team,role,manager_email\r\nNew One,new.one@example.test,${team.name},employee,\r\nRaced,raced@example.test,${team.name},employee,new.one@example.test\r\n`;
    const preview = await previewDirectoryImport({ actor: admin, csv, deactivateMissing: false });
    expect(preview.counts).toMatchObject({ create: 2 });
    const added = await personAddedElsewhere("raced@example.test");
    const result = await importDirectory({ actor: admin, csv, deactivateMissing: false });
    expect(result).toMatchObject({ created: 1, skipped: [3] });
    expect(peopleWithEmail("raced@example.test").map((p) => p.id)).toEqual([added.id]);
    expect(peopleWithEmail("new.one@example.test")).toHaveLength(1);
  });
});

describe("an invitation whose first copy was written in another process", () => {
  it("answers with that person instead of refusing the email as taken", async () => {
    const admin = await buildPerson({ role: "admin", teamId: author.teamId });
    const input = { name: "Sent twice", email: "sent.twice@example.test", teamId: author.teamId, role: "employee", submissionKey: "k".repeat(24) };
    const once = onceFor(admin.id, "person", input);
    const first = await personAddedElsewhere(input.email);
    await inAnotherProcess((other) =>
      other.commit({ type: "person.updated", actorId: admin.id, subject: { kind: "person", id: first.id } }, rememberSubmission(once, first.id, first.createdAt)),
    );
    const answer = await createPerson({ actor: admin, input });
    expect(answer.id).toBe(first.id);
    expect(peopleWithEmail(input.email)).toHaveLength(1);
  });
});
