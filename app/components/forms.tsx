import { useId } from "react";
import { readMessage } from "~/i18n";
import { useT } from "./i18n";

/**
 * Form fields that show their errors beside them and keep what was typed.
 * `errors` are the messages for this field; `id`s link label, input and error for screen readers.
 */
/** Ids that tie a label, its hint and its errors to one control, for screen readers. */
function useFieldIds(errors?: string[], hint?: React.ReactNode) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return {
    id,
    errorId,
    hintId,
    control: { id, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy },
  };
}

/** Label, hint, the control, and its errors beneath. */
function FieldShell({
  ids,
  label,
  hint,
  errors,
  children,
}: {
  ids: ReturnType<typeof useFieldIds>;
  label: React.ReactNode;
  hint?: React.ReactNode;
  errors?: string[];
  children: React.ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={ids.id}>{label}</label>
      {hint ? <p id={ids.hintId} className="hint">{hint}</p> : null}
      {children}
      <ErrorList id={ids.errorId} errors={errors} />
    </div>
  );
}

type FieldProps = {
  label: React.ReactNode;
  name: string;
  errors?: string[];
  hint?: React.ReactNode;
  defaultValue?: string | number | readonly string[];
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "defaultValue" | "name">;

export function Field({ label, name, errors, hint, defaultValue, type = "text", ...rest }: FieldProps) {
  const ids = useFieldIds(errors, hint);
  return (
    <FieldShell ids={ids} label={label} hint={hint} errors={errors}>
      <input name={name} type={type} defaultValue={defaultValue} {...ids.control} {...rest} />
    </FieldShell>
  );
}

type TextAreaProps = {
  label: React.ReactNode;
  name: string;
  errors?: string[];
  hint?: React.ReactNode;
  defaultValue?: string;
} & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "defaultValue" | "name">;

export function TextArea({ label, name, errors, hint, defaultValue, rows = 6, ...rest }: TextAreaProps) {
  const ids = useFieldIds(errors, hint);
  return (
    <FieldShell ids={ids} label={label} hint={hint} errors={errors}>
      {/* What goes in a text box is what people write: its language is theirs, not the page's. */}
      <textarea name={name} rows={rows} defaultValue={defaultValue} lang="" {...ids.control} {...rest} />
    </FieldShell>
  );
}

type SelectProps = {
  label: React.ReactNode;
  name: string;
  errors?: string[];
  hint?: React.ReactNode;
  options: ReadonlyArray<{ value: string; label: string }>;
  defaultValue?: string | readonly string[];
  placeholder?: string;
} & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "defaultValue" | "name">;

export function Select({ label, name, errors, hint, options, defaultValue, placeholder, ...rest }: SelectProps) {
  const ids = useFieldIds(errors, hint);
  return (
    <FieldShell ids={ids} label={label} hint={hint} errors={errors}>
      <select name={name} defaultValue={defaultValue} {...ids.control} {...rest}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** A group of checkboxes sharing one name (purpose tags, teams…). */
export function CheckboxGroup({
  legend,
  name,
  options,
  checked = [],
  errors,
  hint,
}: {
  legend: React.ReactNode;
  name: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  checked?: readonly string[];
  errors?: string[];
  hint?: React.ReactNode;
}) {
  const id = useId();
  return (
    <fieldset className="field checkbox-group" aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      <div className="checkbox-options">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} /> {o.label}
          </label>
        ))}
      </div>
      <ErrorList id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}

/** A field's errors; the domain's message references are read in the reader's language. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="list">
      {errors.map((e) => (
        <li key={e}>{readMessage(t, e)}</li>
      ))}
    </ul>
  );
}

/** The banner above a form that failed, with its form-level error. */
export function FormAlert({ message }: { message?: string | null }) {
  const t = useT();
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert">
      {readMessage(t, message)}
    </div>
  );
}

/** Reads a value typed before an error, falling back to the stored one. */
export function typed(
  values: Record<string, string | string[]> | undefined,
  name: string,
  fallback: string | number | null | undefined = "",
): string {
  const v = values?.[name];
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v[0] ?? "";
  return fallback === null || fallback === undefined ? "" : String(fallback);
}

export function typedList(values: Record<string, string | string[]> | undefined, name: string, fallback: readonly string[] = []) {
  if (!values) return fallback;
  const v = values[name];
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return v ? [v] : [];
  return values && Object.keys(values).length ? [] : fallback;
}

/**
 * The key a form that creates something carries: made when the form is shown, it lets the
 * server answer a second sending of the same form (a double click, back and resend) with the
 * record the first one made (docs/decisions/009). Give the form `key={submissionKey}` too, so
 * that after a success the page's new key shows an empty form.
 */
export function SubmissionKey({ value }: { value: string }) {
  return <input type="hidden" name="submissionKey" value={value} />;
}
