import { describe, expect, it } from "vitest";
import { negotiateLocale, translator, type MessageKey } from "~/i18n";

describe("the message catalogue", () => {
  const en = translator("en");
  const nl = translator("nl");

  it("fills each placeholder with its value, wherever it stands and however often it is asked", () => {
    expect(en("shell.pagination.pageOf", { page: 2, pages: 7 })).toBe("Page 2 of 7");
    expect(en("shell.pagination.pageOf", { page: 3, pages: 3 })).toBe("Page 3 of 3");
    expect(en("shell.login.slowDown", { seconds: 30 })).toBe("Too many failed attempts. Wait 30 seconds before trying again.");
  });

  it("leaves a placeholder it has no value for as it is, and a message without values untouched", () => {
    expect(en("shell.pagination.pageOf", { page: 2 })).toBe("Page 2 of {pages}");
    expect(en("shell.pagination.pageOf")).toBe("Page {page} of {pages}");
    expect(en("shell.nav.standards", { unused: 1 })).toBe("Standards");
  });

  it("falls back to English for a key not yet translated, and to the key itself for an unknown one", () => {
    expect(nl("shell.nav.standards")).toBe("Standaarden");
    expect(nl("shell.pagination.pageOf", { page: 1, pages: 2 })).toBe("Page 1 of 2");
    expect(en("shell.nope" as MessageKey)).toBe("shell.nope");
  });

  it("picks the reader's most wanted supported language", () => {
    expect(negotiateLocale("fr-FR,nl;q=0.8,en;q=0.5")).toBe("nl");
    expect(negotiateLocale("en;q=0.4,nl-BE;q=0.9")).toBe("nl");
    expect(negotiateLocale("fr,de")).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
  });
});
