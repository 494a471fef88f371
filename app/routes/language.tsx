import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "~/lib/http";
import { languageCookie } from "~/lib/locale.server";
import { LOCALES } from "~/i18n";

/**
 * The language switcher of the sign-in page: remembers the choice on this browser (a signed-in
 * person chooses on their account page, and that choice wins).
 */
const LanguageForm = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });

export async function loader() {
  return redirect("/login");
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = LanguageForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Choose English or Nederlands.", { status: 400 });
  return redirect(safeRedirect(parsed.data.redirectTo, "/login"), {
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.locale) },
  });
}
