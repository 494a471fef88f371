import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  MaxPartSizeExceededError,
  json,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/forms";
import { useT } from "~/components/i18n";
import { requireRole } from "~/lib/auth.server";
import { requestTranslator } from "~/lib/locale.server";
import { pageData } from "~/lib/page-data.server";
import { pageTitle } from "~/components/meta";
import { redirectWithNotice } from "~/lib/notice.server";
import { ValidationError } from "~/models/errors";
import {
  DIRECTORY_COLUMNS,
  DIRECTORY_REQUIRED,
  MAX_DIRECTORY_BYTES,
  importDirectory,
  previewDirectoryImport,
  type DirectoryPreview,
  type DirectoryProblem,
} from "~/models/directory.server";
import { TableScroll } from "~/components/table-scroll";
import { ImportColumns, ImportUpload, type ImportWords } from "~/components/import-file";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("signin.directory.import"), t("admin.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return pageData({ columns: DIRECTORY_COLUMNS.map((name) => ({ name, required: DIRECTORY_REQUIRED.includes(name) })) });
}

type ImportResult = { preview: DirectoryPreview; csv: string; deactivateMissing: boolean; formError: string | null };

const emptyPreview: DirectoryPreview = {
  rows: [],
  fileProblems: [],
  ignoredColumns: [],
  counts: { create: 0, update: 0, unchanged: 0, invalid: 0 },
  deactivate: [],
};

/** The form's fields; an uploaded file is read as UTF-8 text (held in memory, at most 5 MB). */
async function readForm(request: Request): Promise<FormData | "too-large"> {
  if (!(request.headers.get("Content-Type") ?? "").includes("multipart/form-data")) return request.formData();
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_DIRECTORY_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return "too-large";
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const t = await requestTranslator(request);
  const formData = await readForm(request);
  if (formData === "too-large") {
    const preview = { ...emptyPreview, fileProblems: [{ column: null, key: "tooLarge", vars: { max: String(MAX_DIRECTORY_BYTES / 1_000_000) } }] };
    return json<ImportResult>({ preview: preview as DirectoryPreview, csv: "", deactivateMissing: false, formError: null }, { status: 400 });
  }
  const file = formData.get("file");
  const fileText = file instanceof File && file.size > 0 ? await file.text() : "";
  const pasted = formData.get("csv");
  const csv = fileText || (typeof pasted === "string" ? pasted : "");
  const deactivateMissing = formData.get("deactivateMissing") === "on";
  if (!csv.trim()) {
    return json<ImportResult>({ preview: emptyPreview, csv: "", deactivateMissing, formError: t("signin.directory.noFile") }, { status: 400 });
  }

  if (formData.get("intent") === "confirm") {
    try {
      const result = await importDirectory({ actor, csv, deactivateMissing });
      return redirectWithNotice("/admin", t("signin.directory.done", { created: result.created, updated: result.updated, deactivated: result.deactivated }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const preview = await previewDirectoryImport({ actor, csv, deactivateMissing });
      return json<ImportResult>({ preview, csv, deactivateMissing, formError: t("signin.directory.mustFix") }, { status: 400 });
    }
  }

  const preview = await previewDirectoryImport({ actor, csv, deactivateMissing });
  return json<ImportResult>({ preview, csv, deactivateMissing, formError: null }, { status: preview.fileProblems.length ? 400 : 200 });
}

function ProblemText({ problem }: { problem: DirectoryProblem }) {
  const t = useT();
  return (
    <>
      {problem.column ? <code>{problem.column}</code> : null} {t(`signin.directory.problems.${problem.key}`, problem.vars)}
    </>
  );
}

export default function ImportPeople() {
  const t = useT();
  const { columns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const words: ImportWords = { preview: t("signin.directory.preview"), startOver: t("signin.directory.startOver"), template: t("signin.directory.template"), templateHint: t("signin.directory.templateHint"), file: t("signin.directory.file"), paste: t("signin.directory.paste"), columnsTitle: t("signin.directory.columnsTitle"), required: t("signin.directory.required"), yes: t("signin.directory.yes") };
  const preview = result?.preview;
  const showPreview = Boolean(result && (preview?.rows.length || preview?.fileProblems.length));
  const changes = preview ? preview.counts.create + preview.counts.update + preview.deactivate.length : 0;

  return (
    <section aria-labelledby="import-title" className="policy-import">
      <h1 id="import-title">{t("signin.directory.import")}</h1>
      <p className="lead">{t("signin.directory.lead")}</p>

      {showPreview && preview ? (
        <section aria-labelledby="preview-title" className="import-preview">
          <h2 id="preview-title">{t("signin.directory.previewTitle")}</h2>
          <FormAlert message={result?.formError} />
          {preview.fileProblems.length ? (
            <div className="alert alert-error" role="alert">
              <p>
                <strong>{t("signin.directory.fileProblems")}</strong>
              </p>
              <ul>
                {preview.fileProblems.map((p, i) => (
                  <li key={i}>
                    <ProblemText problem={p} />
                  </li>
                ))}
              </ul>
              <p>{t("signin.directory.fixAndRetry")}</p>
            </div>
          ) : (
            <>
              <p role="status">
                {t("signin.directory.summary", {
                  create: preview.counts.create,
                  update: preview.counts.update,
                  unchanged: preview.counts.unchanged,
                  problems: preview.counts.invalid,
                })}
              </p>
              {preview.deactivate.length ? (
                <div className="alert alert-info">
                  <p>{t("signin.directory.toDeactivate", { count: preview.deactivate.length })}</p>
                  <ul>
                    {preview.deactivate.map((p) => (
                      <li key={p.id}>
                        {p.name} ({p.email})
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <TableScroll labelledBy="preview-title">
                <table className="import-rows">
                  <thead>
                    <tr>
                      <th scope="col">{t("signin.directory.line")}</th>
                      <th scope="col">{t("signin.directory.name")}</th>
                      <th scope="col">{t("signin.directory.email")}</th>
                      <th scope="col">{t("signin.directory.team")}</th>
                      <th scope="col">{t("signin.directory.role")}</th>
                      <th scope="col">{t("signin.directory.manager")}</th>
                      <th scope="col">{t("signin.directory.outcome")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((row) => (
                      <tr key={row.line} className={row.problems.length ? "has-problems" : undefined}>
                        <th scope="row">{row.line}</th>
                        <td>{row.name || "—"}</td>
                        <td>{row.email || "—"}</td>
                        <td>{row.teamName || "—"}</td>
                        <td>{row.role ? t(`shell.roles.${row.role}`) : "—"}</td>
                        <td>{row.managerName || "—"}</td>
                        <td>
                          {row.problems.length ? (
                            <ul className="problems">
                              {row.problems.map((p, i) => (
                                <li key={i}>
                                  <ProblemText problem={p} />
                                </li>
                              ))}
                            </ul>
                          ) : (
                            <>
                              <span className={row.outcome === "unchanged" ? "badge badge-muted" : "badge badge-ok"}>
                                {t(`signin.directory.outcomes.${row.outcome}`)}
                              </span>
                              {row.changes.length ? <span className="hint"> {t("signin.directory.changed", { fields: row.changes.join(", ") })}</span> : null}
                            </>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {preview.counts.invalid > 0 ? (
                <p className="alert alert-error">{t("signin.directory.mustFix")}</p>
              ) : changes === 0 ? (
                <p className="alert alert-info">{t("signin.directory.nothingToDo")}</p>
              ) : (
                <Form method="post" className="stack import-confirm">
                  <input type="hidden" name="intent" value="confirm" />
                  <input type="hidden" name="csv" value={result?.csv ?? ""} />
                  {result?.deactivateMissing ? <input type="hidden" name="deactivateMissing" value="on" /> : null}
                  <div className="actions">
                    <button type="submit" className="button primary" disabled={busy}>
                      {t("signin.directory.confirm")}
                    </button>
                    <Link to="/admin/people/import">{t("signin.directory.startOver")}</Link>
                  </div>
                </Form>
              )}
            </>
          )}
        </section>
      ) : null}

      <ImportUpload templateHref="/admin/people/import/template.csv" words={words} showPreview={showPreview} formError={result?.formError} busy={busy}>
        <label className="checkbox">
          <input type="checkbox" name="deactivateMissing" defaultChecked={result?.deactivateMissing} /> {t("signin.directory.deactivateMissing")}
        </label>
        <p className="hint">{t("signin.directory.deactivateMissingHint")}</p>
      </ImportUpload>

      <ImportColumns words={words} columns={columns.map((c) => ({ ...c, meaning: t(`signin.directory.columns.${c.name}`) }))} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
