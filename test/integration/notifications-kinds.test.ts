/**
 * Who hears of a standard falling to poor health and of a culture pulse, and how each person's
 * choice per kind is kept — through a real store and real mail to a real SMTP server.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getStore } from "~/store/index.server";
import { MailSender } from "~/lib/mail.server";
import { Notifier, RECORD_BATCH, startNotifier, stopNotifier } from "~/models/notification.server";
import { rateStandard } from "~/models/rating.server";
import { openPulse } from "~/models/pulse.server";
import { createPerson, setPersonActive } from "~/models/person.server";
import { openReview } from "~/models/review.server";
import { addComment, submitProposal } from "~/models/proposal.server";
import { reportFriction } from "~/models/friction-report.server";
import { hashPassword } from "~/lib/password.server";
import type { Actor } from "~/models/actor";
import { NOTIFICATION_KINDS, type NotificationKind } from "~/store/schema";
import * as settingsRoute from "~/routes/account_.notifications";
import * as inbox from "~/routes/inbox";
import * as colleague from "~/routes/people.$personId";
import { buildPerson, buildPolicy, buildPublishedStandard, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { startSmtp, type TestSmtp } from "../support/smtp";

type Person = Actor & { email: string; password: string };

let smtp: TestSmtp;
let clock: ReturnType<typeof fixedClock>;
let notifier: Notifier;
let sender: MailSender;
let admin: Person;
let manager: Person;
let providerTeam: string;
let customerTeam: string;

beforeEach(async () => {
  smtp = await startSmtp();
  const { store } = await openTestStore();
  clock = fixedClock("2026-03-02T09:00:00.000Z");
  store.clock = clock;
  providerTeam = (await buildTeam({ name: "Support" })).id;
  customerTeam = (await buildTeam({ name: "Sales" })).id;
  admin = await buildPerson({ role: "admin", name: "Ada Admin", teamId: customerTeam });
  manager = await buildPerson({ teamId: providerTeam, role: "manager", name: "Mara Manager" });
  notifier = await startNotifier(store, { fromStart: true });
  sender = new MailSender({ smtpUrl: smtp.url, from: "Untangle <untangle@example.test>", appUrl: "http://untangle.test" });
});

afterEach(async () => {
  stopNotifier();
  await sender.stop();
  await closeTestStore();
  await smtp.close();
});

async function deliver() {
  await notifier.idle();
  await sender.drain();
}

const ofKind = (kind: NotificationKind) => Object.values(getStore().data.notifications).filter((n) => n.kind === kind);

describe("a standard falls to poor health", () => {
  it("tells the managers of the team that promises it, only when a rating makes it fall", async () => {
    const otherManager = await buildPerson({ teamId: customerTeam, role: "manager", name: "Otto Other" });
    const member = await buildPerson({ teamId: providerTeam, name: "Pia Provider" });
    const secondManager = await buildPerson({ teamId: providerTeam, role: "manager", name: "Max Manager" });
    const raters = await Promise.all(["Rita", "Rob", "Ria", "Ron"].map((name) => buildPerson({ teamId: customerTeam, name: `${name} Rater` })));
    const standard = await buildPublishedStandard(manager, admin, { title: "Tickets answered within a day", customerTeamIds: [customerTeam] });
    await deliver();
    smtp.received.length = 0;
    const rate = (i: number, score: number) => rateStandard({ actor: raters[i], standardId: standard.id, input: { score: String(score), comment: "" } });
    const told = () => smtp.received.filter((m) => m.subject === "A standard your team promises is not kept: Tickets answered within a day").flatMap((m) => m.envelopeTo).sort();

    await rate(0, 5);
    await rate(1, 2); // 3.5: mostly kept
    await deliver();
    expect(told()).toEqual([]);

    // A third rating brings the average to 2.7: it falls. Both of the team's managers hear of it.
    await rate(2, 1);
    await deliver();
    expect(told()).toEqual([manager.email, secondManager.email].sort());
    expect(smtp.to(otherManager.email)).toHaveLength(0);
    expect(smtp.to(member.email)).toHaveLength(0);
    const [mail] = smtp.to(manager.email);
    expect(mail.text).toContain("2.7 of 5");
    expect(mail.text).toContain("You receive this because you manage the team that promises this standard.");

    // Next month it is still in poor health: another low rating does not make it fall again.
    smtp.received.length = 0;
    clock.set("2026-04-03T09:00:00.000Z");
    await rate(3, 1);
    await rate(0, 1);
    await deliver();
    expect(told()).toEqual([]);
    expect(ofKind("standard-health")).toHaveLength(2);

    // It recovers (Rita changes her mind this month), then a rating makes it fall again: told again.
    await rate(0, 5);
    await rate(1, 5);
    await rate(2, 5);
    await deliver();
    expect(told()).toEqual([]);
    await rate(2, 1);
    await rate(1, 1);
    await deliver();
    expect(told()).toEqual([manager.email, secondManager.email].sort());
    expect(ofKind("standard-health")).toHaveLength(4);
  });
});

describe("a culture pulse opens", () => {
  it("reaches everyone active in every team, however many, and only them", async () => {
    const hash = await hashPassword("a-password-for-many");
    for (let i = 0; i < RECORD_BATCH + 30; i++) {
      await createPerson({
        actor: null,
        passwordHash: hash,
        input: { name: `Member ${i}`, email: `member-${i}@example.test`, teamId: i % 2 ? providerTeam : customerTeam, role: "employee", password: "unused-but-valid-1" },
      });
    }
    const leaver = await buildPerson({ teamId: customerTeam, name: "Lea Leaver" });
    await setPersonActive({ actor: admin, personId: leaver.id, active: false });
    // One of them wants it by mail at once; the default is the inbox only.
    const emailer = await buildPerson({ teamId: providerTeam, name: "Emil Mailer" });
    const cookie = await sessionCookie(emailer.email, emailer.password);
    const settings = await body(await call(settingsRoute.loader, get("/account/notifications", cookie)));
    expect(settings.channels["pulse-opened"]).toBe("app");
    expect((await call(settingsRoute.action, post("/account/notifications", { ...settings.channels, "pulse-opened": "email" }, cookie))).status).toBe(302);

    await openPulse({ actor: admin, input: { title: "Spring pulse" } });
    await deliver();
    const active = Object.values(getStore().data.people).filter((p) => p.active);
    const reached = ofKind("pulse-opened").map((n) => n.personId).sort();
    expect(reached).toEqual(active.map((p) => p.id).sort());
    expect(reached).not.toContain(leaver.id);
    expect(smtp.received.map((m) => m.envelopeTo).flat()).toEqual([emailer.email]);
    expect(smtp.received[0].subject).toMatch(/^The culture pulse is open until /);

    const memberCookie = await sessionCookie("member-7@example.test", "a-password-for-many");
    const page = await body(await call(inbox.loader, get("/inbox", memberCookie)));
    expect(page.rows[0]).toMatchObject({ link: "/pulse", reason: "You receive this because the pulse is open for your team." });
  });
});

describe("each person's choice per kind", () => {
  it("is kept for every kind: in the app only, email at once, or a digest grouped by kind", async () => {
    const owner = await buildPerson({ teamId: providerTeam, name: "Olga Owner" });
    const colleague = await buildPerson({ teamId: providerTeam, name: "Cees Colleague" });
    const cookie = await sessionCookie(owner.email, owner.password);
    // Everything in the app only, except friction by mail at once and comments in a daily digest.
    const choice = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, "app"]));
    const saved = await call(settingsRoute.action, post("/account/notifications", { ...choice, "friction-reported": "email", comment: "daily" }, cookie));
    expect(saved.status).toBe(302);

    const policy = await buildPolicy(manager, { title: "Refund approvals", ownerId: owner.id });
    const review = await openReview({ actor: manager, input: { title: "Refunds", policyIds: [policy.id], deadline: "2026-03-20" } });
    const proposal = await submitProposal({ actor: owner, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "Plainer refunds", reasoning: "Shorter." } });
    await addComment({ actor: colleague, proposalId: proposal.id, input: { body: "Yes, much plainer." } });
    await addComment({ actor: manager, proposalId: proposal.id, input: { body: "Agreed." } });
    await reportFriction({ actor: colleague, policyId: policy.id, input: { minutesLost: "12", effort: "3", what: "Two approvals" } });
    await deliver();

    // In the inbox: all of them. By mail at once: only the friction report.
    const mine = Object.values(getStore().data.notifications).filter((n) => n.personId === owner.id);
    expect(mine.map((n) => n.kind).sort()).toEqual(["comment", "comment", "friction-reported", "review-opened"]);
    expect(smtp.to(owner.email).map((m) => m.subject)).toEqual(["Friction reported on Refund approvals"]);
    // Each links straight to where the action is.
    expect(smtp.to(owner.email)[0].text).toContain(`http://untangle.test/policies/${policy.slug}#friction-reports`);
    const links = Object.fromEntries(mine.map((n) => [n.kind, n.link]));
    expect(links).toEqual({ comment: `/reviews/${review.id}#proposal-${proposal.id}`, "friction-reported": `/policies/${policy.slug}#friction-reports`, "review-opened": `/reviews/${review.id}` });

    // The next morning: one daily digest with both comments under one heading; nothing of the review.
    clock.set("2026-03-03T07:30:00.000Z");
    await notifier.sweep();
    await sender.drain();
    const digests = smtp.to(owner.email).filter((m) => m.subject === "Your daily summary from Untangle");
    expect(digests).toHaveLength(1);
    const text = String(digests[0].text);
    expect(text.match(/== A comment on your proposal, or a mention of you ==/g)).toHaveLength(1);
    expect(text).toContain("Cees Colleague commented on your proposal “Plainer refunds”");
    expect(text).toContain("Mara Manager commented on your proposal “Plainer refunds”");
    expect(text).not.toContain("Your vote is needed");

    // Nothing new the day after: no empty digest.
    clock.set("2026-03-04T07:30:00.000Z");
    await notifier.sweep();
    await sender.drain();
    expect(smtp.to(owner.email).filter((m) => m.subject === "Your daily summary from Untangle")).toHaveLength(1);
    const deliveries = Object.values(getStore().data.deliveries).filter((d) => d.personId === owner.id);
    expect(deliveries.map((d) => d.kind).sort()).toEqual(["digest", "notification"]);
  });
});

describe("a mention", () => {
  it("resolves to exactly one colleague, by address or by name, notifies them and links to their page", async () => {
    const author = await buildPerson({ teamId: providerTeam, name: "Anna Author" });
    const dirk = await buildPerson({ teamId: providerTeam, name: "Dirk de Vries", email: "dvries@example.test" });
    const eloise = await buildPerson({ teamId: customerTeam, name: "Éloïse Lefèvre", email: "el@example.test" });
    const samA = await buildPerson({ teamId: providerTeam, name: "Sam One", email: "sam@one.test" });
    const samB = await buildPerson({ teamId: customerTeam, name: "Sam Two", email: "sam@two.test" });
    const gone = await buildPerson({ teamId: providerTeam, name: "Gus Gone", email: "gus@example.test" });
    await setPersonActive({ actor: admin, personId: gone.id, active: false });
    const policy = await buildPolicy(manager, { title: "Refund approvals" });
    const review = await openReview({ actor: manager, input: { title: "Refunds", policyIds: [policy.id], deadline: "2026-03-20" } });
    const proposal = await submitProposal({ actor: author, reviewId: review.id, input: { policyId: policy.id, kind: "reword", title: "Plainer refunds", reasoning: "Shorter." } });
    await deliver();
    smtp.received.length = 0;

    const said = await addComment({
      actor: manager,
      proposalId: proposal.id,
      input: { body: "@dvries and @eloise.lefevre, please check. Not @sam (two of them), not @gus, not @nobody." },
    });
    expect(said.bodyHtml).toContain(`<a href="/people/${dirk.id}" rel="noopener noreferrer nofollow">@Dirk de Vries</a> and`);
    expect(said.bodyHtml).toContain(`<a href="/people/${eloise.id}" rel="noopener noreferrer nofollow">@Éloïse Lefèvre</a>, please check.`);
    expect(said.bodyHtml).toContain("Not @sam (two of them), not @gus, not @nobody.");
    await deliver();
    const mentioned = smtp.received.filter((m) => m.subject === "Mara Manager mentioned you on “Plainer refunds”").flatMap((m) => m.envelopeTo).sort();
    expect(mentioned).toEqual([dirk.email, eloise.email].sort());
    for (const nobody of [samA, samB, gone]) expect(smtp.to(nobody.email)).toHaveLength(0);
    // The proposal's author hears of the comment as such.
    expect(smtp.to(author.email).map((m) => m.subject)).toEqual(["Mara Manager commented on your proposal “Plainer refunds”"]);

    // The link resolves to the colleague's page, for anyone signed in.
    const cookie = await sessionCookie(author.email, author.password);
    const page = await body(await call(colleague.loader, get(`/people/${dirk.id}`, cookie), { personId: dirk.id }));
    expect(page).toEqual({ name: "Dirk de Vries", email: "dvries@example.test", role: "employee", team: { name: "Support", slug: expect.any(String) }, handle: "dvries", owns: [] });
    const owner = await body(await call(colleague.loader, get(`/people/${manager.id}`, cookie), { personId: manager.id }));
    expect(owner.owns).toEqual([{ slug: policy.slug, title: "Refund approvals" }]);
    expect(JSON.stringify(owner)).not.toMatch(/passwordHash|\$argon|\$scrypt/);
    expect((await call(colleague.loader, get(`/people/${gone.id}`, cookie), { personId: gone.id })).status).toBe(404);
    expect((await call(colleague.loader, get(`/people/${dirk.id}`), { personId: dirk.id })).status).toBe(302);
  });
});
