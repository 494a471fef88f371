import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("shell.about.title")]);

/** What Untangle is for. Public, and the lightest page of the app (the benchmark's baseline). */
export default function About() {
  const t = useT();
  return (
    <section aria-labelledby="about-title" className="narrow">
      <h1 id="about-title">{t("shell.about.title")}</h1>
      <p className="lead">{t("shell.about.lead")}</p>
      <p>{t("shell.about.what")}</p>
      <p>
        <Link to="/standards">{t("shell.about.start")}</Link>
      </p>
    </section>
  );
}
