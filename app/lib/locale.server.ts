import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, negotiateLocale, translator, type Locale, type Translate } from "~/i18n";
import type { Person } from "~/store/schema";
import { getUser } from "./auth.server";

/**
 * The language chosen on the sign-in page before anyone is signed in, for a year. Not a secret,
 * but still httpOnly: only the server reads it.
 */
export const languageCookie = createCookie("__untangle_lang", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: 365 * 24 * 60 * 60,
});

async function chosenOnThisBrowser(request: Request): Promise<Locale | null> {
  const value = (await languageCookie.parse(request.headers.get("Cookie"))) as unknown;
  return isLocale(value) ? value : null;
}

/**
 * The language of a request's page, decided in this order: the signed-in person's own choice,
 * then the one made on this browser's sign-in page, then the browser's Accept-Language. Resolved
 * once per request and remembered with it (the root loader, the page's loader and its meta all
 * ask).
 */
const resolved = new WeakMap<Request, Promise<Locale>>();

export function requestLocale(request: Request, person?: Pick<Person, "locale"> | null): Promise<Locale> {
  let locale = resolved.get(request);
  if (!locale) {
    locale = (async () => {
      const who = person === undefined ? await getUser(request) : person;
      return who?.locale ?? (await chosenOnThisBrowser(request)) ?? negotiateLocale(request.headers.get("Accept-Language"));
    })();
    resolved.set(request, locale);
  }
  return locale;
}

/** The translate function for the language of this request's page. */
export async function requestTranslator(request: Request, person?: Pick<Person, "locale"> | null): Promise<Translate> {
  return translator(await requestLocale(request, person));
}

/**
 * The language to write to a person in when they are not the one asking (emails, digests,
 * reminders): their own choice, or the organisation's default. The sender's language never
 * enters into it.
 */
export function localeFor(person: Pick<Person, "locale"> | null | undefined): Locale {
  return person?.locale ?? DEFAULT_LOCALE;
}
