import { Form } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { FormAlert } from "./forms";
import { useT } from "./i18n";
import { TableScroll } from "./table-scroll";

/** The words an import page uses around its file, each already in the reader's language. */
export type ImportWords = {
  preview: string;
  startOver: string;
  template: string;
  templateHint: string;
  file: string;
  paste: string;
  columnsTitle: string;
  required: string;
  yes: string;
};

/**
 * A spreadsheet import's first step, shared by the policy and the people imports: the template to
 * download, a CSV file or pasted text, sent to be previewed (nothing is written until the preview
 * is confirmed). `children` are the import's own options, placed before the button.
 */
export function ImportUpload({
  templateHref,
  words,
  showPreview,
  formError,
  busy,
  children,
}: {
  templateHref: string;
  words: ImportWords;
  showPreview: boolean;
  formError?: string | null;
  busy: boolean;
  children?: ReactNode;
}) {
  const fileId = useId();
  const pasteId = useId();
  return (
    <section aria-labelledby="upload-title" className="panel">
      <h2 id="upload-title">{showPreview ? words.startOver : words.preview}</h2>
      <p>
        <a href={templateHref} download className="button small">
          {words.template}
        </a>{" "}
        <span className="hint">{words.templateHint}</span>
      </p>
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        {!showPreview ? <FormAlert message={formError} /> : null}
        <input type="hidden" name="intent" value="preview" />
        <div className="field">
          <label htmlFor={fileId}>{words.file}</label>
          <input id={fileId} type="file" name="file" accept=".csv,text/csv" />
        </div>
        <details className="paste">
          <summary>{words.paste}</summary>
          <div className="field">
            <label htmlFor={pasteId} className="visually-hidden">
              {words.paste}
            </label>
            <textarea id={pasteId} name="csv" rows={8} spellCheck={false} />
          </div>
        </details>
        {children}
        <button type="submit" className="button primary" disabled={busy}>
          {words.preview}
        </button>
      </Form>
    </section>
  );
}

/** The columns an import reads: each name, whether it is required, and what it means. */
export function ImportColumns({ columns, words }: { columns: Array<{ name: string; required: boolean; meaning: string }>; words: ImportWords }) {
  const t = useT();
  return (
    <section aria-labelledby="columns-title">
      <h2 id="columns-title">{words.columnsTitle}</h2>
      <TableScroll labelledBy="columns-title">
        <table className="import-columns">
          <thead>
            <tr>
              <th scope="col">{t("policies.import.column")}</th>
              <th scope="col">{words.required}</th>
              <th scope="col">{t("policies.import.meaning")}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                </th>
                <td>{c.required ? words.yes : ""}</td>
                <td>{c.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
