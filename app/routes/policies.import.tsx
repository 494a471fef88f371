import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { readMessage } from "~/i18n";
import { PurposeTagList } from "~/components/policy-badges";
import { requestTranslator } from "~/lib/locale.server";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { redirectWithNotice } from "~/lib/notice.server";
import { ValidationError } from "~/models/errors";
import {
  IMPORT_COLUMNS,
  REQUIRED_COLUMNS,
  importPolicies,
  previewImport,
  type ImportPreview,
  type ImportProblem,
} from "~/models/policy-import.server";
import { getTeam } from "~/models/team.server";
import { pageTitle } from "~/components/meta";
import { FRICTION_TAGS, PURPOSE_TAGS } from "~/store/vocabulary";
import { TableScroll } from "~/components/table-scroll";
import { ImportColumns, ImportUpload, type ImportWords } from "~/components/import-file";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("policies.import.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const team = await getTeam(user.teamId);
  return pageData({
    columns: IMPORT_COLUMNS.map((name) => ({ name, required: REQUIRED_COLUMNS.includes(name) })),
    teamExample: team?.slug ?? "finance",
  });
}

type ImportResult = { preview: ImportPreview; csv: string; formError: string | null };

const emptyPreview: ImportPreview = { rows: [], fileProblems: [], ignoredColumns: [], ready: 0, withProblems: 0, examples: 0 };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "manager");
  const t = await requestTranslator(request);
  // An uploaded file arrives in the form like any field: the server reads no more than a few
  // megabytes of any form, and the import's own 2 MB limit is checked with the file's text.
  const formData = await request.formData();

  const file = formData.get("file");
  const fileText = file instanceof File && file.size > 0 ? await file.text() : "";
  const pasted = formData.get("csv");
  const csv = fileText || (typeof pasted === "string" ? pasted : "");
  if (!csv.trim()) {
    return json<ImportResult>({ preview: emptyPreview, csv: "", formError: t("policies.import.noFile") }, { status: 400 });
  }

  if (formData.get("intent") === "confirm") {
    try {
      const { imported, skipped } = await importPolicies({ actor, csv, skipInvalid: formData.get("skip") === "on" });
      const notice = skipped.length
        ? t("policies.import.doneSkipped", { count: imported.length, skipped: skipped.length, lines: skipped.join(", ") })
        : t("policies.import.done", { count: imported.length });
      return redirectWithNotice("/policies?sort=title", notice);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const preview = await previewImport({ actor, csv });
      const formError = preview.fileProblems.length
        ? t("policies.import.fixAndRetry")
        : preview.ready === 0
          ? t("policies.import.nothingToImport")
          : t("policies.import.mustFixOrSkip");
      return json<ImportResult>({ preview, csv, formError }, { status: 400 });
    }
  }

  const preview = await previewImport({ actor, csv });
  // The text comes back only for the confirm form: a file that cannot be imported at all (too
  // large, unreadable) has none.
  const refused = preview.fileProblems.length > 0;
  return json<ImportResult>({ preview, csv: refused ? "" : csv, formError: null }, { status: refused ? 400 : 200 });
}

function ProblemText({ problem }: { problem: ImportProblem }) {
  const t = useT();
  const text = problem.key ? t(`policies.import.problemsText.${problem.key}`, problem.vars) : readMessage(t, problem.message);
  return (
    <>
      {problem.column ? <code>{problem.column}</code> : null} {text}
    </>
  );
}

export default function ImportPolicies() {
  const t = useT();
  const f = useFormat();
  const { columns, teamExample } = useLoaderData<typeof loader>();
  // The values a tag column takes are written as they go in the file, each with its label.
  const tagValues: Record<string, string> = {
    purpose_tags: PURPOSE_TAGS.map((tag) => `${tag} (${t(`policies.purposeTags.${tag}`)})`).join(", "),
    friction_tags: FRICTION_TAGS.map((tag) => `${tag} (${t(`policies.frictionTags.${tag}`)})`).join(", "),
  };
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const words: ImportWords = { preview: t("policies.import.preview"), startOver: t("policies.import.startOver"), template: t("policies.import.template"), templateHint: t("policies.import.templateHint"), file: t("policies.import.file"), paste: t("policies.import.paste"), columnsTitle: t("policies.import.columnsTitle"), required: t("policies.import.required"), yes: t("policies.import.yes") };
  const preview = result?.preview;
  const showPreview = Boolean(result && (preview?.rows.length || preview?.fileProblems.length));

  return (
    <section aria-labelledby="import-title" className="policy-import">
      <p className="eyebrow">
        <Link to="/policies">← {t("policies.title")}</Link>
      </p>
      <h1 id="import-title">{t("policies.import.title")}</h1>
      <p className="lead">{t("policies.import.lead")}</p>

      {showPreview && preview ? (
        <section aria-labelledby="preview-title" className="import-preview">
          <h2 id="preview-title">{t("policies.import.previewTitle")}</h2>
          <FormAlert message={result?.formError} />
          {preview.fileProblems.length ? (
            <div className="alert alert-error" role="alert">
              <p>
                <strong>{t("policies.import.fileProblems")}</strong>
              </p>
              <ul>
                {preview.fileProblems.map((p, i) => (
                  <li key={i}>
                    <ProblemText problem={p} />
                  </li>
                ))}
              </ul>
              <p>{t("policies.import.fixAndRetry")}</p>
            </div>
          ) : (
            <>
              <p role="status">
                {t("policies.import.summary", { ready: preview.ready, problems: preview.withProblems })}
                {preview.examples ? <> · {t("policies.import.examplesSkipped", { count: preview.examples })}</> : null}
              </p>
              {preview.ignoredColumns.length ? (
                <p className="hint">{t("policies.import.ignoredColumns", { columns: preview.ignoredColumns.join(", ") })}</p>
              ) : null}
              <TableScroll labelledBy="preview-title">
                <table className="import-rows">
                  <thead>
                    <tr>
                      <th scope="col">{t("policies.import.line")}</th>
                      <th scope="col">{t("policies.import.policy")}</th>
                      <th scope="col">{t("policies.import.team")}</th>
                      <th scope="col">{t("policies.import.owner")}</th>
                      <th scope="col" className="num">
                        {t("policies.import.hours")}
                      </th>
                      <th scope="col">{t("policies.import.problems")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((row) => (
                      <tr key={row.line} className={row.problems.length ? "has-problems" : row.example ? "is-example" : undefined}>
                        <th scope="row">{row.line}</th>
                        <td>
                          <span lang="">{row.title || "—"}</span>
                          {row.status === "draft" && !row.example ? <span className="badge badge-muted">{t("policies.import.asDraft")}</span> : null}
                          <PurposeTagList tags={row.purposeTags} />
                        </td>
                        <td>{row.teamName || "—"}</td>
                        <td>{row.ownerName || "—"}</td>
                        <td className="num">{row.customerHours === null ? "—" : f.number(row.customerHours)}</td>
                        <td>
                          {row.example ? (
                            <span className="badge badge-muted">{t("policies.import.example")}</span>
                          ) : row.problems.length ? (
                            <ul className="problems">
                              {row.problems.map((p, i) => (
                                <li key={i}>
                                  <ProblemText problem={p} />
                                </li>
                              ))}
                            </ul>
                          ) : (
                            <span className="badge badge-ok">{t("policies.import.ok")}</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {preview.ready > 0 ? (
                <Form method="post" className="stack import-confirm">
                  <input type="hidden" name="intent" value="confirm" />
                  <input type="hidden" name="csv" value={result?.csv ?? ""} />
                  {preview.withProblems > 0 ? (
                    <label className="checkbox">
                      <input type="checkbox" name="skip" />{" "}
                      {t("policies.import.skip", { count: preview.withProblems })}
                    </label>
                  ) : null}
                  <div className="actions">
                    <button type="submit" className="button primary" disabled={busy}>
                      {t("policies.import.confirm", { count: preview.ready })}
                    </button>
                    <Link to="/policies/import">{t("policies.import.startOver")}</Link>
                  </div>
                </Form>
              ) : (
                <p className="alert alert-error">{t("policies.import.nothingToImport")}</p>
              )}
            </>
          )}
        </section>
      ) : null}

      <ImportUpload templateHref="/policies/import/template.csv" words={words} showPreview={showPreview} formError={result?.formError} busy={busy} />

      <ImportColumns words={words} columns={columns.map((c) => ({ ...c, meaning: t(`policies.import.columns.${c.name}`, { team: teamExample, values: tagValues[c.name] ?? "" }) }))} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
