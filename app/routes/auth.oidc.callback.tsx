import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignInProblemPage } from "~/components/sign-in-problem";
import { replaceSession } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { pageTitle } from "~/components/meta";
import { finishSignIn, problemStatus } from "~/lib/oidc.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("shell.nav.signIn")]);

/**
 * The provider's answer. Checked whole (state, PKCE, the ID token, the person) before a new
 * session starts; anything wrong is a plain page with a way back, and no session.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const result = await finishSignIn(request);
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", result.clearCookie);
  if (!result.ok) return pageData({ problem: result.problem }, { status: problemStatus(result.problem), headers });
  headers.append("Set-Cookie", await replaceSession(request, result.personId));
  return redirect(result.redirectTo, { headers });
}

export default function SignInCallback() {
  const { problem } = useLoaderData<typeof loader>();
  return <SignInProblemPage problem={problem} />;
}
