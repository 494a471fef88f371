import { describe, expect, it } from "vitest";
import { en } from "~/i18n";
import { nlNotifications } from "~/i18n/nl/notifications";
import { EnvError, loadEnv } from "~/lib/env.server";
import { passwordFingerprint, signToken, verifyToken } from "~/lib/tokens.server";
import { backoffMs, MAX_ATTEMPTS } from "~/lib/mail.server";
import { digestPeriodStart } from "~/models/notification.server";
import { notificationText } from "~/lib/notification-text.server";
import { NOTIFICATION_KINDS, type Proposal } from "~/store/schema";
import { handlesOf } from "~/models/notification-rules.server";
import { followUpOpensAt, takesEffectAt } from "~/models/follow-up.server";

function leaves(tree: unknown, prefix = ""): string[] {
  if (typeof tree === "string") return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("the notifications catalogue", () => {
  // The arguments of each message are compared message by message in i18n-parity.test.ts.
  it("has the same keys in Dutch as in English", () => {
    expect(leaves(nlNotifications).sort()).toEqual(leaves(en.notifications).sort());
  });

  it("names every kind, gives each a reason, and fills its message in the reader's language", () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(en.notifications.kindNames[kind]).toBeTruthy();
      expect(en.notifications.reasons[kind]).toBeTruthy();
    }
    const n = { kind: "review-opened" as const, params: { review: "Refunds", policies: "Refund rule", deadline: "2026-03-20T23:59:59.999Z" } };
    expect(notificationText(n, "en").title).toBe("Your vote is needed: Refunds");
    expect(notificationText(n, "en").body).toContain("Mar 20, 2026");
    expect(notificationText(n, "nl").title).toBe("Je stem is nodig: Refunds");
    const decided = { kind: "proposal-decided" as const, params: { proposal: "Shorter form", outcome: "rejected", rationale: "Not now." } };
    expect(notificationText(decided, "nl").title).toBe("Besluit over „Shorter form”: afgewezen");
  });
});

describe("signed links", () => {
  const now = new Date("2026-03-02T09:00:00Z");
  const token = signToken({ p: "unsubscribe", s: "person-1", e: now.getTime() + 60_000, x: "review-opened" });

  it("accept a genuine token for its purpose until it expires", () => {
    expect(verifyToken(token, "unsubscribe", now)?.s).toBe("person-1");
    expect(verifyToken(token, "password-reset", now)).toBeNull();
    expect(verifyToken(token, "unsubscribe", new Date(now.getTime() + 60_000))).toBeNull();
  });

  it("refuse a changed byte, a forged signature and anything that is not a token", () => {
    const [body, mac] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ p: "unsubscribe", s: "person-2", e: now.getTime() + 60_000, x: "review-opened" })).toString("base64url");
    expect(verifyToken(`${forged}.${mac}`, "unsubscribe", now)).toBeNull();
    expect(verifyToken(`${body}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`, "unsubscribe", now)).toBeNull();
    for (const junk of ["", ".", "a.b.c", 42, null, "x".repeat(3000)]) expect(verifyToken(junk, "unsubscribe", now)).toBeNull();
  });

  it("fingerprint a password so a reset link stops working once the password changes", () => {
    expect(passwordFingerprint(undefined)).toBe("none");
    expect(passwordFingerprint("scrypt$a$b")).not.toBe(passwordFingerprint("scrypt$a$c"));
  });
});

describe("timing", () => {
  it("backs off 1, 2, 4 … minutes, never more than 6 hours apart, eight attempts in all", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(20)).toBe(6 * 3_600_000);
    expect(MAX_ATTEMPTS).toBe(8);
  });

  it("starts daily digests at 07:00 UTC and weekly ones on Monday at 07:00 UTC", () => {
    expect(digestPeriodStart("daily", new Date("2026-03-04T06:59:00Z")).toISOString()).toBe("2026-03-03T07:00:00.000Z");
    expect(digestPeriodStart("daily", new Date("2026-03-04T07:00:00Z")).toISOString()).toBe("2026-03-04T07:00:00.000Z");
    expect(digestPeriodStart("weekly", new Date("2026-03-04T12:00:00Z")).toISOString()).toBe("2026-03-02T07:00:00.000Z");
    expect(digestPeriodStart("weekly", new Date("2026-03-02T06:00:00Z")).toISOString()).toBe("2026-02-23T07:00:00.000Z");
  });
});

describe("mail settings", () => {
  it("stop start-up on an invalid SMTP_URL, naming the setting", () => {
    for (const bad of ["mail.example.com", "http://mail.example.com", "smtp://"]) {
      try {
        loadEnv({ SMTP_URL: bad }, () => undefined);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(EnvError);
        expect((error as EnvError).problems[0]).toMatch(/^SMTP_URL: /);
      }
    }
    expect(() => loadEnv({ APP_URL: "not a url" }, () => undefined)).toThrow(/APP_URL/);
  });

  it("accept smtp:// and smtps:// and default the app's address to localhost", () => {
    const env = loadEnv({ SMTP_URL: "smtps://user:secret@mail.example.com:465", PORT: "4000" }, () => undefined);
    expect(env.SMTP_URL).toBe("smtps://user:secret@mail.example.com:465");
    expect(env.APP_URL).toBe("http://localhost:4000");
    expect(env.MAIL_FROM).toBe("Untangle <untangle@localhost>");
    expect(loadEnv({}, () => undefined).SMTP_URL).toBeNull();
    expect(loadEnv({ APP_URL: "https://untangle.example.com/" }, () => undefined).APP_URL).toBe("https://untangle.example.com");
  });
});

describe("a data file from before notifications", () => {
  it("opens with the inbox, outbox and settings empty", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { Store, SNAPSHOT_FILE } = await import("~/store/store.server");
    const { tempDir } = await import("../support/temp");
    const dir = tempDir();
    const first = await Store.open(dir);
    await first.close();
    const file = path.join(dir, SNAPSHOT_FILE);
    const { readSnapshotDocument } = await import("~/store/snapshot.server");
    // A single-document snapshot (the format before streamed snapshots) without those collections.
    const doc = (await readSnapshotDocument(file))!;
    for (const c of ["notifications", "deliveries", "notificationSettings", "notifier"]) delete doc[c];
    fs.writeFileSync(file, JSON.stringify(doc));
    const again = await Store.open(dir);
    expect(again.data.notifications).toEqual({});
    expect(again.data.deliveries).toEqual({});
    expect(again.data.notificationSettings).toEqual({});
    expect(again.data.notifier).toEqual({});
    await again.close();
  });
});

describe("mention handles", () => {
  it("are a colleague's address up to the @ and their name in lower case with dots, accents dropped", () => {
    expect(handlesOf({ name: "Éloïse Lefèvre", email: "EL@example.test" })).toEqual(["el", "eloise.lefevre"]);
    expect(handlesOf({ name: "Dirk de Vries", email: "dirk.de.vries@example.test" })).toEqual(["dirk.de.vries"]);
    expect(handlesOf({ name: "  O'Brien, Seán ", email: "sean@example.test" })).toEqual(["sean", "o.brien.sean"]);
  });
});

describe("when an adopted change takes effect", () => {
  const decision = { outcome: "adopted" as const, rationale: "Yes.", decidedAt: "2026-01-10T10:00:00.000Z", decidedBy: "m", hoursRemoved: 3 };
  const proposal = (over: Partial<Proposal>) => ({ status: "adopted", decision, implementation: null, updatedAt: "2026-01-10T10:00:00.000Z", ...over }) as Proposal;
  it("is the decision when nothing is tracked, the day its implementation was done otherwise, and never before", () => {
    expect(takesEffectAt(proposal({}))).toBe(decision.decidedAt);
    expect(takesEffectAt(proposal({ implementation: "planned" }))).toBeNull();
    expect(takesEffectAt(proposal({ implementation: "in-progress" }))).toBeNull();
    expect(takesEffectAt(proposal({ implementation: "done", implementedAt: "2026-02-01T08:00:00.000Z", updatedAt: "2026-02-03T08:00:00.000Z" }))).toBe("2026-02-01T08:00:00.000Z");
    // A record from before the implementation's date was kept: when it was last updated.
    expect(takesEffectAt(proposal({ implementation: "done", updatedAt: "2026-02-03T08:00:00.000Z" }))).toBe("2026-02-03T08:00:00.000Z");
    expect(takesEffectAt(proposal({ status: "rejected", decision: { ...decision, outcome: "rejected" } }))).toBeNull();
    expect(followUpOpensAt(proposal({}))).toBe("2026-03-11T10:00:00.000Z");
  });
});
