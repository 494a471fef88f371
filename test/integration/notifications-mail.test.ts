/**
 * Reaching people by mail, end to end: the notifier records what is owed, the sender delivers it
 * over SMTP to a real server in this process (smtp-server), and what arrives is read back with
 * mailparser — the right people, their language, links that resolve, unsubscribing without
 * signing in, digests grouped by kind, a refusing server that recovers, and a restart in the
 * middle of a batch.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeStore, getStore, openStore, put } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import { MailSender, backoffMs } from "~/lib/mail.server";
import { Notifier, RECORD_BATCH, startNotifier, stopNotifier } from "~/models/notification.server";
import { openReview } from "~/models/review.server";
import { submitProposal } from "~/models/proposal.server";
import { castVote } from "~/models/vote.server";
import { reportFriction } from "~/models/friction-report.server";
import { createPerson, setPersonActive } from "~/models/person.server";
import { hashPassword } from "~/lib/password.server";
import type { Actor } from "~/models/actor";
import * as reviewPage from "~/routes/reviews.$id._index";
import * as unsubscribeRoute from "~/routes/unsubscribe";
import * as settingsRoute from "~/routes/account_.notifications";
import * as outboxMessage from "~/routes/admin.outbox.$deliveryId";
import type { Policy } from "~/store/schema";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { startSmtp, type ReceivedMail, type TestSmtp } from "../support/smtp";

type Person = Actor & { email: string; password: string };

const APP = "http://untangle.test";
let smtp: TestSmtp;
let clock: ReturnType<typeof fixedClock>;
let notifier: Notifier;
let sender: MailSender;
let dir: string;
let manager: Person;
let alice: Person;
let bob: Person;
let carol: Person;
let policy: Policy;

async function startMail(store: Store) {
  notifier = await startNotifier(store, { fromStart: true });
  sender = new MailSender({ smtpUrl: smtp.url, from: "Untangle <untangle@example.test>", appUrl: APP });
}

/** Lets the notifier record everything owed, then sends what is due. */
async function deliver() {
  await notifier.idle();
  return sender.drain();
}

/** A header as it was written in the message. */
function header(mail: ReceivedMail, name: string) {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line ?? "";
  return line.slice(line.indexOf(":") + 1).replace(/\r?\n\s+/g, " ").trim();
}

function unsubscribeUrlOf(mail: ReceivedMail) {
  return header(mail, "List-Unsubscribe").replace(/^<|>$/g, "");
}

function linksIn(mail: ReceivedMail) {
  return [...String(mail.text).matchAll(/http:\/\/untangle\.test(\/[^\s]*)/g)].map((m) => m[1]);
}

async function open(title = "Simplify refunds") {
  return openReview({ actor: manager, input: { title, policyIds: [policy.id], deadline: "2026-03-20" } });
}

beforeEach(async () => {
  smtp = await startSmtp();
  ({ dir } = await openTestStore());
  clock = fixedClock("2026-03-02T09:00:00.000Z");
  getStore().clock = clock;
  const team = await buildTeam({ name: "Support" });
  manager = await buildPerson({ teamId: team.id, role: "manager", name: "Mara Manager" });
  alice = await buildPerson({ teamId: team.id, name: "Alice Aerts" });
  bob = await buildPerson({ teamId: team.id, name: "Bob Bakker" });
  carol = await buildPerson({ teamId: team.id, name: "Carol Claes" });
  // Alice reads Untangle in Dutch.
  const store = getStore();
  await store.commit({ type: "person.updated", actorId: null, subject: { kind: "person", id: alice.id } }, [put("people", { ...store.data.people[alice.id], locale: "nl" })]);
  policy = await buildPolicy(manager, { title: "Refunds over 50 need approval" });
  await startMail(store);
  await deliver(); // nothing owed yet
  smtp.received.length = 0;
});

afterEach(async () => {
  stopNotifier();
  await sender.stop();
  await closeTestStore();
  await smtp.close();
});

describe("a review opening", () => {
  it("mails everyone who may vote — once each, in their language, with the deadline, why, and links that resolve", async () => {
    const admin = await buildPerson({ role: "admin" });
    await setPersonActive({ actor: admin, personId: carol.id, active: false });
    const review = await open();
    const result = await deliver();

    // Everyone active except the manager who opened it; never Carol, who left.
    const expected = [alice.email, bob.email, admin.email].sort();
    expect(smtp.received.flatMap((m) => m.envelopeTo).sort()).toEqual(expected);
    expect(result.sent).toBe(3);

    const [toBob] = smtp.to(bob.email);
    expect(toBob.subject).toBe("Your vote is needed: Simplify refunds");
    expect(toBob.text).toContain("Refunds over 50 need approval");
    expect(toBob.text).toContain("Mar 20, 2026");
    expect(toBob.text).toContain("You receive this because you may vote in this review.");
    expect(toBob.html).toContain("<strong>Your vote is needed: Simplify refunds</strong>");
    expect(toBob.html).not.toMatch(/<img|pixel|utm_/i); // no tracking
    expect(header(toBob, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(unsubscribeUrlOf(toBob)).toMatch(/^http:\/\/untangle\.test\/unsubscribe\?token=/);

    const [toAlice] = smtp.to(alice.email);
    expect(toAlice.subject).toBe("Je stem is nodig: Simplify refunds");
    expect(toAlice.text).toContain("Hallo Alice Aerts,");
    expect(toAlice.text).toContain("20 mrt 2026");

    // The link goes straight to the review, and the review page answers it.
    const link = linksIn(toBob).find((l) => l.startsWith("/reviews/"))!;
    expect(link).toBe(`/reviews/${review.id}`);
    const cookie = await sessionCookie(bob.email, bob.password);
    const page = await call(reviewPage.loader, get(link, cookie), { id: review.id });
    expect(page.status).toBe(200);

    // A second look changes nothing: each notification is recorded and sent once.
    await notifier.sweep();
    const again = await deliver();
    expect(again.sent).toBe(0);
    expect(smtp.received).toHaveLength(3);
    expect(Object.values(getStore().data.notifications).filter((n) => n.kind === "review-opened")).toHaveLength(3);
  });

  it("is skipped at send time for someone who left between recording and sending", async () => {
    const admin = await buildPerson({ role: "admin" });
    await deliver();
    smtp.received.length = 0;
    await open();
    await notifier.idle();
    await setPersonActive({ actor: admin, personId: bob.id, active: false });
    await sender.drain();
    expect(smtp.to(bob.email)).toHaveLength(0);
    const delivery = getStore().data.deliveries[`mail:review-opened:${Object.values(getStore().data.reviews)[0].id}:${bob.id}`];
    expect(delivery.state).toBe("skipped");
    expect(delivery.log.at(-1)?.reason).toBe("the person is no longer active");
  });
});

describe("unsubscribing", () => {
  it("works in one click without signing in, stops that kind's mail and keeps the inbox", async () => {
    await open("First review");
    await deliver();
    const [mail] = smtp.to(bob.email);
    const url = new URL(unsubscribeUrlOf(mail));
    expect(url.origin).toBe(APP);

    // Opening the link changes nothing (mail scanners open links); the page asks.
    const page = await call(unsubscribeRoute.loader, get(`${url.pathname}${url.search}`));
    expect(page.status).toBe(200);
    expect(getStore().data.notificationSettings[bob.id]).toBeUndefined();

    // RFC 8058: a POST to the same address with List-Unsubscribe=One-Click, no cookie.
    const oneClick = new Request(url, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const done = await call(unsubscribeRoute.action, oneClick);
    expect(done.status).toBe(200);
    expect(getStore().data.notificationSettings[bob.id]?.channels["review-opened"]).toBe("app");

    smtp.received.length = 0;
    await open("Second review");
    await deliver();
    expect(smtp.to(bob.email)).toHaveLength(0);
    expect(smtp.to(alice.email)).toHaveLength(1);
    const bobs = Object.values(getStore().data.notifications).filter((n) => n.personId === bob.id && n.kind === "review-opened");
    expect(bobs).toHaveLength(2); // both still in the inbox
  });

  it("refuses a forged, altered or expired token with a plain page and changes nothing", async () => {
    await open();
    await deliver();
    const token = new URL(unsubscribeUrlOf(smtp.to(bob.email)[0])).searchParams.get("token")!;
    const [body, mac] = token.split(".");
    const payload = JSON.parse(Buffer.from(body, "base64url").toString());
    const altered = `${Buffer.from(JSON.stringify({ ...payload, s: alice.id })).toString("base64url")}.${mac}`;
    for (const bad of [altered, `${body}.${"A".repeat(mac.length)}`, "nonsense", ""]) {
      const res = await call(unsubscribeRoute.action, post(`/unsubscribe?token=${encodeURIComponent(bad)}`, { "List-Unsubscribe": "One-Click" }));
      expect(res.status).toBe(400);
      expect((await call(unsubscribeRoute.loader, get(`/unsubscribe?token=${encodeURIComponent(bad)}`))).status).toBe(400);
    }
    clock.advanceDays(91);
    const expired = await call(unsubscribeRoute.action, post(`/unsubscribe?token=${encodeURIComponent(token)}`, {}));
    expect(expired.status).toBe(400);
    expect(getStore().data.notificationSettings[bob.id]).toBeUndefined();
    expect(getStore().data.notificationSettings[alice.id]).toBeUndefined();
  });
});

describe("a server that refuses mail", () => {
  it("is retried with backoff until it recovers: nothing lost, nothing doubled", async () => {
    smtp.refusing = true;
    await open();
    const first = await deliver();
    expect(first.failed).toBe(3);
    expect(smtp.received).toHaveLength(0);
    const queued = Object.values(getStore().data.deliveries).filter((d) => d.state === "queued");
    expect(queued).toHaveLength(3);
    for (const d of queued) {
      expect(d.attempts).toBe(1);
      expect(d.log.at(-1)).toMatchObject({ state: "retrying" });
      expect(d.log.at(-1)?.reason).toMatch(/^451 /);
    }

    // Not before the backoff has passed.
    smtp.refusing = false;
    expect((await sender.drain()).sent).toBe(0);
    clock.set(new Date(clock.now().getTime() + backoffMs(1)).toISOString());
    const second = await sender.drain();
    expect(second.sent).toBe(3);
    expect(smtp.received).toHaveLength(3);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(3);
    for (const d of Object.values(getStore().data.deliveries)) {
      expect(d.state).toBe("sent");
      expect(d.log.map((l) => l.state)).toEqual(["queued", "retrying", "sent"]);
    }
    clock.advanceDays(1);
    expect((await sender.drain()).sent).toBe(0);
    expect(smtp.received).toHaveLength(3);
  });

  it("gives up after eight attempts and says why", async () => {
    smtp.refusing = true;
    await open();
    await notifier.idle();
    for (let attempt = 1; attempt <= 8; attempt++) {
      await sender.drain();
      clock.set(new Date(clock.now().getTime() + backoffMs(attempt)).toISOString());
    }
    const all = Object.values(getStore().data.deliveries);
    expect(all.every((d) => d.state === "failed" && d.attempts === 8)).toBe(true);
    expect(all[0].log.at(-1)?.reason).toMatch(/451/);
    smtp.refusing = false;
    await sender.drain();
    expect(smtp.received).toHaveLength(0);

    // An admin sends one again once the server is fixed: one more attempt, and the log says so.
    const admin = await buildPerson({ role: "admin" });
    const adminCookie = await sessionCookie(admin.email, admin.password);
    const failed = all.find((d) => d.personId === bob.id)!;
    const path = `/admin/outbox/${encodeURIComponent(failed.id)}`;
    const shown = await body(await call(outboxMessage.loader, get(path, adminCookie), { deliveryId: failed.id }));
    expect(shown).toMatchObject({ state: "failed", attempts: 8, lastReason: expect.stringMatching(/^451 /) });
    const bobCookie = await sessionCookie(bob.email, bob.password);
    expect((await call(outboxMessage.action, post(path, { intent: "retry" }, bobCookie), { deliveryId: failed.id })).status).toBe(403);
    const retried = await call(outboxMessage.action, post(path, { intent: "retry" }, adminCookie), { deliveryId: failed.id });
    expect(retried.status).toBe(302);
    await sender.drain();
    expect(smtp.received.flatMap((m) => m.envelopeTo)).toEqual([bob.email]);
    const after = getStore().data.deliveries[failed.id];
    expect(after.state).toBe("sent");
    expect(after.log.slice(-3).map((l) => l.state)).toEqual(["failed", "queued", "sent"]);
    // Only a failed mail is sent again.
    expect((await call(outboxMessage.action, post(path, { intent: "retry" }, adminCookie), { deliveryId: failed.id })).status).toBe(409);
    expect((await call(outboxMessage.action, post(path, { intent: "explode" }, adminCookie), { deliveryId: failed.id })).status).toBe(400);
  });
});

/** The process dies: from now on nothing reaches the disk; what was acknowledged before is kept. */
let crashed: Promise<void> = Promise.resolve();
function crash(store: Store) {
  store.commit = () => Promise.reject(new Error("the process died"));
  crashed = closeStore();
}

describe("a restart", () => {
  async function restart() {
    stopNotifier();
    await sender.stop();
    await crashed;
    await closeStore();
    const store = await openStore(dir);
    store.clock = clock;
    await startMail(store);
    return store;
  }

  it("in the middle of recording a large fan-out records the rest, once each", async () => {
    const hash = await hashPassword("a-password-for-many");
    const team = await buildTeam();
    for (let i = 0; i < RECORD_BATCH + 150; i++) {
      await createPerson({ actor: null, passwordHash: hash, input: { name: `Voter ${i}`, email: `voter-${i}@example.test`, teamId: team.id, role: "employee", password: "unused-but-valid-1" } });
    }
    await notifier.idle();
    const store = getStore();
    // Stop the process right after the first batch is on disk.
    let batches = 0;
    store.subscribe((event) => {
      if (event.type === "notifications.recorded" && ++batches === 1) crash(store);
    });
    const review = await open();
    await notifier.idle().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    const reopened = await restart();
    const recordedBefore = Object.keys(reopened.data.notifications).length;
    expect(recordedBefore).toBe(RECORD_BATCH);
    await notifier.idle();
    const owed = Object.values(reopened.data.notifications).filter((n) => n.kind === "review-opened" && n.id.includes(review.id));
    const eligible = Object.values(reopened.data.people).filter((p) => p.active && p.id !== manager.id).length;
    expect(owed).toHaveLength(eligible);
    expect(new Set(owed.map((n) => n.personId)).size).toBe(eligible);
    expect(Object.values(reopened.data.deliveries)).toHaveLength(eligible);
  });

  it("in the middle of sending resends at most the one mail in flight", async () => {
    const hash = await hashPassword("a-password-for-many");
    const team = await buildTeam();
    for (let i = 0; i < 12; i++) {
      await createPerson({ actor: null, passwordHash: hash, input: { name: `Voter ${i}`, email: `voter-${i}@example.test`, teamId: team.id, role: "employee", password: "unused-but-valid-1" } });
    }
    await open();
    await notifier.idle();
    const total = Object.keys(getStore().data.deliveries).length;
    // The process dies as the server accepts the fifth message: before the sender could mark it sent.
    const store = getStore();
    smtp.onMessage = (count) => {
      if (count === 5) crash(store);
    };
    await sender.drain().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    smtp.onMessage = undefined;
    expect(smtp.received.length).toBe(5);
    await restart();
    await sender.drain();
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(total); // everyone got theirs
    expect(ids.length).toBeLessThanOrEqual(total + 1); // at most the one in flight twice
    expect(Object.values(getStore().data.deliveries).every((d) => d.state === "sent")).toBe(true);
  });
});

describe("digests", () => {
  it("gather a day's or a week's notifications by kind, and are not sent when empty", async () => {
    const cookie = await sessionCookie(bob.email, bob.password);
    const choose = { ...Object.fromEntries(Object.entries({})), "review-opened": "daily", "review-closing": "app", "proposal-decided": "email", acknowledgement: "email", "policy-due": "weekly", comment: "email", "friction-reported": "weekly", "pulse-opened": "app", "standard-health": "email", "follow-up": "email" };
    const saved = await call(settingsRoute.action, post("/account/notifications", choose, cookie));
    expect(saved.status).toBe(302);
    const bobPolicy = await buildPolicy(manager, { title: "Bob's travel rule", ownerId: bob.id });
    await open("Review one");
    await reportFriction({ actor: alice, policyId: bobPolicy.id, input: { minutesLost: "30", effort: "4", what: "Three forms for one trip" } });
    await reportFriction({ actor: carol, policyId: bobPolicy.id, input: { minutesLost: "15", effort: "3", what: "Waited for a signature" } });
    await deliver();
    expect(smtp.to(bob.email)).toHaveLength(0); // nothing at once

    // Tuesday 07:30: the daily digest has the review; friction waits for Monday's weekly.
    clock.set("2026-03-03T07:30:00.000Z");
    await notifier.sweep();
    await sender.drain();
    const daily = smtp.to(bob.email);
    expect(daily).toHaveLength(1);
    expect(daily[0].subject).toBe("Your daily summary from Untangle");
    expect(daily[0].text).toContain("== A review opens in which you may vote ==");
    expect(daily[0].text).toContain("Your vote is needed: Review one");
    expect(daily[0].text).not.toContain("Friction reported");
    expect(header(daily[0], "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");

    // Wednesday: nothing new, so no digest.
    clock.set("2026-03-04T07:30:00.000Z");
    await notifier.sweep();
    await sender.drain();
    expect(smtp.to(bob.email)).toHaveLength(1);

    // Monday: the weekly digest groups both friction reports under their kind.
    clock.set("2026-03-09T08:00:00.000Z");
    await notifier.sweep();
    await sender.drain();
    const weekly = smtp.to(bob.email).find((m) => m.subject === "Your weekly summary from Untangle")!;
    expect(weekly).toBeDefined();
    const text = String(weekly.text);
    expect(text.match(/== Friction reported on a policy you own ==/g)).toHaveLength(1);
    expect(text).toContain("30 minutes lost, effort 4 of 5. Three forms for one trip");
    expect(text).toContain("15 minutes lost, effort 3 of 5. Waited for a signature");
    // And once: another sweep the same week sends nothing more.
    await notifier.sweep();
    await sender.drain();
    expect(smtp.to(bob.email).filter((m) => m.subject === "Your weekly summary from Untangle")).toHaveLength(1);
  });
});

describe("reminders from the clock", () => {
  it("remind those who have not voted once, 48 hours before the deadline, however many sweeps", async () => {
    const review = await open();
    const proposal = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "Say it plainly", reasoning: "Shorter." } });
    await castVote({ actor: bob, proposalId: proposal.id, input: { position: "agree" } });
    await deliver();
    smtp.received.length = 0;

    clock.set("2026-03-18T12:00:00.000Z"); // more than 48 h before the end of the 20th
    await notifier.sweep();
    await sender.drain();
    expect(smtp.received).toHaveLength(0);

    clock.set("2026-03-19T09:00:00.000Z");
    for (let i = 0; i < 3; i++) {
      await notifier.sweep();
      await sender.drain();
    }
    const to = smtp.received.flatMap((m) => m.envelopeTo).sort();
    expect(to).toEqual([alice.email, carol.email].sort()); // Bob voted; the manager opened it
    expect(smtp.to(carol.email)[0].subject).toBe("Closing soon: Simplify refunds");
  });

  it("tell an owner 14 days before a policy is due, then weekly once overdue", async () => {
    const store = getStore();
    await store.commit({ type: "policy.revised", actorId: null, subject: { kind: "policy", id: policy.id } }, [
      put("policies", { ...store.data.policies[policy.id], lastReviewedOn: "2025-03-20" }),
    ]);
    clock.set("2026-03-07T09:00:00.000Z");
    await notifier.sweep();
    await notifier.sweep();
    await sender.drain();
    expect(smtp.to(manager.email).map((m) => m.subject)).toEqual(["Due for review on Mar 20, 2026: Refunds over 50 need approval"]);
    clock.set("2026-03-21T09:00:00.000Z");
    await notifier.sweep();
    clock.set("2026-03-24T09:00:00.000Z");
    await notifier.sweep();
    await sender.drain();
    expect(smtp.to(manager.email).map((m) => m.subject)).toEqual([
      "Due for review on Mar 20, 2026: Refunds over 50 need approval",
      "Overdue for review: Refunds over 50 need approval",
    ]);
    clock.set("2026-03-28T09:00:00.000Z");
    await notifier.sweep();
    await sender.drain();
    expect(smtp.to(manager.email)).toHaveLength(3);
  });
});
