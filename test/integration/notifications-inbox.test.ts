/**
 * The inbox and who is owed what, through real Requests against a real store: the unread count
 * in every page's navigation, the inbox newest first with paging, marking read, settings; the
 * notifications of decisions, comments and mentions, new standard versions and their reminder;
 * and account mail (an invitation, a forgotten password) received by a real SMTP server.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getStore } from "~/store/index.server";
import { MailSender } from "~/lib/mail.server";
import { Notifier, startNotifier, stopNotifier, unreadCount } from "~/models/notification.server";
import { closeReview, openReview } from "~/models/review.server";
import { addComment, submitProposal } from "~/models/proposal.server";
import { castVote } from "~/models/vote.server";
import { acknowledgeStandard } from "~/models/acknowledgement.server";
import type { Actor } from "~/models/actor";
import * as root from "~/root";
import * as inbox from "~/routes/inbox";
import * as settings from "~/routes/account_.notifications";
import * as adminPeopleNew from "~/routes/admin.people.new";
import * as resetPassword from "~/routes/reset-password";
import * as forgotPassword from "~/routes/forgot-password";
import * as outbox from "~/routes/admin.outbox._index";
import * as outboxMessage from "~/routes/admin.outbox.$deliveryId";
import { buildPerson, buildPolicy, buildPublishedStandard, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { startSmtp, type TestSmtp } from "../support/smtp";

type Person = Actor & { email: string; password: string };

let smtp: TestSmtp;
let clock: ReturnType<typeof fixedClock>;
let notifier: Notifier;
let sender: MailSender;
let manager: Person;
let admin: Person;
let alice: Person;
let bob: Person;
let teamId: string;

async function settle() {
  await notifier.idle();
  return sender.drain();
}

beforeEach(async () => {
  smtp = await startSmtp();
  const { store } = await openTestStore();
  clock = fixedClock("2026-03-02T09:00:00.000Z");
  store.clock = clock;
  teamId = (await buildTeam({ name: "Support" })).id;
  manager = await buildPerson({ teamId, role: "manager", name: "Mara Manager" });
  admin = await buildPerson({ role: "admin", name: "Ada Admin" });
  alice = await buildPerson({ teamId, name: "Alice Aerts", email: "alice@example.test" });
  bob = await buildPerson({ teamId, name: "Bob Bakker", email: "bob.bakker@example.test" });
  notifier = await startNotifier(store, { fromStart: true });
  sender = new MailSender({ smtpUrl: smtp.url, from: "Untangle <untangle@example.test>", appUrl: "http://untangle.test" });
});

afterEach(async () => {
  stopNotifier();
  await sender.stop();
  await closeTestStore();
  await smtp.close();
});

describe("the inbox", () => {
  it("shows the unread count on every page, lists newest first a page at a time, and marks read", async () => {
    const policy = await buildPolicy(manager);
    for (let i = 1; i <= 23; i++) {
      clock.set(`2026-03-02T09:${String(i).padStart(2, "0")}:00.000Z`);
      await openReview({ actor: manager, input: { title: `Review ${i}`, policyIds: [policy.id], deadline: "2026-04-20" } });
    }
    await notifier.idle();
    const cookie = await sessionCookie(alice.email, alice.password);

    const page = await body(await call(root.loader, get("/standards", cookie)));
    expect(page.user.unread).toBe(23);

    const first = await body(await call(inbox.loader, get("/inbox", cookie)));
    expect(first.pages).toBe(2);
    expect(first.rows).toHaveLength(20);
    expect(first.rows[0].title).toBe("Your vote is needed: Review 23");
    expect(first.rows[19].title).toBe("Your vote is needed: Review 4");
    expect(first.rows[0].reason).toBe("You receive this because you may vote in this review.");
    const second = await body(await call(inbox.loader, get("/inbox?page=2", cookie)));
    expect(second.rows.map((r: { title: string }) => r.title)).toEqual(["Your vote is needed: Review 3", "Your vote is needed: Review 2", "Your vote is needed: Review 1"]);

    // Open: marked read and straight to the review.
    const opened = await call(inbox.action, post("/inbox", { intent: "read", id: first.rows[0].id, next: "open" }, cookie));
    expect(opened.status).toBe(303);
    expect(opened.headers.get("Location")).toMatch(/^\/reviews\//);
    expect(unreadCount(alice.id)).toBe(22);

    // Someone else's notification is not theirs to mark.
    const bobCookie = await sessionCookie(bob.email, bob.password);
    const foreign = await call(inbox.action, post("/inbox", { intent: "read", id: first.rows[1].id }, bobCookie));
    expect(foreign.status).toBe(403);
    expect(unreadCount(alice.id)).toBe(22);
    expect((await call(inbox.action, post("/inbox", { intent: "explode" }, cookie))).status).toBe(400);

    const all = await call(inbox.action, post("/inbox", { intent: "read-all" }, cookie));
    expect(all.status).toBe(302);
    expect(unreadCount(alice.id)).toBe(0);
    expect((await body(await call(root.loader, get("/", cookie)))).user.unread).toBe(0);
    expect(unreadCount(bob.id)).toBe(23);
  });

  it("settings: one choice per kind, refused when not one of the four", async () => {
    const cookie = await sessionCookie(alice.email, alice.password);
    const loaded = await body(await call(settings.loader, get("/account/notifications", cookie)));
    expect(loaded.channels["review-opened"]).toBe("email");
    expect(loaded.channels["friction-reported"]).toBe("weekly");
    const bad = await call(settings.action, post("/account/notifications", { ...loaded.channels, comment: "carrier-pigeon" }, cookie));
    expect(bad.status).toBe(400);
    const ok = await call(settings.action, post("/account/notifications", { ...loaded.channels, comment: "daily" }, cookie));
    expect(ok.status).toBe(302);
    expect(getStore().data.notificationSettings[alice.id]?.channels.comment).toBe("daily");
  });
});

describe("who hears of what", () => {
  it("a decision reaches the proposal's author and its voters; a comment its author; a mention the person named", async () => {
    const policy = await buildPolicy(manager, { title: "Receipts for everything" });
    const carol = await buildPerson({ teamId, name: "Carol Claes" });
    const review = await openReview({ actor: manager, input: { title: "Receipts", policyIds: [policy.id], deadline: "2026-03-20" } });
    const proposal = await submitProposal({ actor: alice, reviewId: review.id, input: { policyId: policy.id, kind: "relax-threshold", title: "Receipts above 25 only", reasoning: "Most are tiny." } });
    await castVote({ actor: bob, proposalId: proposal.id, input: { position: "agree" } });
    const said = await addComment({ actor: carol, proposalId: proposal.id, input: { body: "Good idea. @bob.bakker what does finance say? (and not @nobody)" } });
    // The mention links to the person it resolves to; one that resolves to nobody stays as typed.
    expect(said.bodyHtml).toContain(`<a href="/people/${bob.id}" rel="noopener noreferrer nofollow">@Bob Bakker</a> what does finance say?`);
    expect(said.bodyHtml).toContain("(and not @nobody)");
    await settle();
    const comment = smtp.to(alice.email).find((m) => m.subject?.startsWith("Carol Claes commented"));
    expect(comment?.subject).toBe("Carol Claes commented on your proposal “Receipts above 25 only”");
    const mention = smtp.to(bob.email).find((m) => m.subject?.includes("mentioned you"));
    expect(mention?.text).toContain("@bob.bakker what does finance say?");

    smtp.received.length = 0;
    await closeReview({ actor: manager, reviewId: review.id, confirmEarly: true, decisions: { [proposal.id]: { outcome: "adopted", rationale: "Clear saving for everyone involved." } } });
    await settle();
    expect(smtp.received.flatMap((m) => m.envelopeTo).sort()).toEqual([alice.email, bob.email].sort());
    expect(smtp.to(bob.email)[0].subject).toBe("Decision on “Receipts above 25 only”: adopted");
    expect(smtp.to(bob.email)[0].text).toContain("Clear saving for everyone involved.");
  });

  it("a new standard version reaches its team to acknowledge, with one reminder a week later for those who have not", async () => {
    const customerTeam = (await buildTeam({ name: "Sales" })).id;
    const standard = await buildPublishedStandard(manager, admin, { title: "Tickets answered within a day", customerTeamIds: [customerTeam] });
    await settle();
    const told = smtp.received.filter((m) => m.subject === "Please acknowledge: Tickets answered within a day").flatMap((m) => m.envelopeTo);
    expect(told.sort()).toEqual([alice.email, bob.email, manager.email].sort());

    await acknowledgeStandard({ actor: alice, standardId: standard.id });
    smtp.received.length = 0;
    clock.advanceDays(6);
    await notifier.sweep();
    await sender.drain();
    expect(smtp.received).toHaveLength(0);
    clock.advanceDays(2);
    await notifier.sweep();
    await notifier.sweep();
    await sender.drain();
    expect(smtp.received.map((m) => m.subject)).toEqual([
      "Reminder: please acknowledge Tickets answered within a day",
      "Reminder: please acknowledge Tickets answered within a day",
    ]);
    expect(smtp.received.flatMap((m) => m.envelopeTo).sort()).toEqual([bob.email, manager.email].sort());
  });
});

describe("account mail", () => {
  it("invites a person an admin adds to choose their own password, through a link that works once", async () => {
    const adminCookie = await sessionCookie(admin.email, admin.password);
    const added = await call(adminPeopleNew.action, post("/admin/people/new", { name: "Nina Nieuw", email: "nina@example.test", teamId, role: "employee" }, adminCookie));
    expect(added.status).toBe(302);
    await settle();
    const [mail] = smtp.to("nina@example.test");
    expect(mail.subject).toBe("You are invited to Untangle");
    expect(mail.text).toContain("Ada Admin added you to Untangle, in the team Support.");
    expect(mail.headerLines.some((h) => h.key === "list-unsubscribe")).toBe(false);
    const link = new URL(String(mail.text).match(/http:\/\/untangle\.test\/reset-password\?token=\S+/)![0]);

    expect((await call(resetPassword.loader, get(`${link.pathname}${link.search}`))).status).toBe(200);
    const mismatch = await call(resetPassword.action, post(`${link.pathname}${link.search}`, { newPassword: "nina-chooses-this-one", confirmPassword: "something-else-entirely" }));
    expect(mismatch.status).toBe(400);
    const set = await call(resetPassword.action, post(`${link.pathname}${link.search}`, { newPassword: "nina-chooses-this-one", confirmPassword: "nina-chooses-this-one" }));
    expect(set.status).toBe(302);
    expect(await sessionCookie("nina@example.test", "nina-chooses-this-one")).toBeTruthy();

    // Once only.
    expect((await call(resetPassword.loader, get(`${link.pathname}${link.search}`))).status).toBe(400);
    const again = await call(resetPassword.action, post(`${link.pathname}${link.search}`, { newPassword: "someone-else-tries-it", confirmPassword: "someone-else-tries-it" }));
    expect(again.status).toBe(400);
    expect(await sessionCookie("nina@example.test", "nina-chooses-this-one")).toBeTruthy();

    // Admins see it in the outbox, as it was sent, with its log.
    const list = await body(await call(outbox.loader, get("/admin/outbox", adminCookie)));
    const row = list.rows.find((r: { to: string }) => r.to === "nina@example.test");
    expect(row).toMatchObject({ subject: "You are invited to Untangle", state: "sent" });
    const shown = await body(await call(outboxMessage.loader, get(`/admin/outbox/${encodeURIComponent(row.id)}`, adminCookie), { deliveryId: row.id }));
    expect(shown.text).toContain("Choose your password");
    expect(shown.log.map((l: { state: string }) => l.state)).toEqual(["queued", "sent"]);
    const aliceCookie = await sessionCookie(alice.email, alice.password);
    expect((await call(outbox.loader, get("/admin/outbox", aliceCookie))).status).toBe(403);
  });

  it("sends a reset link for a forgotten password without revealing whether the address has an account; it expires in an hour", async () => {
    const known = await call(forgotPassword.action, post("/forgot-password", { email: "ALICE@example.test" }));
    const unknown = await call(forgotPassword.action, post("/forgot-password", { email: "nobody@example.test" }));
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(await body(known)).toEqual(await body(unknown).then((b) => ({ ...b, values: { email: "ALICE@example.test" } })));
    await settle();
    expect(smtp.received.flatMap((m) => m.envelopeTo)).toEqual([alice.email]);
    const link = new URL(String(smtp.received[0].text).match(/http:\/\/untangle\.test\/reset-password\?token=\S+/)![0]);
    clock.set(new Date(clock.now().getTime() + 61 * 60_000).toISOString());
    expect((await call(resetPassword.loader, get(`${link.pathname}${link.search}`))).status).toBe(400);
    const late = await call(resetPassword.action, post(`${link.pathname}${link.search}`, { newPassword: "too-late-for-this-one", confirmPassword: "too-late-for-this-one" }));
    expect(late.status).toBe(400);
    expect(await sessionCookie(alice.email, alice.password)).toBeTruthy();
  });
});
