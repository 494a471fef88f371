import type { Browser } from "playwright-core";
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

describe("signing in and the shell", () => {
  it("the sign-in page is accessible and a wrong password is refused beside the form", async () => {
    const page = await newPage(browser, baseURL);
    await page.goto("/login");
    await expectAccessible(page);
    await page.getByLabel("Email").fill("employee@example.com");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("do not match");
  });

  it("each role sees the navigation it is allowed", async () => {
    const expected = {
      "employee@example.com": ["Standards", "Policies", "Reviews"],
      "manager@example.com": ["Standards", "Policies", "Reviews", "Dashboard"],
      "admin@example.com": ["Standards", "Policies", "Reviews", "Dashboard", "Admin"],
    };
    for (const [email, links] of Object.entries(expected)) {
      const page = await newPage(browser, baseURL);
      await signIn(page, email);
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.waitFor();
      await expect.poll(() => nav.getByRole("link").allTextContents()).toEqual(links);
      // The section shown is marked, in the page and after a click that navigates in place.
      await page.goto("/standards/mine");
      await expect.poll(() => nav.locator('[aria-current="page"]').allTextContents()).toEqual(["Standards"]);
      await expect.poll(() => page.getByRole("navigation", { name: "Handbook" }).locator('[aria-current="page"]').allTextContents()).toEqual(["My team's commitments"]);
      await nav.getByRole("link", { name: "Policies" }).click();
      await page.waitForURL("**/policies");
      await expect.poll(() => nav.locator('[aria-current="page"]').allTextContents()).toEqual(["Policies"]);
      await page.context().close();
    }
  });

  it("an employee gets the 403 page on admin pages; an admin manages people", async () => {
    const employee = await newPage(browser, baseURL);
    await signIn(employee, "employee@example.com");
    const response = await employee.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect.poll(() => employee.getByRole("heading", { level: 1 }).textContent()).toBe("Not allowed");

    const admin = await newPage(browser, baseURL);
    await signIn(admin, "admin@example.com");
    await admin.goto("/admin");
    await expectAccessible(admin);
    await admin.getByRole("link", { name: "Add a person" }).click();
    await admin.getByRole("button", { name: "Create" }).click();
    await expect.poll(() => admin.getByText("Enter the person's name.").count()).toBe(1);
    await expectAccessible(admin);
  });

  it("signing out ends the session", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "manager@example.com");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await page.goto("/admin");
    expect(new URL(page.url()).pathname).toBe("/login");
  });
});
