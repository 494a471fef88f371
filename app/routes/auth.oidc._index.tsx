import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignInProblemPage } from "~/components/sign-in-problem";
import { requestLocale } from "~/lib/locale.server";
import { pageData } from "~/lib/page-data.server";
import { pageTitle } from "~/components/meta";
import { problemStatus, SignInError, startSignIn } from "~/lib/oidc.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("shell.nav.signIn")]);

/** Starts a company sign-in: off to the provider, with this attempt remembered in a short-lived cookie. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  try {
    const { url: to, cookie } = await startSignIn({
      redirectTo: url.searchParams.get("redirectTo"),
      locale: await requestLocale(request),
    });
    return redirect(to, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    console.warn(`company sign-in could not start (${error.problem}): ${error.detail}`);
    return pageData({ problem: error.problem }, { status: problemStatus(error.problem), headers: { "Cache-Control": "no-store" } });
  }
}

export default function StartSignIn() {
  const { problem } = useLoaderData<typeof loader>();
  return <SignInProblemPage problem={problem} />;
}
