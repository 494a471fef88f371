import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/lib/auth.server";
import { providerSignOutUrl } from "~/lib/oidc.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  // Someone who signed in with the company account is signed out there too, where the provider offers it.
  return signOut(request, providerSignOutUrl);
}
