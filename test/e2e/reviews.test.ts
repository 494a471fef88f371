/**
 * A whole review in the browser, by the demo accounts: a manager opens a review from the queue;
 * two employees propose (one also changing the policy's summary) and vote (one disagreeing, with a
 * reason); the manager reads every reason on the close page, closes before the deadline after
 * confirming, adopts one proposal and rejects the other; the closed review says when it closed; the
 * policy shows the new revision, the new summary and fewer customer hours, and its history the
 * summary's change. Every page on the way is checked with axe.
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

/** The number shown as a policy's customer hours, e.g. "1,234.5" → 1234.5. */
function hoursFrom(text: string | null) {
  return Number((text ?? "").replace(/[^\d.]/g, ""));
}

async function policyFigures(page: Page, slug: string) {
  const response = await page.goto(`/policies/${slug}`);
  if (!response || response.status() !== 200) return null;
  const revision = Number(/Revision (\d+)/.exec((await page.locator("main").textContent()) ?? "")?.[1] ?? NaN);
  const hours = hoursFrom(await page.locator(".friction-figures .figure").first().textContent());
  return { revision, hours };
}

describe("a review from opening to an adopted change", () => {
  it("runs end to end with the demo accounts", async () => {
    // ---- the manager opens a review from the queue
    const manager = await newPage(browser, baseURL);
    await signIn(manager, "manager@example.com");
    await manager.goto("/reviews");
    await expectAccessible(manager);
    await manager.getByRole("link", { name: "Review queue" }).click();
    await manager.waitForURL(/\/reviews\/queue/);
    await expectAccessible(manager);
    const openLink = manager.getByRole("link", { name: /^Open a review\s*:/ }).first();
    const policyTitle = ((await openLink.textContent()) ?? "").replace(/^Open a review: /, "").trim();
    await openLink.click();
    await manager.waitForURL(/\/reviews\/new\?policy=/);
    const slug = new URL(manager.url()).searchParams.get("policy")!;
    await expectAccessible(manager);
    // The queue's policy is already ticked.
    expect(await manager.getByRole("checkbox", { name: new RegExp(policyTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).isChecked()).toBe(true);
    await manager.getByLabel("Title", { exact: true }).fill("E2E: make it lighter");
    await manager.getByLabel("What the review is after").fill("Which **signature** can go?");
    await Promise.all([manager.waitForURL(/\/reviews\/[0-9a-f-]{36}$/), manager.getByRole("button", { name: "Open the review" }).click()]);
    const reviewUrl = new URL(manager.url()).pathname;
    await expect.poll(() => manager.getByRole("status").first().textContent()).toContain("The review is open");
    await expectAccessible(manager);

    const before = await policyFigures(manager, slug);

    // ---- two employees propose
    const eva = await newPage(browser, baseURL);
    await signIn(eva, "employee@example.com");
    await eva.goto(reviewUrl);
    await eva.getByRole("link", { name: "Propose a simplification" }).click();
    await eva.waitForURL(/\/propose/);
    await expectAccessible(eva);
    await eva.getByRole("radio", { name: /Delegate authority/ }).check();
    await eva.getByLabel("Title", { exact: true }).fill("E2E: the team lead signs alone");
    // The proposal also changes what the policy says about itself.
    await eva.getByLabel("Policy summary").fill("E2E summary: the team lead signs alone.");
    await eva.getByLabel("Reasoning").fill("The second signature never changes the outcome.");
    const text = eva.getByLabel("New policy text (optional)");
    await text.fill(`${await text.inputValue()}\n\nE2E: one signature from the team lead is enough.`);
    await eva.getByLabel("Waiting minutes each time").fill("1");
    await eva.getByLabel("Approvals").fill("0");
    await Promise.all([eva.waitForURL(/#proposal-/), eva.getByRole("button", { name: "Submit the proposal" }).click()]);
    await expect.poll(() => eva.getByText("Your proposal has been added.").count()).toBe(1);

    const hana = await newPage(browser, baseURL);
    await signIn(hana, "hana@example.com");
    await hana.goto(`${reviewUrl}/propose`);
    // A refused form keeps what was typed and says why beside the field.
    await hana.getByLabel("Title", { exact: true }).fill("E2E: nobody signs");
    await hana.getByRole("button", { name: "Submit the proposal" }).click();
    await expect.poll(() => hana.getByText("Explain why this makes the policy simpler").count()).toBe(1);
    expect(await hana.getByLabel("Title", { exact: true }).inputValue()).toBe("E2E: nobody signs");
    await expectAccessible(hana);
    await hana.getByRole("radio", { name: /^Other/ }).check();
    await hana.getByLabel("Reasoning").fill("Trust people.");
    await Promise.all([hana.waitForURL(/#proposal-/), hana.getByRole("button", { name: "Submit the proposal" }).click()]);

    // ---- and vote: Hana agrees with Eva's proposal (in place, with JavaScript)
    const evaCard = hana.getByRole("article", { name: "E2E: the team lead signs alone" });
    // The card shows the summary's change beside the text's.
    const summaryChange = evaCard.locator(".proposal-fields .text-diff").filter({ has: hana.getByRole("heading", { name: "Summary" }) });
    await expect.poll(async () => (await summaryChange.locator("ins").allTextContents()).join(" ")).toMatch(/E2E.*summary:.*team.*lead.*signs/s);
    await evaCard.getByRole("radio", { name: /^Agree/ }).check();
    await evaCard.getByRole("button", { name: "Vote" }).click();
    await expect.poll(() => evaCard.getByRole("status").textContent()).toContain("Your vote is counted.");
    await expect.poll(() => evaCard.locator(".tally-counts").textContent()).toMatch(/Agree\s*1/);
    await expectAccessible(hana);

    // Eva disagrees with Hana's proposal: first without a reason (refused), then with one.
    await eva.reload();
    const hanaCard = eva.getByRole("article", { name: "E2E: nobody signs" });
    await hanaCard.getByRole("radio", { name: /^Disagree/ }).check();
    await hanaCard.getByRole("button", { name: "Vote" }).click();
    await expect.poll(() => hanaCard.getByText("Say why you disagree").count()).toBe(1);
    await hanaCard.getByLabel("Reason").fill("Some check must stay: mistakes cost the customer.");
    await hanaCard.getByRole("button", { name: "Vote" }).click();
    await expect.poll(() => hanaCard.getByRole("status").textContent()).toContain("Your vote is counted.");
    await eva.reload();
    await expect.poll(() => eva.getByRole("article", { name: "E2E: nobody signs" }).locator(".tally-counts").textContent()).toMatch(/Disagree\s*1/);
    await expectAccessible(eva);

    // ---- the manager closes: adopts Eva's, rejects Hana's
    await manager.goto(reviewUrl);
    await manager.getByRole("link", { name: "Close and decide" }).click();
    await manager.waitForURL(/\/close$/);
    // Voting is still open: the page says so, and how many eligible people have not voted.
    const earlyNote = (await manager.getByRole("note").textContent()) ?? "";
    expect(earlyNote).toContain("Voting is still open until");
    const notVoted = Number(/([\d,]+) eligible (?:people have|person has) not voted yet/.exec(earlyNote)?.[1].replace(/,/g, "") ?? NaN);
    expect(notVoted).toBeGreaterThan(0);
    // The one deciding reads every position's reasons, not only blocks.
    await expect.poll(() => manager.getByRole("group", { name: /E2E: nobody signs/ }).locator(".voter-reasons").textContent()).toMatch(
      /Disagree\s*Eva[^:]*: Some check must stay: mistakes cost the customer\./,
    );
    await expectAccessible(manager);
    const adopt = manager.getByRole("group", { name: /E2E: the team lead signs alone/ });
    await adopt.getByRole("radio", { name: "Adopt" }).check();
    await adopt.getByLabel("Rationale").fill("The team lead knows the work; the second signature never changed an outcome.");
    const reject = manager.getByRole("group", { name: /E2E: nobody signs/ });
    await reject.getByRole("radio", { name: "Reject" }).check();
    await reject.getByLabel("Rationale").fill("One check stays, as Eva said.");
    // Before the deadline, closing is a confirmation step (no JavaScript needed): nothing closes yet.
    await manager.getByRole("button", { name: "Close the review and record the decisions" }).click();
    const confirm = manager.getByRole("alert").filter({ hasText: "Close before the deadline?" });
    await expect.poll(() => confirm.textContent()).toContain(`${notVoted.toLocaleString("en")} eligible ${notVoted === 1 ? "person has" : "people have"} not voted yet.`);
    // What was chosen is still chosen.
    expect(await adopt.getByRole("radio", { name: "Adopt" }).isChecked()).toBe(true);
    expect(await reject.getByLabel("Rationale").inputValue()).toBe("One check stays, as Eva said.");
    await expectAccessible(manager);
    await Promise.all([
      manager.waitForURL((url) => url.pathname === reviewUrl),
      manager.getByRole("button", { name: "Yes, close early and record the decisions" }).click(),
    ]);
    await expect.poll(() => manager.getByRole("status").first().textContent()).toContain("The review is closed");
    // A closed review says when it closed, that it closed before its deadline, and shows its tallies.
    const facts = (await manager.locator("dl.facts").first().textContent()) ?? "";
    expect(facts).toMatch(/Closed\s*\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}/);
    expect(facts).toContain("the review closed before it");
    expect(facts).toContain("Shown: the review is closed");
    expect(facts).not.toContain("Hidden until the review closes");
    const adoptedCard = manager.getByRole("article", { name: "E2E: the team lead signs alone" });
    await expect.poll(() => adoptedCard.locator(".decision").textContent()).toMatch(/Adopted.*Removed [\d,.]+ h a month.*Became revision \d+ of the policy/s);
    await expect.poll(() => manager.getByRole("article", { name: "E2E: nobody signs" }).locator(".decision").textContent()).toContain("Rejected");
    await expectAccessible(manager);

    // ---- the policy shows the new revision and fewer customer hours
    const after = await policyFigures(manager, slug);
    if (before && after) {
      expect(after.revision).toBe(before.revision + 1);
      expect(after.hours).toBeLessThan(before.hours);
      expect(await manager.locator("main").textContent()).toContain("E2E: one signature from the team lead is enough.");
      expect(await manager.locator("main").textContent()).toContain("E2E summary: the team lead signs alone.");
      await expectAccessible(manager);
      // The history compares the adopted revision with the one before: the summary changed.
      await manager.goto(`/policies/${slug}/history`);
      const summaryDiff = manager.locator(".text-diff.changed").filter({ has: manager.getByRole("heading", { name: /^Summary/ }) });
      await expect.poll(async () => (await summaryDiff.locator("ins").allTextContents()).join(" ")).toMatch(/E2E.*summary:.*team.*lead.*signs/s);
      await expectAccessible(manager);
    } else {
      // The policy page is not there (yet): the review page says the same.
      await manager.goto(reviewUrl);
      const revision = /Became revision (\d+)/.exec((await adoptedCard.textContent()) ?? "");
      expect(Number(revision?.[1])).toBeGreaterThan(1);
    }
  }, 480_000);

  it("keeps employees out of the queue and the new-review form", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "employee@example.com");
    expect((await page.goto("/reviews/queue"))?.status()).toBe(403);
    expect((await page.goto("/reviews/new"))?.status()).toBe(403);
    await page.goto("/reviews?view=needs-vote");
    await expectAccessible(page);
  }, 120_000);
});
