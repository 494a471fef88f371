/**
 * Did the change work? Through real Requests against a real store, and real mail to a real SMTP
 * server: sixty days after an adopted change takes effect (at the decision, or when its tracked
 * implementation is done), those who reported friction on the policy before are asked, once; the
 * link opens a follow-up form of its own (effort 1–5, minutes lost) that only they may answer;
 * the policy page and the dashboard show the friction the decision predicted beside what the
 * follow-up answers measured.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getStore } from "~/store/index.server";
import { MailSender } from "~/lib/mail.server";
import { Notifier, startNotifier, stopNotifier } from "~/models/notification.server";
import { closeReview, openReview, updateImplementation } from "~/models/review.server";
import { submitProposal } from "~/models/proposal.server";
import { reportFriction } from "~/models/friction-report.server";
import type { Actor } from "~/models/actor";
import type { Policy, Proposal } from "~/store/schema";
import * as followUpRoute from "~/routes/follow-ups.$proposalId";
import * as policyPage from "~/routes/policies.$slug";
import * as dashboard from "~/routes/dashboard._index";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { startSmtp, type TestSmtp } from "../support/smtp";

type Person = Actor & { email: string; password: string };

let smtp: TestSmtp;
let clock: ReturnType<typeof fixedClock>;
let notifier: Notifier;
let sender: MailSender;
let manager: Person;
let alice: Person;
let bob: Person;
let carol: Person;
let policy: Policy;

const SUBJECT = "Did the change work? Two signatures for travel";

beforeEach(async () => {
  smtp = await startSmtp();
  const { store } = await openTestStore();
  clock = fixedClock("2026-01-05T09:00:00.000Z");
  store.clock = clock;
  const teamId = (await buildTeam({ name: "Support" })).id;
  manager = await buildPerson({ teamId, role: "manager", name: "Mara Manager" });
  alice = await buildPerson({ teamId, name: "Alice Aerts" });
  bob = await buildPerson({ teamId, name: "Bob Bakker" });
  carol = await buildPerson({ teamId, name: "Carol Claes" });
  policy = await buildPolicy(manager, { title: "Two signatures for travel", occurrencesPerMonth: 60, activeMinutes: 10, waitingMinutes: 50 });
  notifier = await startNotifier(store, { fromStart: true });
  sender = new MailSender({ smtpUrl: smtp.url, from: "Untangle <untangle@example.test>", appUrl: "http://untangle.test" });
});

afterEach(async () => {
  stopNotifier();
  await sender.stop();
  await closeTestStore();
  await smtp.close();
});

async function sweepAndSend() {
  await notifier.idle();
  await notifier.sweep();
  await notifier.sweep();
  await sender.drain();
}

const asked = () => smtp.received.filter((m) => m.subject === SUBJECT).flatMap((m) => m.envelopeTo).sort();

/** Alice and Carol report friction; Bob proposes one signature instead of two; it is adopted. */
async function adoptOneSignature(): Promise<Proposal> {
  await reportFriction({ actor: alice, policyId: policy.id, input: { minutesLost: "90", effort: "5", what: "Chased two signatures" } });
  await reportFriction({ actor: carol, policyId: policy.id, input: { minutesLost: "60", effort: "4", what: "Waited two days" } });
  clock.advanceDays(1);
  const review = await openReview({ actor: manager, input: { title: "Travel", policyIds: [policy.id], deadline: "2026-01-30" } });
  const proposal = await submitProposal({
    actor: bob,
    reviewId: review.id,
    input: { policyId: policy.id, kind: "delegate", title: "One signature will do", reasoning: "Half the waiting.", occurrencesPerMonth: "60", steps: "3", approvals: "1", handoffs: "1", activeMinutes: "10", waitingMinutes: "20" },
  });
  await closeReview({ actor: manager, reviewId: review.id, confirmEarly: true, decisions: { [proposal.id]: { outcome: "adopted", rationale: "Worth trying." } } });
  await notifier.idle();
  await sender.drain();
  smtp.received.length = 0;
  return getStore().data.proposals[proposal.id];
}

describe("did the change work?", () => {
  it("asks sixty days after the change takes effect — when its implementation is done — those who reported friction, once each", async () => {
    const proposal = await adoptOneSignature();
    expect(proposal.implementation).toBe("planned");

    // Sixty days after the decision the change is not in effect yet: nobody is asked.
    clock.advanceDays(61);
    await sweepAndSend();
    expect(asked()).toEqual([]);

    // Done today: it takes effect now, and the follow-up counts from here.
    await updateImplementation({ actor: manager, proposalId: proposal.id, status: "done" });
    expect(getStore().data.proposals[proposal.id].implementedAt).toBe(clock.now().toISOString());
    clock.advanceDays(59);
    await sweepAndSend();
    expect(asked()).toEqual([]);

    // A report made after the change took effect does not make Bob one of those asked.
    await reportFriction({ actor: bob, policyId: policy.id, input: { minutesLost: "10", effort: "2", what: "Quick now" } });
    clock.advanceDays(2);
    await sweepAndSend();
    await sweepAndSend();
    expect(asked()).toEqual([alice.email, carol.email].sort());
    const mail = smtp.to(alice.email).find((m) => m.subject === SUBJECT)!;
    expect(mail.text).toContain(`http://untangle.test/follow-ups/${proposal.id}`);
    expect(mail.text).toContain("You receive this because you reported friction on this policy.");

    // Past the follow-up's last day nothing more is asked.
    clock.advanceDays(70);
    await sweepAndSend();
    expect(asked()).toHaveLength(2);
  });

  it("an adoption without tracked implementation takes effect at the decision; whoever has answered gets no mail", async () => {
    await reportFriction({ actor: alice, policyId: policy.id, input: { minutesLost: "20", effort: "3", what: "Long words" } });
    await reportFriction({ actor: carol, policyId: policy.id, input: { minutesLost: "25", effort: "3", what: "Could not find the form" } });
    clock.advanceDays(1);
    const review = await openReview({ actor: manager, input: { title: "Wording", policyIds: [policy.id], deadline: "2026-01-30" } });
    const proposal = await submitProposal({ actor: bob, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "Say it plainly", reasoning: "Shorter." } });
    await closeReview({ actor: manager, reviewId: review.id, confirmEarly: true, decisions: { [proposal.id]: { outcome: "adopted", rationale: "Clearer." } } });
    expect(getStore().data.proposals[proposal.id].implementation).toBeNull();
    await notifier.idle();
    await sender.drain();
    smtp.received.length = 0;

    clock.advanceDays(61);
    await notifier.sweep();
    // Carol answers between the reminder being recorded and its mail going out.
    const carolCookie = await sessionCookie(carol.email, carol.password);
    const answered = await call(followUpRoute.action, post(`/follow-ups/${proposal.id}`, { minutesLost: "5", effort: "1", what: "" }, carolCookie), { proposalId: proposal.id });
    expect(answered.status).toBe(302);
    await sender.drain();
    expect(asked()).toEqual([alice.email]);
    const skipped = getStore().data.deliveries[`mail:follow-up:${proposal.id}:${carol.id}`];
    expect(skipped.state).toBe("skipped");
    expect(skipped.log.at(-1)?.reason).toBe("the person has answered");
    // Her answer marked her follow-up read.
    expect(getStore().data.notifications[`follow-up:${proposal.id}:${carol.id}`].readAt).not.toBeNull();
  });

  it("the follow-up form takes effort and minutes from those asked only, and the policy page and dashboard show predicted beside measured", async () => {
    const proposal = await adoptOneSignature();
    await updateImplementation({ actor: manager, proposalId: proposal.id, status: "done" });
    let aliceCookie = await sessionCookie(alice.email, alice.password);
    const path = `/follow-ups/${proposal.id}`;
    const params = { proposalId: proposal.id };

    // Before sixty days: the page says when it opens; answering is refused.
    const early = await body(await call(followUpRoute.loader, get(path, aliceCookie), params));
    expect(early.state).toBe("not-yet");
    expect((await call(followUpRoute.action, post(path, { minutesLost: "30", effort: "2" }, aliceCookie), params)).status).toBe(409);

    clock.advanceDays(60);
    aliceCookie = await sessionCookie(alice.email, alice.password);
    const bobCookie = await sessionCookie(bob.email, bob.password);
    // The policy page offers Alice the form; Bob, who was not asked, does not get it.
    const offered = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, aliceCookie), { slug: policy.slug }));
    expect(offered.changeChecks[0].canAnswer).toBe(true);
    const notOffered = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, bobCookie), { slug: policy.slug }));
    expect(notOffered.changeChecks[0].canAnswer).toBe(false);
    const page = await body(await call(followUpRoute.loader, get(path, aliceCookie), params));
    expect(page).toMatchObject({
      state: "open",
      policy: { slug: policy.slug, title: "Two signatures for travel" },
      predicted: { minutesBefore: 60, minutesAfter: 30, hoursRemoved: 30 },
      yourBefore: { reports: 1, minutesLost: 90, effort: 5 },
      answer: null,
    });

    // Bob never reported friction before: not his to answer.
    expect((await body(await call(followUpRoute.loader, get(path, bobCookie), params))).state).toBe("not-asked");
    expect((await call(followUpRoute.action, post(path, { minutesLost: "1", effort: "1" }, bobCookie), params)).status).toBe(403);
    // Nothing that is not an adopted change; nothing without signing in.
    expect((await call(followUpRoute.loader, get("/follow-ups/nope", aliceCookie), { proposalId: "nope" })).status).toBe(404);
    expect((await call(followUpRoute.loader, get(path), params)).status).toBe(302);

    // Bad input is answered beside the fields.
    const bad = await call(followUpRoute.action, post(path, { minutesLost: "-3", effort: "9" }, aliceCookie), params);
    expect(bad.status).toBe(400);
    expect(Object.keys((await body(bad)).errors).sort()).toEqual(["effort", "minutesLost"]);

    const done = await call(followUpRoute.action, post(path, { minutesLost: "40", effort: "3", what: "Better" }, aliceCookie), params);
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/policies/${policy.slug}#friction-reports`);
    // Answering again changes the answer; it stays one.
    await call(followUpRoute.action, post(path, { minutesLost: "30", effort: "2", what: "One signature, quick" }, aliceCookie), params);
    const carolCookie = await sessionCookie(carol.email, carol.password);
    await call(followUpRoute.action, post(path, { minutesLost: "20", effort: "2" }, carolCookie), params);
    const answers = Object.values(getStore().data.frictionReports).filter((r) => r.followUpOf === proposal.id);
    expect(answers).toHaveLength(2);
    expect((await body(await call(followUpRoute.loader, get(path, aliceCookie), params))).answer).toMatchObject({ minutesLost: 30, effort: 2 });

    const expected = {
      proposalId: proposal.id,
      proposalTitle: "One signature will do",
      asked: 2,
      predicted: { minutesBefore: 60, minutesAfter: 30, hoursRemoved: 30, change: -0.5 },
      before: { reports: 2, minutesLost: 75, effort: 4.5 },
      followUp: { reports: 2, minutesLost: 25, effort: 2, change: -0.67 },
    };
    const shown = await body(await call(policyPage.loader, get(`/policies/${policy.slug}`, aliceCookie), { slug: policy.slug }));
    expect(shown.changeChecks).toEqual([expect.objectContaining(expected)]);
    expect(shown.reports.filter((r: { followUp: boolean }) => r.followUp)).toHaveLength(2);

    const managerCookie = await sessionCookie(manager.email, manager.password);
    const board = await body(await call(dashboard.loader, get("/dashboard", managerCookie)));
    expect(board.followUps.total).toBe(1);
    expect(board.followUps.answers).toBe(2);
    expect(board.followUps.items).toEqual([expect.objectContaining(expected)]);
    expect((await call(dashboard.loader, get("/dashboard", aliceCookie))).status).toBe(403);
  });
});
