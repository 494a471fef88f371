import MiniSearch, { type SearchResult } from "minisearch";
import type { Store } from "~/store/store.server";
import type { Change } from "~/store/events";
import { setImmediate as nextTurn } from "node:timers/promises";
import { Slicer } from "./slices.server";

/**
 * Search across the product: policies and published standards, by any word of their title,
 * summary, body and purpose. One MiniSearch index, built at start-up and updated on every write
 * that touches what it covers (never rebuilt per request). Ranked by BM25 with title and
 * summary boosted; prefix and fuzzy matching forgive typos.
 */
export type SearchDoc = {
  id: string; // "policy:<id>" | "standard:<id>"
  kind: "policy" | "standard";
  slug: string;
  title: string;
  summary: string;
  body: string;
  purpose: string;
  team: string;
  status: string;
};

export type SearchHit = Omit<SearchDoc, "body" | "purpose"> & { score: number };

let index: MiniSearch<SearchDoc> | null = null;
let unsubscribe: (() => void) | null = null;

/**
 * The ranked hits of recent queries, so paging through results or a popular query costs a
 * slice, not a new ranking. Emptied whenever the index changes; the least recently used query
 * goes first when it is full.
 */
const recent = new Map<string, SearchHit[]>();
const RECENT_QUERIES = 50;

/**
 * A word as the index keeps it and as a query looks for it: lower case, without diacritics, so
 * "financiele" finds "financiële", "categorieen" finds "categorieën" and "Cafe" finds "café".
 * Unicode's canonical decomposition splits a letter from its accents, which are then dropped.
 */
export function searchTerm(term: string): string {
  return term.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/**
 * Words that say nothing about what a text is about, in English and Dutch: they are left out of
 * the index (at the large size they were about a third of its entries, each in nearly every
 * document) and out of a query that has other words ("the budget" looks for "budget"). A query of
 * them alone still looks for words they begin ("in" finds "invoice"). Words that are also names
 * or things here stay ("it" is a team, "van" and "door" are things, "may" a month).
 */
const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by do does for from has have how if in into is its of on or our so than that the " +
    "their them then there these they this those to us was we were what when where which who why with you your " +
    "aan als bij de deze dit die een en er het hoe hun je met na naar of om ook op te tot uit voor wat waar wie wij " +
    "wordt worden ze zij zijn u uw"
  ).split(" "),
);

/** A word as the index keeps it, or nothing for a word it leaves out. */
function indexTerm(term: string): string | null {
  const word = searchTerm(term);
  return STOP_WORDS.has(word) ? null : word;
}

/** The query without its stop words, unless it has nothing else. */
function withoutStopWords(query: string): string {
  const words = (MiniSearch.getDefault("tokenize") as (text: string) => string[])(query).filter(Boolean);
  const kept = words.filter((w) => indexTerm(w) !== null);
  return kept.length ? kept.join(" ") : query;
}

function newIndex() {
  return new MiniSearch<SearchDoc>({
    fields: ["title", "summary", "body", "purpose", "team"],
    processTerm: indexTerm,
    storeFields: ["kind", "slug", "title", "summary", "team", "status"],
    searchOptions: { processTerm: searchTerm, boost: { title: 3, summary: 2, purpose: 1.5 }, prefix: true, fuzzy: 0.2, combineWith: "AND" },
  });
}

function policyDoc(store: Store, id: string): SearchDoc | null {
  const p = store.data.policies[id];
  if (!p) return null;
  return {
    id: `policy:${p.id}`,
    kind: "policy",
    slug: p.slug,
    title: p.title,
    summary: p.summary,
    body: p.body,
    purpose: p.purpose,
    team: store.data.teams[p.teamId]?.name ?? "",
    status: p.status,
  };
}

function standardDoc(store: Store, id: string): SearchDoc | null {
  const s = store.data.standards[id];
  if (!s || s.publishedVersion === null || s.status === "retired") return null;
  const version = store.data.standardVersions[`${s.id}:${s.publishedVersion}`];
  if (!version) return null;
  return {
    id: `standard:${s.id}`,
    kind: "standard",
    slug: s.slug,
    title: version.content.title,
    summary: version.content.commitment,
    body: version.content.body,
    purpose: version.content.metric,
    team: store.data.teams[s.teamId]?.name ?? "",
    status: s.status,
  };
}

function refresh(store: Store, kind: "policy" | "standard", id: string) {
  if (!index) return;
  recent.clear();
  const key = `${kind}:${id}`;
  if (index.has(key)) index.discard(key);
  const doc = kind === "policy" ? policyDoc(store, id) : standardDoc(store, id);
  if (doc) index.add(doc);
}

function onChanges(store: Store, changes: Change[]) {
  for (const change of changes) {
    if (change.c === "policies") refresh(store, "policy", change.id);
    else if (change.c === "standards") refresh(store, "standard", change.id);
    else if (change.c === "standardVersions") refresh(store, "standard", change.id.split(":")[0]);
    else if (change.c === "teams") refreshTeam(store, change.id);
  }
}

/**
 * A team's name is in each of its policies and standards: refreshes those, not the whole index
 * (rebuilding it at once held the event loop for seconds at a large organisation).
 */
function refreshTeam(store: Store, teamId: string) {
  const { policies, standards } = store.data;
  for (const id in policies) if (policies[id].teamId === teamId) refresh(store, "policy", id);
  for (const id in standards) if (standards[id].teamId === teamId) refresh(store, "standard", id);
}

/** Counts rebuilds: a rebuild in slices stops when a newer one has begun. */
let generation = 0;
/** Resolves once the index holds every document (at once, unless it is being built in slices). */
let ready: Promise<void> = Promise.resolve();
function documentIds(store: Store) {
  return [
    ...Object.keys(store.data.policies).map((id) => ["policy", id] as const),
    ...Object.keys(store.data.standards).map((id) => ["standard", id] as const),
  ];
}

function addDocument(store: Store, kind: "policy" | "standard", id: string) {
  // A write while a background build goes on has added (or refreshed) it already.
  if (!index || index.has(`${kind}:${id}`)) return;
  const doc = kind === "policy" ? policyDoc(store, id) : standardDoc(store, id);
  if (doc) index.add(doc);
}

function rebuild(store: Store, background = false) {
  recent.clear();
  index = newIndex();
  const mine = ++generation;
  const ids = documentIds(store);
  if (!background) {
    for (const [kind, id] of ids) addDocument(store, kind, id);
    ready = Promise.resolve();
    return;
  }
  // In slices, between which the event loop serves requests: the server answers pages while
  // the index is built; a search waits for it (`searchReady`).
  ready = (async () => {
    await nextTurn(); // the caller goes on first: the server starts answering
    const slicer = new Slicer();
    for (const [kind, id] of ids) {
      if (mine !== generation) return; // a newer rebuild (or a stop) took over
      addDocument(store, kind, id);
      await slicer.tick();
    }
  })().finally(() => recent.clear());
}

/**
 * Builds the index and keeps it current with every write. `background`: in slices after this
 * returns (the server starts answering meanwhile; searches wait for `searchReady`).
 */
export function startSearchIndex(store: Store, { background = false } = {}) {
  unsubscribe?.();
  rebuild(store, background);
  unsubscribe = store.subscribe((_event, changes) => onChanges(store, changes));
}

/** Resolves once the index holds every policy and published standard. */
export function searchReady(): Promise<void> {
  return ready;
}

export function stopSearchIndex() {
  unsubscribe?.();
  unsubscribe = null;
  index = null;
  generation++;
  recent.clear();
}

/** Every hit for a query, ranked; `kind` narrows to policies or standards. Retired policies rank last. */
function ranked(query: string, kind?: "policy" | "standard"): SearchHit[] {
  const q = withoutStopWords(query.trim());
  if (!index || !q) return [];
  const key = `${kind ?? ""}|${searchTerm(q)}`;
  const hit = recent.get(key);
  if (hit) {
    recent.delete(key); // most recently used last
    recent.set(key, hit);
    return hit;
  }
  const filter = kind ? (r: SearchResult) => r.kind === kind : undefined;
  // Exact and prefix matches first; fuzzy matching (the costly part on a large vocabulary) only
  // when they find little — a typo finds nothing exact, so typos are still forgiven.
  let results = index.search(q, { filter, fuzzy: false });
  if (results.length < 5) results = index.search(q, { filter });
  if (!results.length) results = index.search(q, { combineWith: "OR", filter });
  const hits = results.map((r) => ({
    id: r.id as string,
    kind: r.kind as SearchHit["kind"],
    slug: r.slug as string,
    title: r.title as string,
    summary: r.summary as string,
    team: r.team as string,
    status: r.status as string,
    score: r.score,
  }));
  hits.sort((a, b) => Number(a.status === "retired") - Number(b.status === "retired") || b.score - a.score);
  if (recent.size >= RECENT_QUERIES) recent.delete(recent.keys().next().value!);
  recent.set(key, hits);
  return hits;
}

/** The best hits for a query; `kind` narrows to policies or standards. */
export function search(query: string, { kind, limit = 50 }: { kind?: "policy" | "standard"; limit?: number } = {}): SearchHit[] {
  return ranked(query, kind).slice(0, limit);
}

export const SEARCH_PAGE_SIZE = 20;

/** One page of the hits for a query, with how many there are in all. A page past the end gives the last page. */
export function searchPage(query: string, { kind, page = 1, pageSize = SEARCH_PAGE_SIZE }: { kind?: "policy" | "standard"; page?: number; pageSize?: number } = {}) {
  const all = ranked(query, kind);
  const pages = Math.max(1, Math.ceil(all.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { hits: all.slice((current - 1) * pageSize, current * pageSize), total: all.length, page: current, pages };
}
