/**
 * The policy catalogue in the browser, with the demo accounts: a manager catalogues a policy,
 * edits it and compares the two versions, then imports a spreadsheet with a bad row; an employee
 * finds a policy by searching from the header and files a friction report (the form empties, a
 * double click stores one report) and withdraws one. Every page on the way is checked with axe.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, newPage, signIn } from "./browser";

const baseURL = inject("baseURL");
/** axe on a busy two-core machine takes seconds per page: these journeys get room. */
const JOURNEY_MS = 150_000;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a manager catalogues, edits and compares", () => {
  // One manager's session through three steps.
  let page: Page;
  afterAll(async () => {
    await page?.context().close();
  });

  it("catalogues a policy, with errors beside the fields and nothing typed lost", async () => {
    page = await newPage(browser, baseURL);
    await signIn(page, "manager@example.com");
    await page.goto("/policies");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Catalogue a policy" }).click();
    await page.waitForURL(/\/policies\/new$/);
    await expectAccessible(page);

    // First try: no title, and no estimate of how often it is met.
    await page.getByLabel("One-line summary").fill("Every supplier needs a signed form before the first order.");
    await page.getByRole("button", { name: "Catalogue the policy" }).click();
    await expect.poll(() => page.getByText("Give the policy a title.").count()).toBe(1);
    await expect.poll(() => page.getByText("Enter the occurrences per month as a number.").count()).toBe(1);
    expect(await page.getByLabel("One-line summary").inputValue()).toBe("Every supplier needs a signed form before the first order.");
    expect(await page.getByLabel("Title", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);

    // Second try: complete.
    await page.getByLabel("Title", { exact: true }).fill("New suppliers sign the supplier form (e2e)");
    await page.getByLabel("The policy text").fill("## The rule\n\nA new supplier signs the **supplier form** before the first order.\n\n- Finance checks the bank details");
    await page.getByLabel("Which customer need does it serve, and how?").fill("Stops payments to fake suppliers.");
    await page.getByRole("checkbox", { name: /^Fraud prevention/ }).check();
    await page.getByRole("checkbox", { name: "Operations" }).check();
    await page.getByLabel("Times met per month").fill("20");
    await page.getByLabel("Active minutes each time").fill("15");
    await page.getByLabel("Waiting minutes each time").fill("1440");
    await page.getByLabel("Steps").fill("4");
    await page.getByLabel("Approvals (sign-offs)").fill("1");
    await page.getByLabel("Hand-offs").fill("1");
    await page.getByRole("checkbox", { name: "Paperwork" }).check();
    await Promise.all([page.waitForURL(/\/policies\/new-suppliers-sign-the-supplier-form-e2e$/), page.getByRole("button", { name: "Catalogue the policy" }).click()]);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("has been catalogued");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("New suppliers sign the supplier form (e2e)");
    expect(await page.locator(".markdown strong").textContent()).toBe("supplier form");
    // 20 × (15 + 1440) / 60 = 485
    expect(await page.locator(".friction-figures .figure").first().textContent()).toBe("485");
    await expectAccessible(page);
  }, JOURNEY_MS);

  it("edits it: the change note is required, and the new revision shows", async () => {
    await page.getByRole("link", { name: "Edit" }).click();
    await page.waitForURL(/\/edit$/);
    await expectAccessible(page);
    await page.getByLabel("The policy text").fill("## The rule\n\nA new supplier signs the **supplier form** online before the first order.\n\n- Finance checks the bank details");
    await page.getByLabel("Waiting minutes each time").fill("240");
    await page.getByRole("button", { name: "Save the new revision" }).click();
    await expect.poll(() => page.getByText("Say in a few words what changed and why.").count()).toBe(1);
    expect(await page.getByLabel("Waiting minutes each time").inputValue()).toBe("240");
    await page.getByLabel("What changed, and why?").fill("The form is signed online now");
    await Promise.all([page.waitForURL(/\/policies\/new-suppliers-sign-the-supplier-form-e2e$/), page.getByRole("button", { name: "Save the new revision" }).click()]);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Revision 2");
    expect(await page.locator(".friction-figures .figure").first().textContent()).toBe("85");
  }, JOURNEY_MS);

  it("compares the two versions: the text as a diff, the fields side by side", async () => {
    await page.getByRole("link", { name: "History" }).click();
    await page.waitForURL(/\/history$/);
    await expect.poll(() => page.getByRole("heading", { name: "Revision 1 → revision 2" }).count()).toBe(1);
    expect(await page.locator(".diff-text ins").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("online")]));
    const waitingRow = page.getByRole("row", { name: /Waiting minutes/ });
    expect(await waitingRow.locator("del").textContent()).toBe("1,440");
    expect(await waitingRow.locator("ins").textContent()).toBe("240");
    await expectAccessible(page);
    // Any two can be chosen: compare revision 2 with itself.
    await page.getByRole("radio", { name: "From revision 2" }).check();
    await page.getByRole("button", { name: "Compare" }).click();
    await expect.poll(() => page.getByText("These two revisions are the same.").count()).toBe(1);
  }, JOURNEY_MS);

  it("imports a spreadsheet with a bad row, skipping it by choice", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "manager@example.com");
    await page.goto("/policies/import");
    await expectAccessible(page);
    const csv =
      "\uFEFFtitle,team,owner_email,mandate,occurrences_per_month,steps,approvals,handoffs,active_minutes,waiting_minutes,review_cycle_months,purpose,purpose_tags\r\n" +
      '"Petty cash, up to €50",finance,hana@example.com,own,30,2,0,0,5,0,12,"Small costs paid on the spot",price\r\n' +
      "Someone else's rule,sales,kwame@example.com,own,10,1,0,0,5,0,12,,\r\n";
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "untangle-import-")), "policies.csv");
    fs.writeFileSync(file, csv);
    await page.getByLabel("CSV file").setInputFiles(file);
    await page.getByRole("button", { name: "Preview the import" }).click();
    await expect.poll(() => page.getByText("1 ready to import · 1 with problems").count()).toBe(1);
    await expect.poll(() => page.getByText("You can import policies only for your own team, not for Sales.").count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole("checkbox", { name: "Skip the row with problems and import the rest" }).check();
    await Promise.all([page.waitForURL(/\/policies\?sort=title$/), page.getByRole("button", { name: "Import 1 policy" }).click()]);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("1 policy imported; line 3 was skipped.");
    await page.goto("/policies?team=finance&sort=title");
    expect(await page.getByRole("link", { name: "Petty cash, up to €50" }).count()).toBe(1);
    await page.context().close();
  }, JOURNEY_MS);
});

describe("a policy asks its team for acknowledgement", () => {
  it("the employee finds it under “for you” and acknowledges it; the manager follows the progress", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "employee@example.com");
    await page.goto("/policies");
    const forYou = page.getByRole("complementary", { name: "For you" });
    expect(await forYou.textContent()).toContain("1 policy asks you to acknowledge it");
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/\/policies\/identity-check-before-changing-an-account-s-email-address#acknowledge$/),
      forYou.getByRole("link", { name: "Identity check before changing an account's email address" }).click(),
    ]);
    await expectAccessible(page);
    await page.getByRole("button", { name: "I have read revision 1" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("you acknowledged revision 1");
    expect(await page.locator("#acknowledge").textContent()).toContain("You acknowledged revision 1 on");
    await page.goto("/policies");
    expect(await page.getByRole("complementary", { name: "For you" }).count()).toBe(0);
    await page.context().close();

    const manager = await newPage(browser, baseURL);
    await signIn(manager, "sofia@example.com");
    await manager.goto("/policies/identity-check-before-changing-an-account-s-email-address");
    expect(await manager.locator(".acknowledgement-manage").textContent()).toContain("Customer Support are asked to acknowledge revision 1");
    await expectAccessible(manager);
    await Promise.all([manager.waitForURL(/\/policies\/acknowledgements$/), manager.getByRole("link", { name: "Acknowledgement progress" }).click()]);
    await expectAccessible(manager);
    const row = manager.getByRole("row", { name: /Identity check before changing/ });
    expect(await row.textContent()).not.toContain("Eva Janssen");
    expect(await row.textContent()).toContain("Julia Kowalska");
    const csv = await manager.request.get("/policies/acknowledgements.csv");
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(await csv.text()).toContain("Eva Janssen");
    await manager.context().close();
  }, JOURNEY_MS);
});

describe("an employee finds a policy and reports friction", () => {
  it("searches from the header, with a typo, and opens the policy", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "employee@example.com");
    await page.goto("/policies");
    await expectAccessible(page);
    expect(await page.getByRole("link", { name: "Catalogue a policy" }).count()).toBe(0);

    // A typo still finds it.
    await page.getByRole("search").getByRole("searchbox").fill("refnds");
    await Promise.all([page.waitForURL(/\/search\?q=refnds/), page.getByRole("search").getByRole("button", { name: "Search" }).click()]);
    await expectAccessible(page);
    const first = page.locator(".search-result").first();
    expect(await first.getByRole("link").textContent()).toBe("Large refunds need a manager's approval");
    await Promise.all([page.waitForURL(/\/policies\/large-refunds-need-a-manager-s-approval$/), first.getByRole("link").click()]);
    await expect.poll(() => page.getByRole("heading", { name: "Why it exists" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Edit" }).count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  }, JOURNEY_MS);

  it("files a friction report, fixing a missing answer first", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "employee@example.com");
    await page.goto("/policies/large-refunds-need-a-manager-s-approval");
    // The new report's form (the author's own reports each have a form to change them too).
    const form = page.getByRole("form", { name: "Report friction" });
    await form.getByLabel("Minutes lost this time").fill("35");
    await form.getByRole("button", { name: "Send the report" }).click();
    await expect.poll(() => page.getByText("Choose how much effort it took, from 1 to 5.").count()).toBe(1);
    expect(await form.getByLabel("Minutes lost this time").inputValue()).toBe("35");
    await form.getByRole("radio", { name: "4 — a lot" }).check();
    await form.getByLabel("What happened?").fill("E2E: the customer waited a whole afternoon for a €70 refund.");
    await form.getByRole("button", { name: "Send the report" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("your report has been added");
    const newest = page.locator(".friction-report").first();
    expect(await newest.locator(".report-what").textContent()).toBe("E2E: the customer waited a whole afternoon for a €70 refund.");
    expect(await newest.textContent()).toContain("Effort 4 of 5");
    expect(await newest.textContent()).toContain("Eva Janssen");
    // The form is empty again, ready for the next report.
    expect(await form.getByLabel("Minutes lost this time").inputValue()).toBe("");
    expect(await form.getByLabel("What happened?").inputValue()).toBe("");
    expect(await form.getByRole("radio", { name: "4 — a lot" }).isChecked()).toBe(false);
    await expectAccessible(page);

    // A double click sends the form twice: one report.
    const twice = "E2E: sent with a double click.";
    await form.getByLabel("Minutes lost this time").fill("5");
    await form.getByRole("radio", { name: "2 — a little" }).check();
    await form.getByLabel("What happened?").fill(twice);
    await form.getByRole("button", { name: "Send the report" }).dblclick();
    // The status still reads "added" from the report before: wait for this one to be listed.
    await expect.poll(() => page.locator(".friction-report .report-what", { hasText: twice }).count()).toBeGreaterThan(0);
    await page.reload();
    expect(await page.locator(".friction-report .report-what", { hasText: twice }).count()).toBe(1);

    // Withdrawn by its author, it leaves the list.
    const mine = page.locator(".friction-report", { hasText: twice });
    await mine.getByText("Change or withdraw your report").click();
    await expectAccessible(page);
    await mine.getByRole("button", { name: "Withdraw the report" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("The report has been withdrawn.");
    expect(await page.locator(".friction-report .report-what", { hasText: twice }).count()).toBe(0);
    expect(await page.locator(".friction-report .report-what", { hasText: "E2E: the customer waited a whole afternoon" }).count()).toBe(1);
    await page.context().close();
  }, JOURNEY_MS);

  it("filters the catalogue through the URL and keeps the filters when paging", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "employee@example.com");
    await page.goto("/policies");
    await page.getByLabel("Team").selectOption({ label: "Finance" });
    await page.getByRole("checkbox", { name: "No stated purpose" }).check();
    await Promise.all([page.waitForURL(/\/policies\?team=finance&nopurpose=1$/), page.getByRole("button", { name: "Apply" }).click()]);
    const rows = page.locator("table.catalogue tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) {
      expect(text).toContain("Finance");
      expect(text).toContain("No purpose");
    }
    await expectAccessible(page);
    await page.context().close();
  }, JOURNEY_MS);
});
