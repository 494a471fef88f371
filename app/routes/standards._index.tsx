import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { HandbookQuery } from "~/lib/standards-forms.server";
import { standardsTitle } from "~/components/standard-meta";
import { Select } from "~/components/forms";
import { useT } from "~/components/i18n";
import { ListLink } from "~/components/link";
import { Pagination } from "~/components/pagination";
import { StandardCard } from "~/components/standard-card";
import { requireUser } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";
import { hasRole, isAdmin } from "~/models/actor";
import { pendingAcknowledgements } from "~/models/acknowledgement.server";
import { browseHandbook, handbookSummary } from "~/models/handbook.server";
import { searchReady } from "~/lib/search.server";
import { standardsToRate } from "~/models/rating.server";
import { standardsInReview, titleOf } from "~/models/standard.server";
import { listTeams } from "~/models/team.server";
import { SERVQUAL_DIMENSIONS } from "~/store/vocabulary";

export const meta: MetaFunction = ({ matches }) => standardsTitle(matches, "standards.handbook.metaTitle");


const FOR_YOU_LIMIT = 5;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const query = HandbookQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const teams = await listTeams();
  // Teams go by slug in the address (?provider=finance); an id still works, for older links.
  const team = (ref: string | null) => (ref ? teams.find((t) => t.slug === ref || t.id === ref) ?? null : null);
  const named = (t: { slug: string; name: string } | null) => t && { slug: t.slug, name: t.name };
  const customer = team(query.customer);
  const provider = team(query.provider);
  const mine = teams.find((t) => t.id === user.teamId) ?? null;
  if (query.q?.trim()) await searchReady(); // just after a start, the search index may still be being built
  const result = browseHandbook({
    q: query.q,
    dimension: query.dimension,
    customerTeamId: customer?.id ?? null,
    providerTeamId: provider?.id ?? null,
    page: query.page,
  });
  const toAcknowledge = pendingAcknowledgements(user);
  const toRate = standardsToRate(user);
  const inReview = isAdmin(user) ? standardsInReview() : [];
  return pageData({
    ...result,
    q: query.q,
    dimension: query.dimension,
    customer: named(customer),
    provider: named(provider),
    teams: teams.map((t) => ({ slug: t.slug, name: t.name })),
    myTeam: named(mine),
    summary: handbookSummary(),
    canDraft: hasRole(user, "manager"),
    forYou: {
      toAcknowledge: toAcknowledge.slice(0, FOR_YOU_LIMIT),
      toAcknowledgeCount: toAcknowledge.length,
      toRate: toRate.slice(0, FOR_YOU_LIMIT),
      toRateCount: toRate.length,
      inReview: inReview.slice(0, FOR_YOU_LIMIT).map((s) => ({ slug: s.slug, title: titleOf(s) })),
      inReviewCount: inReview.length,
    },
  });
}

function ForYou({ forYou }: { forYou: ReturnType<typeof useLoaderData<typeof loader>>["forYou"] }) {
  const t = useT();
  if (!forYou.toAcknowledgeCount && !forYou.toRateCount && !forYou.inReviewCount) return null;
  return (
    <aside className="panel for-you" aria-labelledby="for-you-title">
      <h2 id="for-you-title">{t("standards.handbook.forYou")}</h2>
      <div className="for-you-items">
        {forYou.toAcknowledgeCount ? (
          <div className="for-you-item">
            <p>
              {t("standards.handbook.toAcknowledge", { count: forYou.toAcknowledgeCount })}
            </p>
            <ul>
              {forYou.toAcknowledge.map((s) => (
                <li key={s.slug}><ListLink to={`/standards/${s.slug}`}>{s.title}</ListLink></li>
              ))}
            </ul>
            <p><ListLink to="/standards/mine">{t("standards.handbook.seeMine")}</ListLink></p>
          </div>
        ) : null}
        {forYou.toRateCount ? (
          <div className="for-you-item">
            <p>
              {t("standards.handbook.toRate", { count: forYou.toRateCount })}
            </p>
            <ul>
              {forYou.toRate.map((s) => (
                <li key={s.slug}>
                  <ListLink to={`/standards/${s.slug}#rate`}>{s.title}</ListLink> <span className="hint">{`· ${s.teamName}`}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {forYou.inReviewCount ? (
          <div className="for-you-item">
            <p>
              {t("standards.handbook.inReview", { count: forYou.inReviewCount })}
            </p>
            <ul>
              {forYou.inReview.map((s) => (
                <li key={s.slug}><ListLink to={`/standards/${s.slug}`}>{s.title}</ListLink></li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </aside>
  );
}

/** "What Finance promises Customer Support", "What Finance promises", "What Customer Support can expect". */
function resultsTitle(t: ReturnType<typeof useT>, provider: { name: string } | null, customer: { name: string } | null) {
  if (provider && customer) return t("standards.handbook.promisesToTitle", { provider: provider.name, customer: customer.name });
  if (provider) return t("standards.handbook.promisesTitle", { team: provider.name });
  return t("standards.handbook.expectTitle", { team: customer?.name ?? "" });
}

export default function Handbook() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const { groups, total, page, pages, q, dimension, customer, provider, teams, myTeam, summary, canDraft } = data;
  const filtered = Boolean(q || dimension || customer || provider);
  const teamOptions = teams.map((team) => ({ value: team.slug, label: team.name }));
  const count = t("standards.handbook.results", { count: total });
  return (
    <section aria-labelledby="handbook-title" className="handbook">
      <header className="handbook-hero">
        <div className="handbook-intro">
          <h1 id="handbook-title">{t("standards.handbook.title")}</h1>
          <p className="lead">{t("standards.handbook.lead")}</p>
          {summary.standards ? (
            <p className="handbook-stats">
              <span>{t("standards.handbook.summary", { standards: summary.standards, teams: summary.teams })}</span>
              <span>{t("standards.handbook.keptSummary", { kept: summary.kept, slipping: summary.slipping })}</span>
            </p>
          ) : null}
        </div>
        <div className="actions handbook-actions">
          {myTeam && customer?.slug !== myTeam.slug ? (
            <ListLink className="button primary" to={`/standards?customer=${myTeam.slug}`}>
              {t("standards.handbook.expect", { team: myTeam.name })}
            </ListLink>
          ) : null}
          {canDraft ? <ListLink className="button" to="/standards/new">{t("standards.handbook.draft")}</ListLink> : null}
          <ListLink className="button" to="/standards/print">{t("standards.handbook.print")}</ListLink>
        </div>
      </header>

      <ForYou forYou={data.forYou} />

      {/* Keyed by the filters: a link that changes them (such as "What can my team expect?") must show its choices in the form. */}
      <Form
        key={`${q}|${dimension ?? ""}|${provider?.slug ?? ""}|${customer?.slug ?? ""}`}
        method="get"
        action="/standards"
        className="filters handbook-filters"
        role="search"
        aria-label={t("standards.handbook.filtersLabel")}
      >
        <div className="field handbook-search">
          <label htmlFor="handbook-q">{t("standards.handbook.searchLabel")}</label>
          <input id="handbook-q" type="search" name="q" defaultValue={q} placeholder={t("standards.handbook.searchPlaceholder")} />
        </div>
        <Select
          label={t("standards.handbook.dimension")}
          name="dimension"
          defaultValue={dimension ?? ""}
          placeholder={t("standards.handbook.anyDimension")}
          options={SERVQUAL_DIMENSIONS.map((d) => ({ value: d, label: t(`standards.dimensions.${d}`) }))}
        />
        <Select
          label={t("standards.handbook.provider")}
          name="provider"
          defaultValue={provider?.slug ?? ""}
          placeholder={t("standards.handbook.anyProvider")}
          options={teamOptions}
        />
        <Select
          label={t("standards.handbook.customer")}
          name="customer"
          defaultValue={customer?.slug ?? ""}
          placeholder={t("standards.handbook.anyCustomer")}
          options={teamOptions}
        />
        <div className="actions">
          <button type="submit" className="button primary">{t("standards.handbook.filter")}</button>
          {filtered ? <ListLink to="/standards">{t("standards.handbook.clear")}</ListLink> : null}
        </div>
      </Form>

      <div className="handbook-results-head">
        {customer || provider ? <h2 className="expect-title">{resultsTitle(t, provider, customer)}</h2> : null}
        <p className="results-count">
          {q ? t("standards.handbook.resultsFor", { count, q }) : count}
          {customer ? <> · <ListLink to="/standards">{t("standards.handbook.everyTeam")}</ListLink></> : null}
        </p>
      </div>

      {groups.length > 1 ? (
        <nav aria-label={t("standards.handbook.jumpTo")} className="team-jump">
          <ul role="list">
            {groups.map((g) => (
              <li key={g.teamId}>
                <a href={`#team-${g.teamId}`}>
                  {`${g.teamName} `}
                  <span className="count">{g.standards.length}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      {total === 0 ? (
        <p className="empty">{filtered ? t("standards.handbook.none") : canDraft ? t("standards.handbook.emptyManager") : t("standards.handbook.empty")}</p>
      ) : null}

      {groups.map((g) => (
        <section key={g.teamId} id={`team-${g.teamId}`} className="handbook-team" aria-labelledby={`team-${g.teamId}-title`}>
          <div className="handbook-team-head">
            <h2 id={`team-${g.teamId}-title`}>{g.teamName}</h2>
            <p className="hint">
              {`${g.description ? `${g.description} · ` : ""}${t("standards.handbook.teamCount", { count: g.standards.length })}`}
            </p>
          </div>
          <div className="grid standard-grid">
            {g.standards.map((s) => (
              <StandardCard key={s.slug} standard={s} />
            ))}
          </div>
        </section>
      ))}
      <Pagination page={page} pages={pages} />
    </section>
  );
}
