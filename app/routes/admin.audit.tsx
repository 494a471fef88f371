import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Fragment } from "react";
import { useFormat, useT } from "~/components/i18n";
import { Field } from "~/components/forms";
import { ListLink } from "~/components/link";
import { Pagination } from "~/components/pagination";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { AUDIT_KINDS, auditPage, eventTypesOf, parseAuditQuery } from "~/models/audit.server";
import type { AuditEntry, AuditKind } from "~/models/audit.server";
import { ValidationError } from "~/models/errors";
import { pageTitle } from "~/components/meta";
import type { MessageKey, Translate } from "~/i18n";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("admin.audit"), t("admin.title")]);

const FILTERS = ["kind", "person", "item", "from", "to"] as const;

/** Admins only: the trail names who did what, sign-ins included. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const params = new URL(request.url).searchParams;
  const typed = Object.fromEntries(FILTERS.map((k) => [k, (params.get(k) ?? "").slice(0, 300)])) as Record<(typeof FILTERS)[number], string>;
  // The "what" filter: each kind, then the events filed under it.
  const kinds = AUDIT_KINDS.map((kind) => ({ kind, types: eventTypesOf(kind) }));
  try {
    const query = parseAuditQuery(params);
    const result = auditPage({ actor, query });
    return pageData({ ...result, kinds, filters: typed, errors: null as Record<string, string[]> | null });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // What was typed stays in the form, with the problem beside it; nothing is listed.
    return pageData({ rows: [] as AuditEntry[], total: 0, page: 1, pages: 1, kinds, filters: typed, errors: error.fieldErrors as Record<string, string[]> }, 400);
  }
}

const ACTOR_MARK = "\uE000";
const ITEM_MARK = "\uE001";

/** The event's sentence with the person who did it and the item it is about as links. */
export function AuditSentence({ entry, t }: { entry: AuditEntry; t: Translate }) {
  const text = t(entry.key, { ...entry.values, actor: ACTOR_MARK, item: ITEM_MARK });
  const parts = text.split(/([\uE000\uE001])/);
  return (
    <>
      {parts.map((part, i) => {
        if (part === ACTOR_MARK) {
          if (!entry.actor) return <Fragment key={i}>{t("admin.trail.system")}</Fragment>;
          return entry.actor.href ? <Link key={i} to={entry.actor.href}>{entry.actor.name}</Link> : <Fragment key={i}>{entry.actor.name}</Fragment>;
        }
        if (part === ITEM_MARK) {
          if (!entry.item) return <Fragment key={i}>—</Fragment>;
          // A title is people's own text: its language is theirs.
          return entry.item.href ? (
            <Link key={i} to={entry.item.href} lang="">{entry.item.label}</Link>
          ) : (
            <span key={i} lang="">{entry.item.label}</span>
          );
        }
        return <Fragment key={i}>{part}</Fragment>;
      })}
    </>
  );
}

export default function Audit() {
  const t = useT();
  const f = useFormat();
  const location = useLocation();
  const { rows, page, pages, total, kinds, filters, errors } = useLoaderData<typeof loader>();
  const exportParams = new URLSearchParams(location.search);
  exportParams.delete("page");
  const exportQuery = exportParams.toString();
  const kindLabel = (k: AuditKind) => t(`admin.trail.kinds.${k}`);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("admin.audit")}</h1>
      <p>{t("admin.trail.intro")}</p>
      <Form method="get" className="filters audit-filters" aria-label={t("admin.trail.filters")}>
        <div className="field">
          <label htmlFor="audit-kind">{t("admin.trail.kind")}</label>
          <select id="audit-kind" name="kind" defaultValue={filters.kind} aria-invalid={errors?.kind ? true : undefined}>
            <option value="">{t("admin.trail.everything")}</option>
            {kinds.map(({ kind: k, types }) => (
              <optgroup key={k} label={kindLabel(k)}>
                <option value={k}>{t("admin.trail.allOfKind", { kind: kindLabel(k) })}</option>
                {types.map((type) => (
                  <option key={type} value={type}>{t(`admin.events.${type}` as MessageKey)}</option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <Field label={t("admin.trail.person")} hint={t("admin.trail.personHint")} name="person" type="search" defaultValue={filters.person} errors={errors?.person} maxLength={200} />
        <Field label={t("admin.trail.item")} hint={t("admin.trail.itemHint")} name="item" type="search" defaultValue={filters.item} errors={errors?.item} maxLength={200} />
        <Field label={t("admin.trail.from")} name="from" type="date" defaultValue={filters.from} errors={errors?.from} />
        <Field label={t("admin.trail.to")} name="to" type="date" defaultValue={filters.to} errors={errors?.to} />
        <div className="actions filter-actions">
          <button type="submit" className="button primary">{t("admin.trail.apply")}</button>
          <ListLink to="/admin/audit">{t("admin.trail.clear")}</ListLink>
        </div>
      </Form>
      {errors?.kind ? <p className="alert alert-error" role="alert">{t("admin.trail.errors.kind")}</p> : null}
      <p role="status">
        {t("admin.trail.count", { count: total })}
        {total > 0 ? (
          <>
            {" · "}
            <a href={`/admin/audit/export.csv${exportQuery ? `?${exportQuery}` : ""}`} download>{t("admin.trail.download")}</a>
          </>
        ) : null}
      </p>
      {rows.length === 0 ? (
        <p>{t("admin.trail.empty")}</p>
      ) : (
        <TableScroll labelledBy="audit-title">
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">{t("admin.when")}</th>
                <th scope="col">{t("admin.what")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq}>
                  <td>
                    <time dateTime={r.at}>{r.type === "pulse.answered" ? f.date(r.at) : f.dateTime(r.at)}</time>
                  </td>
                  <td>
                    <AuditSentence entry={r} t={t} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  );
}
