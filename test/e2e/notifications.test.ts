import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, newPage, signIn } from "./browser";

const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The unread count beside "Inbox" in the header; 0 when it is not shown. */
async function unread(page: Page) {
  const text = (await page.locator("a.inbox-link").textContent()) ?? "";
  const match = text.match(/(\d+) unread/);
  return match ? Number(match[1]) : 0;
}

describe("reaching people", () => {
  it("an employee sees the unread count on every page, reads the inbox and marks notifications read", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "employee@example.com");
    // The demo's open review needs the employee's vote: the notifier recorded it after the demo was made.
    await expect.poll(async () => (await page.reload(), unread(page)), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.goto("/policies");
    const before = await unread(page);
    expect(before).toBeGreaterThan(0);

    await page.locator("a.inbox-link").click();
    await page.waitForURL("**/inbox");
    await expectAccessible(page);
    const first = page.locator(".notification").first();
    await expect.poll(() => first.locator(".notification-title").textContent()).toMatch(/\S/);
    const unreadItems = page.locator(".notification.unread");
    const unreadBefore = await unreadItems.count();
    await unreadItems.first().getByRole("button", { name: "Mark as read" }).click();
    await expect.poll(() => unreadItems.count()).toBe(unreadBefore - 1);
    await expect.poll(() => unread(page)).toBe(before - 1);

    await page.getByRole("button", { name: "Mark all as read" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Every notification is marked as read.");
    await expect.poll(() => unread(page)).toBe(0);
    expect(await page.locator(".notification.unread").count()).toBe(0);
  });

  it("an employee chooses how each kind reaches them, and the choice is kept", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "employee@example.com");
    await page.goto("/account");
    await page.getByRole("link", { name: "Notifications" }).click();
    await page.waitForURL("**/account/notifications");
    await expectAccessible(page);
    const group = page.getByRole("group", { name: "A review opens in which you may vote" });
    expect(await group.getByLabel("Email at once").isChecked()).toBe(true);
    await group.getByLabel("Daily digest").check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Your notification settings have been saved.");
    await page.reload();
    expect(await page.getByRole("group", { name: "A review opens in which you may vote" }).getByLabel("Daily digest").isChecked()).toBe(true);
  });

  it("an admin reads the outbox: each mail as it would be sent, with its delivery log", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "admin@example.com");
    await page.goto("/admin");
    await page.getByRole("link", { name: "Outbox" }).click();
    await page.waitForURL("**/admin/outbox");
    await expectAccessible(page);
    await expect.poll(() => page.locator("main").textContent()).toContain("No SMTP server is configured (SMTP_URL)");
    const firstMail = page.locator("tbody tr").first().getByRole("link");
    const subject = (await firstMail.textContent())?.trim();
    expect(subject).toBeTruthy();
    await firstMail.click();
    await page.waitForURL("**/admin/outbox/**");
    await expectAccessible(page);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(subject);
    await expect.poll(() => page.locator(".mail-text").textContent()).toContain("Open in Untangle");
    expect(await page.locator(".mail-headers").textContent()).toContain("List-Unsubscribe-Post");
    expect(await page.locator(".delivery-log li").first().textContent()).toContain("queued");
  });

  it("the sign-in page offers a reset link that does not tell whether an address has an account", async () => {
    const page = await newPage(browser, baseURL);
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL("**/forgot-password");
    await expectAccessible(page);
    await page.getByLabel("Email").fill("nobody-here@example.com");
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("If an account uses this address");
  });

  it("someone who reported friction answers “did the change work?” from their inbox, and the policy shows it beside the prediction", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "felix@example.com");
    // The scheduler asks, a few seconds after start, about the demo's change that has been in effect for sixty days.
    const notice = page.locator(".notification", { hasText: "Did the change work?" }).first();
    await expect.poll(async () => (await page.goto("/inbox"), notice.count()), { timeout: 30_000 }).toBe(1);
    await notice.getByRole("button", { name: "Open" }).click();
    await page.waitForURL("**/follow-ups/**");
    await expectAccessible(page);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Did the change work?");
    await page.getByLabel("Minutes lost the last time you met it").fill("4");
    await page.getByLabel("2 — a little").check();
    await page.getByLabel("Anything to add? (optional)").fill("Much quicker with the customer's own words.");
    await page.getByRole("button", { name: "Send my answer" }).click();
    await page.waitForURL("**/policies/**");
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Thank you: your answer is shown beside what the decision predicted.");
    await expect.poll(() => page.locator(".change-checks").textContent()).toMatch(/Measured by the follow-up: 1 of 1 answered, on average 4 minutes lost/);
    expect(await page.locator(".friction-report", { hasText: "Follow-up answer" }).count()).toBe(1);
    await expectAccessible(page);
  });

  it("a mention links to the colleague's page", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "employee@example.com");
    await page.goto("/reviews?view=needs-vote");
    await page.locator("main a[href^='/reviews/']").first().click();
    await page.waitForURL(/\/reviews\/[^/?#]+$/);
    const form = page.locator("form.comment-form").first();
    await form.getByLabel("Add a comment").fill("@felix could you check this with a customer?");
    await form.getByRole("button", { name: "Comment" }).click();
    const mention = page.getByRole("link", { name: "@Felix Hoffmann" }).first();
    await expect.poll(() => mention.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await mention.click();
    await page.waitForURL("**/people/**");
    await expectAccessible(page);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Felix Hoffmann");
    expect(await page.locator("main").textContent()).toContain("felix@example.com");
  });
});
