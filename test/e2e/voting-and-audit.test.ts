/**
 * Voting keeps the reader where they were: with JavaScript the focus stays in the vote form (or
 * on its confirmation) after a vote; without it, a refused vote comes back at the review's own
 * address, with no "?index" left in it. The audit trail as an admin reads it: sentences with
 * links, filters that work without JavaScript and stay in the URL, and axe on the page.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, expectAccessible, launchBrowser, newPage, signIn } from "./browser";

const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The open review of the demo and its first proposal's card. */
async function openReview(page: Page) {
  await page.goto("/reviews");
  const link = page.locator("main a[href^='/reviews/']").filter({ hasText: "Supplier invoices" }).first();
  const href = (await link.getAttribute("href"))!;
  await page.goto(href);
  return { href, card: page.locator("article.proposal").filter({ has: page.locator("form.vote-form") }).first() };
}

describe("voting", () => {
  it("keeps the focus on the vote form after a vote with JavaScript", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "yusuf@example.com");
    const { href, card } = await openReview(page);
    await card.getByRole("radio", { name: /^Agree/ }).check();
    await card.getByRole("button", { name: "Vote" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => card.getByRole("status").textContent()).toContain("Your vote is counted.");
    // The vote went in place: same address, and the focus is still in this proposal's vote form.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(href);
    await expect
      .poll(() => page.evaluate(() => Boolean(document.activeElement?.closest("form.vote-form"))))
      .toBe(true);
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
    expect(focused).toMatch(/Change my vote|Your vote is counted/);
    // A refused vote (a block needs a reason) leaves the focus in the form as well.
    await card.getByRole("radio", { name: /^Block/ }).check();
    await card.getByRole("textbox", { name: "Reason" }).fill("");
    await card.getByRole("button", { name: /^(Change my vote|Vote)$/ }).click();
    await expect.poll(() => card.locator(".field-errors").count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("form.vote-form")))).toBe(true);
    expect(page.url()).not.toContain("?index");
    await expectAccessible(page);
    await page.context().close();
  });

  it("comes back to the review's own address after a refused vote without JavaScript", async () => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, "bram@example.com", DEMO_PASSWORD);
    const { href, card } = await openReview(page);
    const action = await card.locator("form.vote-form").getAttribute("action");
    expect(action ?? "").not.toContain("?index");
    await card.getByRole("radio", { name: /^Block/ }).check();
    const [response] = await Promise.all([page.waitForNavigation(), card.getByRole("button", { name: "Vote" }).click()]);
    expect(response?.status()).toBe(400);
    const url = new URL(page.url());
    expect(url.pathname).toBe(href);
    expect(url.search).toBe("");
    await expect.poll(() => page.locator("form.vote-form .field-errors").first().textContent()).toMatch(/Say why you block/);
    await context.close();
  });
});

describe("the audit trail", () => {
  it("reads as sentences with links and passes axe, unfiltered and under the sign-ins filter", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "admin@example.com");
    await page.goto("/admin/audit");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Audit trail");
    const text = (await page.locator("main table").textContent()) ?? "";
    expect(text).not.toMatch(/signed in|person\.|review\.closed|[{}]/);
    await expectAccessible(page);
    await page.goto("/admin/audit?kind=sign-ins");
    expect(await page.locator("main table").textContent()).toMatch(/signed in/);
    await expectAccessible(page);
    await page.context().close();
  });

  it("filters without JavaScript, and keeps the filters in the export link and when paging", async () => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, "admin@example.com");
    await page.goto("/admin/audit");
    // Filter by kind and person, as a plain GET form.
    await page.getByLabel("What").selectOption("review.closed");
    await page.getByLabel("Person").fill("Maarten");
    await Promise.all([page.waitForURL(/kind=review.closed/), page.getByRole("button", { name: "Show" }).click()]);
    const url = new URL(page.url());
    expect(url.searchParams.get("kind")).toBe("review.closed");
    expect(url.searchParams.get("person")).toBe("Maarten");
    const rows = page.locator("main table tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) expect(await row.textContent()).toMatch(/Maarten de Vries closed the review .+: /);
    // The review is a link to the review, the person a link to their page.
    const firstRow = rows.first();
    expect(await firstRow.getByRole("link", { name: "Maarten de Vries" }).getAttribute("href")).toMatch(/^\/admin\/people\//);
    expect(await firstRow.locator("a[href^='/reviews/']").count()).toBe(1);
    // The export link carries the same filters.
    const csv = new URL((await page.getByRole("link", { name: "Download these events as CSV" }).getAttribute("href"))!, baseURL);
    expect(csv.pathname).toBe("/admin/audit/export.csv");
    expect(csv.searchParams.get("kind")).toBe("review.closed");
    expect(csv.searchParams.get("person")).toBe("Maarten");
    // Sign-ins are there under their own filter, and paging keeps it.
    await page.goto("/admin/audit?kind=sign-ins");
    expect(await page.locator("main table").textContent()).toMatch(/signed in/);
    const next = page.getByRole("link", { name: "Next" });
    if ((await next.count()) > 0) {
      const nextUrl = new URL((await next.getAttribute("href"))!, baseURL);
      expect(nextUrl.searchParams.get("kind")).toBe("sign-ins");
      expect(nextUrl.searchParams.get("page")).toBe("2");
    }
    await context.close();
  });
});

describe("tags", () => {
  it("show as labels: the import help gives each value with its label, and the audit trail never shows a slug", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "admin@example.com");
    await page.goto("/policies/import");
    const help = (await page.locator(".import-columns").textContent()) ?? "";
    expect(help).toContain("fraud-prevention (Fraud prevention)");
    expect(help).toContain("hand-off (Hand-off)");
    await page.goto("/admin/audit?kind=policy");
    expect(await page.locator("main table").textContent()).not.toMatch(/fraud-prevention|hand-off|purposeTags|\{/);
    await page.context().close();
  });
});
