import { useT } from "./i18n";

type Problem =
  | "notConfigured"
  | "unavailable"
  | "cancelled"
  | "failed"
  | "expired"
  | "forged"
  | "rejected"
  | "deactivated"
  | "noEmail"
  | "emailUnverified"
  | "emailTaken"
  | "noTeam";

/** Problems a new attempt may cure (the others need an administrator). */
const RETRYABLE = new Set<Problem>(["unavailable", "cancelled", "failed", "expired", "forged", "rejected"]);

/** A company sign-in that did not work: what happened, in the reader's language, and a way back. */
export function SignInProblemPage({ problem }: { problem: Problem }) {
  const t = useT();
  return (
    <section className="error-page sign-in-problem" aria-labelledby="sign-in-problem-title">
      <h1 id="sign-in-problem-title">{t(`signin.problems.${problem}.title`)}</h1>
      <p>{t(`signin.problems.${problem}.body`)}</p>
      <p className="actions">
        {RETRYABLE.has(problem) ? (
          // A plain link: starting a sign-in leaves the app for the provider.
          <a href="/auth/oidc" className="button primary">
            {t("signin.tryAgain")}
          </a>
        ) : null}{" "}
        <a href="/login">{t("signin.backToSignIn")}</a>
      </p>
    </section>
  );
}
