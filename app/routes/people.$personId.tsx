import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { NotFoundError } from "~/models/errors";
import { colleagueProfile } from "~/models/person.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, () => [data?.name]);

/** A colleague's page: where a mention (`@handle` in a comment) links. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  try {
    return pageData(colleagueProfile(params.personId ?? ""));
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("No colleague with that id.", { status: 404 });
    throw error;
  }
}

export default function ColleaguePage() {
  const t = useT();
  const person = useLoaderData<typeof loader>();
  return (
    <section className="colleague-page narrow-wide" aria-labelledby="colleague-title">
      <div className="page-head">
        <h1 id="colleague-title" lang="">{person.name}</h1>
      </div>
      <dl className="facts panel">
        <dt>{t("notifications.colleague.team")}</dt>
        <dd>{person.team ? <Link to={`/policies?team=${encodeURIComponent(person.team.slug)}`} lang="">{person.team.name}</Link> : "—"}</dd>
        <dt>{t("notifications.colleague.role")}</dt>
        <dd>{t(`shell.roles.${person.role}`)}</dd>
        <dt>{t("notifications.colleague.email")}</dt>
        <dd>
          <a href={`mailto:${person.email}`}>{person.email}</a>
        </dd>
      </dl>
      <p className="hint">{t("notifications.colleague.mention", { handle: `@${person.handle}` })}</p>
      <h2>{t("notifications.colleague.owns")}</h2>
      {person.owns.length ? (
        <ul>
          {person.owns.map((p) => (
            <li key={p.slug}>
              <Link to={`/policies/${p.slug}`} lang="">{p.title}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("notifications.colleague.ownsNone")}</p>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
