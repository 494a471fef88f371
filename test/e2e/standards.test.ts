/**
 * A service standard's life in the browser, by the demo accounts: the Finance manager drafts
 * one from the template and sends it for review; an admin publishes it; a Finance employee
 * (the provider team) acknowledges it; a Customer Support employee finds it on the hub and
 * rates it. Every page on the way is checked with axe.
 */
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

const TITLE = "Purchase invoices coded within two working days";

async function as(email: string): Promise<Page> {
  const page = await newPage(browser, baseURL);
  await signIn(page, email);
  return page;
}

const notice = (page: Page) => page.getByRole("status").first().textContent();

describe("a standard from draft to rating", () => {
  let slug = "";

  it("a manager drafts from the template and sends it for review", async () => {
    const manager = await as("manager@example.com");
    expect(new URL(manager.url()).pathname).toBe("/standards");
    await expectAccessible(manager);
    await manager.getByRole("link", { name: "Draft a standard" }).first().click();
    await manager.waitForURL(/\/standards\/new/);
    await expect.poll(() => manager.getByLabel("How we keep it").inputValue()).toContain("## 1. Greet and welcome");
    await expectAccessible(manager);

    // Saving without the promise keeps what was typed and says what is missing.
    await manager.getByLabel("Title", { exact: true }).fill(TITLE);
    await manager.getByRole("button", { name: "Save draft" }).click();
    await expect.poll(() => manager.getByText("State the promise in one sentence").count()).toBe(1);
    expect(await manager.getByLabel("Title", { exact: true }).inputValue()).toBe(TITLE);
    await expectAccessible(manager);

    await manager.getByLabel("Commitment").fill("Every supplier invoice is coded to the right budget within two working days of arriving.");
    await manager.getByLabel("Metric").fill("Working days from arrival to coded invoice");
    await manager.getByLabel("Target", { exact: true }).fill("2");
    await manager.getByLabel("Unit").fill("working days");
    await manager.getByRole("radio", { name: /^Reliability/ }).check();
    await manager.getByRole("radio", { name: /^Hygiene/ }).check();
    await manager.getByRole("button", { name: "Save draft" }).click();
    await manager.waitForURL((url) => /^\/standards\/purchase-invoices-coded/.test(url.pathname));
    slug = new URL(manager.url()).pathname.split("/")[2];
    await expect.poll(() => manager.getByRole("heading", { level: 1 }).textContent()).toBe(TITLE);
    await expectAccessible(manager);

    await manager.getByRole("button", { name: "Send for review" }).click();
    await expect.poll(() => notice(manager)).toContain("Sent for review");
    await expect.poll(() => manager.getByText("is in review").count()).toBe(1);
    await manager.context().close();
  }, 120_000);

  it("the manager sees the team's coverage and the demo's returned draft", async () => {
    const manager = await as("manager@example.com");
    await manager.goto("/standards/coverage");
    await expectAccessible(manager);

    // The demo's returned draft: the admin's comment is shown, and the edit form is accessible.
    await manager.goto("/standards/month-end-figures-to-budget-holders-by-working-day-5");
    await expect.poll(() => manager.getByText("Returned with a comment").count()).toBeGreaterThan(0);
    await manager.getByRole("link", { name: "Edit the draft" }).click();
    await manager.waitForURL(/\/edit$/);
    await expectAccessible(manager);
    await manager.context().close();
  }, 120_000);

  it("an admin publishes it from the hub", async () => {
    const admin = await as("admin@example.com");
    await admin.goto("/standards");
    await admin.getByRole("complementary", { name: "For you" }).getByRole("link", { name: TITLE }).click();
    await admin.waitForURL(`**/standards/${slug}`);
    await expectAccessible(admin);
    await admin.getByRole("button", { name: "Publish version 1" }).click();
    await expect.poll(() => notice(admin)).toContain("Version 1 is published");
    await expect.poll(() => admin.getByRole("cell", { name: "In force" }).count()).toBe(1);
    await admin.goto("/standards/coverage");
    await expectAccessible(admin);
    await admin.context().close();
  }, 120_000);

  it("an employee of the provider team acknowledges it", async () => {
    const hana = await as("hana@example.com");
    await hana.goto("/standards/mine");
    await expectAccessible(hana);
    const item = hana.getByRole("listitem").filter({ has: hana.getByRole("link", { name: TITLE }) });
    await item.getByRole("button", { name: /Acknowledge/ }).click();
    await expect.poll(() => notice(hana)).toContain("you acknowledged version 1");
    await expect.poll(() => item.textContent()).toContain("Acknowledged version 1");

    // The standard's own page agrees; and its team does not rate its own promise.
    await hana.goto(`/standards/${slug}`);
    await expect.poll(() => hana.getByText("You acknowledged version 1").count()).toBe(1);
    await expect.poll(() => hana.getByText("Your team provides this standard").count()).toBe(1);
    await hana.context().close();
  }, 120_000);

  it("an employee of a customer team finds it on the hub and rates it", async () => {
    const eva = await as("employee@example.com");
    await expectAccessible(eva);
    await eva.getByRole("link", { name: "What can Customer Support expect?" }).click();
    await eva.waitForURL(/customer=/);
    await expect.poll(() => eva.getByRole("heading", { name: "What Customer Support can expect" }).count()).toBe(1);
    await expectAccessible(eva);

    // "What does Finance promise?": only Finance's section is left.
    await eva.getByLabel("Provided by").selectOption({ label: "Finance" });
    await eva.getByRole("button", { name: "Show" }).click();
    await eva.waitForURL(/provider=/);
    await expect.poll(() => eva.locator(".handbook-team h2").allTextContents()).toEqual(["Finance"]);
    await expect.poll(() => eva.getByRole("heading", { name: "What Finance promises Customer Support" }).count()).toBe(1);

    await eva.getByLabel("Search the handbook").fill("invoices coded");
    await eva.getByRole("button", { name: "Show" }).click();
    await eva.waitForURL(/q=invoices/);
    // It is in the "For you" list of standards to rate, and in Finance's section of the handbook.
    await expect.poll(() => eva.getByRole("complementary", { name: "For you" }).getByRole("link", { name: TITLE }).count()).toBe(1);
    await eva.getByRole("region", { name: "Finance" }).getByRole("link", { name: TITLE }).click();
    await eva.waitForURL(`**/standards/${slug}`);
    await expectAccessible(eva);
    await eva.getByRole("radio", { name: "4 — Well" }).check();
    await eva.getByLabel("Comment (optional)").fill("Coded the same day — thank you.");
    await eva.getByRole("button", { name: "Rate", exact: true }).click();
    await expect.poll(() => eva.getByText(/Your rating for .*: 4 out of 5/).count()).toBe(1);
    await expect.poll(() => eva.locator(".health-panel").textContent()).toContain("1 rating in the last 90 days");
    await expectAccessible(eva);

    // Changing it within the month replaces it.
    await eva.getByRole("radio", { name: "5 — Completely" }).check();
    await eva.getByRole("button", { name: "Change my rating" }).click();
    await expect.poll(() => eva.getByText(/Your rating for .*: 5 out of 5/).count()).toBe(1);
    await expect.poll(() => eva.locator(".health-panel").textContent()).toContain("1 rating in the last 90 days");

    await eva.goto("/standards/print");
    await expectAccessible(eva);
    expect(await eva.getByRole("heading", { name: TITLE }).count()).toBe(1);
    await eva.context().close();
  }, 120_000);
});
