import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PolicyErrorBoundary } from "~/components/policy-error-boundary";
import { useFormat, useT } from "~/components/i18n";
import { FieldTable, TextDiffs } from "~/components/policy-diff";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { notFound } from "~/lib/http";
import { getPolicyBySlug, listRevisions } from "~/models/policy.server";
import { chooseRevisions, compareRevisions } from "~/models/policy-history.server";
import { getStore } from "~/store/index.server";
import { pageTitle } from "~/components/meta";
import { NoteText } from "~/components/note-text";
import { reviewTitlesIn } from "~/lib/note-links.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => [data ? t("policies.history.title", { title: data.title }) : null]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const policy = await getPolicyBySlug(params.slug ?? "");
  if (!policy) notFound("Policy not found");
  const revisions = await listRevisions(policy.id); // newest first
  const { from, to } = chooseRevisions(new URL(request.url).searchParams, policy.revision);
  const byNumber = new Map(revisions.map((r) => [r.number, r]));
  const a = byNumber.get(from);
  const b = byNumber.get(to);
  const people = getStore().data.people;
  return pageData({
    slug: policy.slug,
    title: policy.title,
    revisions: revisions.map((r) => ({
      number: r.number,
      at: r.at,
      author: people[r.authorId]?.name ?? "",
      note: r.note,
      fromReview: r.source !== null,
    })),
    noteReviews: reviewTitlesIn(revisions.map((r) => r.note)),
    from,
    to,
    comparison: a && b && revisions.length > 1 ? compareRevisions(a, b) : null,
  });
}

export default function PolicyHistory() {
  const t = useT();
  const f = useFormat();
  const { slug, title, revisions, noteReviews, from, to, comparison } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="history-title" className="policy-history">
      <p className="eyebrow">
        <Link to={`/policies/${slug}`}>← {t("policies.history.back")}</Link>
      </p>
      <h1 id="history-title">{t("policies.history.title", { title })}</h1>
      <p className="lead">{revisions.length > 1 ? t("policies.history.lead") : t("policies.history.onlyOne")}</p>

      <Form method="get" className="stack">
        <TableScroll labelledBy="history-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("policies.history.revision")}</th>
                <th scope="col">{t("policies.history.when")}</th>
                <th scope="col">{t("policies.history.who")}</th>
                <th scope="col">{t("policies.history.note")}</th>
                {revisions.length > 1 ? (
                  <>
                    <th scope="col">{t("policies.history.from")}</th>
                    <th scope="col">{t("policies.history.to")}</th>
                  </>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {revisions.map((r) => (
                <tr key={r.number} className={r.number === from || r.number === to ? "selected" : undefined}>
                  <th scope="row">{r.number}</th>
                  <td>{f.dateTime(r.at)}</td>
                  <td>{r.author}</td>
                  <td>
                    <NoteText text={r.note} reviews={noteReviews} /> {r.fromReview ? <span className="badge badge-info">{t("policies.history.fromReview")}</span> : null}
                  </td>
                  {revisions.length > 1 ? (
                    <>
                      <td>
                        <input
                          type="radio"
                          name="from"
                          value={r.number}
                          defaultChecked={r.number === from}
                          aria-label={t("policies.history.compareFrom", { number: r.number })}
                        />
                      </td>
                      <td>
                        <input
                          type="radio"
                          name="to"
                          value={r.number}
                          defaultChecked={r.number === to}
                          aria-label={t("policies.history.compareTo", { number: r.number })}
                        />
                      </td>
                    </>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {revisions.length > 1 ? (
          <button type="submit" className="button primary">
            {t("policies.history.compare")}
          </button>
        ) : null}
      </Form>

      {comparison ? (
        <section aria-labelledby="compare-title" className="comparison">
          <h2 id="compare-title">{t("policies.history.comparing", { from, to })}</h2>
          <p>
            {comparison.changedCount === 0
              ? t("policies.history.nothingChanged")
              : t("policies.history.changedCount", { count: comparison.changedCount })}{" "}
            <span className="hint">{t("policies.history.legend")}</span>
          </p>
          <h3>{t("policies.history.text")}</h3>
          <TextDiffs diffs={comparison.text} />
          <h3>{t("policies.history.fields")}</h3>
          <FieldTable rows={comparison.fields} from={from} to={to} />
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <PolicyErrorBoundary />;
}
