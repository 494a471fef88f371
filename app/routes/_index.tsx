import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";

/** The handbook is the front page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect("/standards");
}
