import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert } from "~/components/forms";
import { useT } from "~/components/i18n";
import { PersonFields } from "~/components/person-fields";
import { requestTranslator } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { failure, formInput } from "~/lib/forms.server";
import { notFound } from "~/lib/http";
import { redirectWithNotice } from "~/lib/notice.server";
import { getPerson, presentPerson, resetPassword, setPersonActive, updatePerson } from "~/models/person.server";
import { listTeams } from "~/models/team.server";
import { pageTitle } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => [data?.person.name, t("admin.title")]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const person = await getPerson(params.personId ?? "");
  if (!person) notFound("Person not found");
  const teams = await listTeams();
  const manager = person.managerId ? await getPerson(person.managerId) : null;
  return pageData({
    person: presentPerson(person),
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
    manager: manager ? { id: manager.id, name: manager.name } : null,
    signIn: { company: Boolean(person.oidcSubject), password: Boolean(person.passwordHash) },
  });
}

const INTENTS = ["update", "deactivate", "reactivate", "reset-password"] as const;
type Intent = (typeof INTENTS)[number];

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const formData = await request.formData();
  const requested = formData.get("intent");
  if (!INTENTS.includes(requested as Intent)) throw new Response("Unknown action", { status: 400 });
  const intent = { data: requested as Intent };
  const personId = params.personId ?? "";
  const t = await requestTranslator(request);
  try {
    switch (intent.data) {
      case "update": {
        const person = await updatePerson({ actor, personId, input: formInput(formData) });
        return redirectWithNotice(`/admin/people/${personId}`, t("admin.personUpdated", { name: person.name }));
      }
      case "deactivate":
      case "reactivate": {
        const person = await setPersonActive({ actor, personId, active: intent.data === "reactivate" });
        return redirectWithNotice(
          `/admin/people/${personId}`,
          t(intent.data === "reactivate" ? "admin.reactivated" : "admin.deactivated", { name: person.name }),
        );
      }
      case "reset-password": {
        await resetPassword({ actor, personId, password: formData.get("password") });
        const person = await getPerson(personId);
        return redirectWithNotice(`/admin/people/${personId}`, t("admin.passwordReset", { name: person?.name ?? "" }));
      }
    }
  } catch (error) {
    return failure(error, formData);
  }
}

export default function EditPerson() {
  const t = useT();
  const { person, teams, manager, signIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const intent = result?.values.intent;
  return (
    <section aria-labelledby="person-title" className="narrow">
      <h1 id="person-title">{person.name}</h1>
      <p>{person.active ? t("admin.active") : <span className="badge badge-muted">{t("admin.inactive")}</span>}</p>
      <dl className="facts">
        <dt>{t("signin.directory.manager")}</dt>
        <dd>{manager ? <Link to={`/admin/people/${manager.id}`}>{manager.name}</Link> : "—"}</dd>
        <dt>{t("signin.person.signsInWith")}</dt>
        <dd>
          {[signIn.company ? t("signin.person.companyAccount") : null, signIn.password ? t("signin.person.password") : null].filter(Boolean).join(", ") ||
            t("signin.person.nothingYet")}
        </dd>
      </dl>
      <Form method="post" className="stack" noValidate>
        <FormAlert message={intent === "update" ? result?.formError ?? t("shell.form.fixErrors") : null} />
        <input type="hidden" name="intent" value="update" />
        <PersonFields teams={teams} person={person} values={intent === "update" ? result?.values : undefined} errors={intent === "update" ? result?.errors : undefined} />
        <button type="submit" className="button primary">{t("admin.save")}</button>
      </Form>

      <h2>{t("admin.resetPassword")}</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="reset-password" />
        <Field label={t("admin.newPassword")} name="password" type="password" autoComplete="new-password" errors={intent === "reset-password" ? result?.errors.password : undefined} />
        <button type="submit" className="button">{t("admin.resetPassword")}</button>
      </Form>

      <h2>{t("admin.status")}</h2>
      <Form method="post">
        <FormAlert message={intent === "deactivate" ? result?.formError : null} />
        {person.active ? (
          <button type="submit" name="intent" value="deactivate" className="button danger">{t("admin.deactivate")}</button>
        ) : (
          <button type="submit" name="intent" value="reactivate" className="button">{t("admin.reactivate")}</button>
        )}
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
