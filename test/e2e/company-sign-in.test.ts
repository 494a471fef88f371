/**
 * Company sign-in in Chromium, against a real OpenID provider (oidc-provider, in this process)
 * and the production server configured for it: the first sign-in creates the person in the
 * team and role their claims give, the next ones find the same person (also after an email
 * change), a deactivated person is refused, a tampered answer fails closed, and signing out
 * ends the provider's session too.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, newPage, signIn } from "./browser";
import { freePort, startServer, type RunningServer } from "./server";
import { startTestProvider, TEST_CLIENT_ID, TEST_CLIENT_SECRET, type TestProvider } from "../support/oidc-provider";

let browser: Browser;
let provider: TestProvider;
let server: RunningServer;

beforeAll(async () => {
  const port = await freePort();
  const app = `http://127.0.0.1:${port}`;
  provider = await startTestProvider({ redirectUris: [`${app}/auth/oidc/callback`], postLogoutRedirectUris: [`${app}/login`] });
  provider.accounts.set("nina", { email: "nina@corp.test", email_verified: true, name: "Nina Novak", department: "Finance", groups: ["team-leads"] });
  server = await startServer({
    PORT: String(port),
    APP_URL: app,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: TEST_CLIENT_ID,
    OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
    OIDC_BUTTON_LABEL: "Corp ID",
    OIDC_SCOPES: "openid email profile org",
    OIDC_TEAM_CLAIM: "department",
    OIDC_ROLE_CLAIM: "groups",
    OIDC_MANAGER_GROUPS: "team-leads",
    OIDC_DEFAULT_TEAM: "operations",
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

/**
 * From Untangle's sign-in page through the provider's, as `account`. With `atProvider` false
 * the provider still has a session for this browser and sends it straight back.
 */
async function signInWithCorpId(page: Page, account: string, atProvider = true) {
  await page.goto("/login");
  await page.getByRole("link", { name: "Sign in with Corp ID" }).click();
  if (!atProvider) return;
  await page.getByLabel("Account").fill(account);
  await page.getByRole("button", { name: "Sign in at the provider" }).click();
}

async function countPeopleNamed(name: string) {
  const admin = await newPage(browser, server.url);
  await signIn(admin, "admin@example.com");
  await admin.goto("/admin");
  const count = await admin.getByRole("link", { name, exact: true }).count();
  await admin.context().close();
  return count;
}

describe("signing in with the company account", () => {
  it("the first sign-in creates the person in their team and role; the next finds the same person, also after an email change", async () => {
    const page = await newPage(browser, server.url);
    await page.goto("/login");
    await expectAccessible(page);
    await signInWithCorpId(page, "nina");
    await page.waitForURL((url) => url.origin === server.url && !url.pathname.startsWith("/login") && !url.pathname.startsWith("/auth"));
    await page.goto("/account");
    await expect.poll(() => page.locator("main").textContent()).toContain("nina@corp.test");
    expect(await page.locator("main").textContent()).toContain("Finance");
    expect(await page.locator(".who-name").textContent()).toContain("Manager");

    // Signing out ends the provider's session too (it asks first).
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    await page.waitForURL(`${server.url}/login`);

    provider.accounts.set("nina", { ...provider.accounts.get("nina"), email: "nina.novak@corp.test" });
    await signInWithCorpId(page, "nina");
    await page.waitForURL((url) => url.origin === server.url && !url.pathname.startsWith("/auth"));
    await page.goto("/account");
    await expect.poll(() => page.locator("main").textContent()).toContain("nina.novak@corp.test");
    expect(await countPeopleNamed("Nina Novak")).toBe(1);
    await page.context().close();
  });

  it("a deactivated person is signed out and refused, with a plain page and a way back", async () => {
    provider.accounts.set("omar", { email: "omar@corp.test", email_verified: true, name: "Omar Haddad" });
    const page = await newPage(browser, server.url);
    await signInWithCorpId(page, "omar");
    await page.waitForURL((url) => url.origin === server.url && !url.pathname.startsWith("/auth"));

    const admin = await newPage(browser, server.url);
    await signIn(admin, "admin@example.com");
    await admin.goto("/admin");
    await admin.getByRole("link", { name: "Omar Haddad", exact: true }).click();
    await admin.getByRole("button", { name: "Deactivate" }).click();
    await expect.poll(() => admin.getByRole("status").textContent()).toContain("deactivated");

    await page.goto("/standards");
    expect(new URL(page.url()).pathname).toBe("/login");
    await signInWithCorpId(page, "omar", false);
    await page.getByRole("heading", { name: "Your account has been deactivated" }).waitFor();
    await expectAccessible(page);
    expect(await page.getByRole("link", { name: "Back to sign-in" }).count()).toBe(1);
    await page.goto("/standards");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.context().close();
    await admin.context().close();
  });

  it("a tampered answer fails closed: a clear page, a way to try again, and no session", async () => {
    const page = await newPage(browser, server.url);
    // Start as the button would (the flow cookie lands in this browser), but change the state
    // on its way through the provider.
    const started = await page.request.get("/auth/oidc", { maxRedirects: 0 });
    const authorization = new URL(started.headers()["location"]);
    authorization.searchParams.set("state", "tampered-state");
    await page.goto(authorization.href);
    await page.getByLabel("Account").fill("nina");
    await page.getByRole("button", { name: "Sign in at the provider" }).click();
    await page.getByRole("heading", { name: "This sign-in could not be trusted" }).waitFor();
    expect(await page.getByRole("link", { name: "Try again" }).getAttribute("href")).toBe("/auth/oidc");
    expect(await page.locator("body").textContent()).not.toMatch(/at .*\.js|Error:/);
    await page.goto("/standards");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.context().close();
  });

  it("a cancelled sign-in says so, in the reader's language", async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: "nl-NL", extraHTTPHeaders: { "Accept-Language": "nl-NL,nl;q=0.9" } });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByRole("link", { name: "Aanmelden met Corp ID" }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("heading", { name: "Aanmelden geannuleerd" }).waitFor();
    expect(await page.getByRole("link", { name: "Terug naar aanmelden" }).count()).toBe(1);
    await context.close();
  });
});

describe("the people directory", () => {
  it("an admin previews a file, sees each row as it will be saved, confirms, and downloads the directory", async () => {
    const page = await newPage(browser, server.url);
    await signIn(page, "admin@example.com");
    await page.goto("/admin");
    await page.getByRole("link", { name: "Import people" }).click();
    await page.getByRole("heading", { name: "Import people" }).waitFor();
    await expectAccessible(page);
    await page.locator("summary", { hasText: "Or paste the CSV text" }).click();
    await page
      .getByLabel("Or paste the CSV text")
      .fill("name,email,team,role,manager_email\nRia Peeters,ria@corp.test,Finance,manager,\nSem Kok,sem@corp.test,Finance,employee,ria@corp.test\n");
    await page.getByRole("button", { name: "Preview the import" }).click();
    await page.getByRole("heading", { name: "What this import will do" }).waitFor();
    await expectAccessible(page);
    const rows = page.locator("table.import-rows tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain("Ria Peeters");
    expect(await page.getByRole("status").first().textContent()).toContain("To add: 2");
    await page.getByRole("button", { name: "Save the directory" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Added: 2");
    expect(await page.getByRole("link", { name: "Sem Kok", exact: true }).count()).toBe(1);

    const download = await page.request.get("/admin/people/export.csv");
    expect(await download.text()).toContain("Sem Kok,sem@corp.test,Finance,employee,ria@corp.test,yes,");
    await page.context().close();
  });
});
