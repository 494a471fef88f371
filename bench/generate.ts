/**
 * The benchmark's synthetic organisation: teams, people, policies (with revisions, friction
 * reports, orphans, drafts and retirements), service standards (published, acknowledged, rated)
 * and reviews with proposals and votes — every record made by the domain's own functions, with a
 * clock set in the past and the store's batched (non-durable) mode, then flushed and snapshotted.
 *
 *   tsx bench/generate.ts <small|medium|large|xlarge> <data-dir> [manifest.json]
 *
 * Prints (or writes) a manifest: what was made, how long each phase took, and what the load
 * phase needs (accounts, a policy to open, filters, open proposals, a search probe).
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { closeStore, getStore, openStore } from "~/store/index.server";
import type { Store } from "~/store/store.server";
import { SNAPSHOT_FILE, LOG_FILE } from "~/store/store.server";
import { FRICTION_TAGS, MANDATES, PURPOSE_TAGS, SERVQUAL_DIMENSIONS, type Role } from "~/store/schema";
import type { Actor } from "~/models/actor";
import { hashPassword } from "~/lib/password.server";
import { SeedClock } from "~/seed/clock";
import { createTeam } from "~/models/team.server";
import { createPerson, setPersonActive } from "~/models/person.server";
import { createPolicy, policyToInput, retirePolicy, revisePolicy } from "~/models/policy.server";
import { listCatalogue, PAGE_SIZE, parseCatalogueQuery } from "~/models/catalogue.server";
import { reportFriction } from "~/models/friction-report.server";
import { createStandard, publishStandard, submitStandard } from "~/models/standard.server";
import { acknowledgeStandard } from "~/models/acknowledgement.server";
import { generateReviews, type ReviewPlan, type ReviewsMade } from "./generate-reviews";
import { generateRatings } from "./generate-ratings";

// ---------------------------------------------------------------- sizes

export type SizeName = "small" | "medium" | "large" | "xlarge";

export type SizeSpec = {
  name: SizeName;
  teams: number;
  people: number;
  policies: number;
  standards: number;
  reviews: ReviewPlan;
  /** Friction reports per policy, on average. */
  reportsPerPolicy: number;
};

/** Votes = reviews × proposals per review × voters per proposal. */
export const SIZES: Record<SizeName, SizeSpec> = {
  small: {
    name: "small",
    teams: 20,
    people: 1_000,
    policies: 1_000,
    standards: 100,
    reviews: { reviews: 40, proposalsPerReview: 5, votersPerProposal: 50, openShare: 0.5 },
    reportsPerPolicy: 0.5,
  },
  medium: {
    name: "medium",
    teams: 50,
    people: 5_000,
    policies: 10_000,
    standards: 500,
    reviews: { reviews: 400, proposalsPerReview: 5, votersPerProposal: 50, openShare: 0.3 },
    reportsPerPolicy: 0.5,
  },
  large: {
    name: "large",
    teams: 100,
    // As many people as the medium size: createPerson checks e-mail uniqueness by scanning
    // everyone, so bulk creation is quadratic (see BENCHMARKS.md); the large size grows the
    // catalogue and the votes instead.
    people: 5_000,
    policies: 50_000,
    standards: 1_000,
    reviews: { reviews: 2_000, proposalsPerReview: 5, votersPerProposal: 50, openShare: 0.2 },
    reportsPerPolicy: 0.2,
  },
  /** Twice the large size (not part of `npm run bench` unless asked for: `npm run bench -- xlarge`). */
  xlarge: {
    name: "xlarge",
    teams: 200,
    people: 10_000,
    policies: 100_000,
    standards: 2_000,
    reviews: { reviews: 4_000, proposalsPerReview: 5, votersPerProposal: 50, openShare: 0.2 },
    reportsPerPolicy: 0.2,
  },
};

/** The one password of every generated account (hashed once: scrypt is deliberately slow). */
export const BENCH_PASSWORD = "bench-password-not-a-secret";
export const ADMIN_EMAIL = "admin@bench.example";
/** People kept out of the generated votes, so the load phase can cast new ones. */
export const VOTER_POOL = 200;
export const READERS = 20;

export type Manifest = {
  size: SizeName;
  dataDir: string;
  counts: Record<string, number>;
  events: number;
  phasesMs: Record<string, number>;
  made: Record<string, number>;
  generateMs: number;
  /** The streamed snapshot written while nothing else runs: in all, and the longest turn of the event loop it took. */
  snapshot: { blockMs: number; writeMs: number; bytes: number };
  files: { snapshotBytes: number; logBytes: number };
  password: string;
  adminEmail: string;
  readerEmails: string[];
  voterEmails: string[];
  voterIds: string[];
  /** Open proposals that take votes: the vote route's path parts. */
  openProposals: Array<{ reviewId: string; proposalId: string }>;
  policySlug: string;
  searchWord: string;
  probe: { q: string; slug: string };
  catalogueFilters: Record<string, string>;
  /** 50, or the last full page of the filtered catalogue when it has fewer. */
  cataloguePage: number;
};

// ---------------------------------------------------------------- randomness (reproducible)

export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
    /** k distinct items (k ≤ list.length). */
    sample: <T>(list: readonly T[], k: number): T[] => {
      const out = new Set<number>();
      while (out.size < Math.min(k, list.length)) out.add(Math.floor(next() * list.length));
      return [...out].map((i) => list[i]);
    },
  };
}
export type Rng = ReturnType<typeof prng>;

// ---------------------------------------------------------------- vocabulary

const SUBJECTS = [
  "refund", "expense", "invoice", "laptop", "access", "travel", "discount", "contract", "onboarding", "leave",
  "overtime", "purchase", "supplier", "password", "backup", "complaint", "warranty", "shipment", "badge", "parking",
  "training", "budget", "payroll", "hiring", "licence", "printer", "meeting", "visitor", "archive", "quote",
  "credit", "return", "escalation", "callback", "voucher", "deposit", "mileage", "phone", "software", "catering",
  "relocation", "bonus", "sample", "tender", "subscription", "courier", "keycard", "monitor", "conference", "translation",
  "sponsorship", "donation", "gift", "insurance", "locker", "uniform", "stationery", "webinar", "survey", "timesheet",
] as const;
const QUALIFIERS = [
  "over $50", "over $500", "for new customers", "outside the EU", "after 30 days", "for contractors", "above budget",
  "on weekends", "for key accounts", "under $20", "for interns", "in the first week", "for remote staff", "after hours",
] as const;
const RULES = [
  "needs a manager's approval", "requires two signatures", "must be requested by form", "waits for the weekly batch",
  "needs finance sign-off", "is limited to office hours", "must be logged in the ticket system",
  "requires a written justification", "needs a second review", "goes through the service desk",
] as const;
const NEEDS = [
  "customers get a fair and quick answer", "we keep the quality customers rely on", "people feel their effort is seen",
  "requests lead to action within the day", "prices stay fair for every customer", "we meet what the law asks of us",
  "nobody is put at risk", "fraud is caught before it costs anyone",
] as const;
const FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kai", "Lena", "Mo", "Nia", "Omar", "Pia", "Quin", "Rosa", "Sami", "Tess", "Uma", "Vik", "Wen", "Yara", "Zof"];
const LAST = ["Adler", "Berg", "Costa", "Diaz", "Eklund", "Fischer", "Garcia", "Haas", "Ito", "Jansen", "Kowalski", "Larsen", "Meyer", "Novak", "Okoye", "Petrov", "Quist", "Rossi", "Silva", "Tanaka", "Ueda", "Vos", "Weber", "Young", "Zeller"];
const TEAM_WORDS = ["Support", "Finance", "IT", "People", "Sales", "Operations", "Legal", "Facilities", "Procurement", "Security", "Marketing", "Data", "Quality", "Logistics", "Payroll"];

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

// ---------------------------------------------------------------- the organisation

export type Org = {
  teams: Array<{ id: string; slug: string; name: string; manager: Actor; members: Actor[] }>;
  admin: Actor;
  people: Actor[];
  /** Employees who never vote in the generated reviews. */
  voterPool: Actor[];
  /** Employees whose sessions read the pages (they stay active). */
  readers: Actor[];
  emails: Map<string, string>;
};

function actorOf(p: { id: string; name: string; role: Role; teamId: string }): Actor {
  return { id: p.id, name: p.name, role: p.role, teamId: p.teamId };
}

async function generateOrg(spec: SizeSpec, clock: SeedClock, rng: Rng): Promise<Org> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const teams: Org["teams"] = [];
  for (let i = 0; i < spec.teams; i++) {
    const word = TEAM_WORDS[i % TEAM_WORDS.length];
    const name = i < TEAM_WORDS.length ? word : `${word} ${Math.floor(i / TEAM_WORDS.length) + 1}`;
    const team = await createTeam({ actor: null, input: { name, description: `The ${name} team.` } });
    teams.push({ id: team.id, slug: team.slug, name: team.name, manager: null as unknown as Actor, members: [] });
  }
  const emails = new Map<string, string>();
  const people: Actor[] = [];
  const make = async (i: number, teamIndex: number, role: Role, email: string) => {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
    const person = await createPerson({
      actor: null,
      input: { name, email, teamId: teams[teamIndex].id, role, password: BENCH_PASSWORD },
      passwordHash,
    });
    const actor = actorOf(person);
    emails.set(actor.id, email);
    people.push(actor);
    teams[teamIndex].members.push(actor);
    return actor;
  };
  const admin = await make(0, 0, "admin", ADMIN_EMAIL);
  for (let t = 0; t < teams.length; t++) teams[t].manager = await make(t + 1, t, "manager", `manager${t}@bench.example`);
  for (let i = teams.length + 1; i < spec.people; i++) {
    await breathe(false);
    clock.set(new Date(clock.now().getTime() + 1000));
    await make(i, rng.int(0, teams.length - 1), "employee", `person${i}@bench.example`);
  }
  const employees = people.filter((p) => p.role === "employee");
  const voterPool = employees.slice(0, Math.min(VOTER_POOL, Math.floor(employees.length / 5)));
  const readers = employees.slice(voterPool.length, voterPool.length + READERS);
  return { teams, admin, people, voterPool, readers, emails };
}

// ---------------------------------------------------------------- policies

function policyInput(rng: Rng, org: Org, teamIndex: number, n: number) {
  const team = org.teams[teamIndex];
  const subject = rng.pick(SUBJECTS);
  const code = `${team.slug.slice(0, 3).toUpperCase()}-${n}`;
  const title = `${cap(subject)} ${rng.pick(QUALIFIERS)} ${rng.pick(RULES)} (${code})`;
  const hasPurpose = rng.chance(0.85);
  const purposeTags = new Set<string>();
  if (rng.chance(0.45)) purposeTags.add("service");
  for (let k = rng.int(0, 2); k > 0; k--) purposeTags.add(rng.pick(PURPOSE_TAGS));
  const frictionTags = rng.sample(FRICTION_TAGS, rng.int(0, 3));
  const otherTeams = rng.sample(org.teams.filter((t) => t.id !== team.id), rng.int(0, 2)).map((t) => t.id);
  const need = rng.pick(NEEDS);
  const body = [
    `## What to do`,
    ``,
    `1. Fill in the ${subject} request form with the details asked.`,
    `2. Send it to ${team.name} and wait for the answer.`,
    `3. Keep the confirmation: you may be asked for it later.`,
    ``,
    `## Exceptions`,
    ``,
    `Exceptions to this ${subject} rule need the written agreement of the ${team.name} manager. ` +
      `See the **${subject}** guidance on the intranet.`,
  ].join("\n");
  return {
    title,
    summary: `How ${subject} requests ${rng.pick(QUALIFIERS)} are handled by ${team.name}.`,
    body,
    teamId: team.id,
    ownerId: rng.chance(0.7) ? team.manager.id : rng.pick(team.members).id,
    purpose: hasPurpose ? `So that ${need}.` : "",
    purposeTags: hasPurpose ? [...purposeTags] : [],
    audienceExternal: rng.chance(0.3),
    audienceTeamIds: otherTeams,
    mandate: rng.chance(0.7) ? "own" : rng.pick(MANDATES.filter((m) => m !== "own")),
    occurrencesPerMonth: rng.int(1, 400),
    steps: rng.int(1, 12),
    approvals: rng.int(0, 4),
    handoffs: rng.int(0, 5),
    activeMinutes: rng.int(2, 90),
    waitingMinutes: rng.pick([0, 30, 240, 1440, 2880]),
    frictionTags,
    reviewCycleMonths: rng.pick([6, 12, 12, 24]),
    lastReviewedOn: rng.chance(0.6) ? new Date(Date.now() - rng.int(30, 900) * 86_400_000).toISOString().slice(0, 10) : null,
    subject,
    code,
  };
}

export type PolicyMade = { id: string; slug: string; teamIndex: number; subject: string; code: string; title: string };

async function generatePolicies(spec: SizeSpec, org: Org, clock: SeedClock, rng: Rng, now: number): Promise<PolicyMade[]> {
  const made: PolicyMade[] = [];
  // Catalogued 400–200 days ago.
  const start = now - 400 * 86_400_000;
  const step = (200 * 86_400_000) / spec.policies;
  for (let n = 0; n < spec.policies; n++) {
    await breathe(false);
    clock.set(new Date(start + n * step));
    const teamIndex = n % org.teams.length;
    const { subject, code, ...input } = policyInput(rng, org, teamIndex, n);
    const policy = await createPolicy({
      actor: org.teams[teamIndex].manager,
      input,
      status: rng.chance(0.03) ? "draft" : "active",
    });
    made.push({ id: policy.id, slug: policy.slug, teamIndex, subject, code, title: policy.title });
  }
  return made;
}

/** A share of policies gets a second revision, some are retired, some owners leave (orphans). */
async function generatePolicyHistory(spec: SizeSpec, org: Org, policies: PolicyMade[], clock: SeedClock, rng: Rng, now: number) {
  let revised = 0;
  let retired = 0;
  const start = now - 200 * 86_400_000;
  const step = (10 * 86_400_000) / policies.length;
  for (let i = 0; i < policies.length; i++) {
    await breathe(false);
    const p = policies[i];
    clock.set(new Date(start + i * step));
    const manager = org.teams[p.teamIndex].manager;
    if (rng.chance(0.2)) {
      const current = getStore().data.policies[p.id];
      const input = policyToInput(current);
      await revisePolicy({
        actor: manager,
        policyId: p.id,
        input: { ...input, activeMinutes: Math.max(1, Number(input.activeMinutes) - 1), summary: `${current.summary} (clarified)` },
        note: "Clarified the summary and the active time after feedback.",
      });
      revised++;
    } else if (rng.chance(0.02)) {
      await retirePolicy({ actor: manager, policyId: p.id, reason: "Replaced by a simpler rule." });
      retired++;
    }
  }
  // Friction reports, any time over the last 200 days.
  let reports = 0;
  const total = Math.round(policies.length * spec.reportsPerPolicy);
  const live = () => rng.pick(policies);
  for (let i = 0; i < total; i++) {
    await breathe(false);
    clock.set(new Date(now - 200 * 86_400_000 + (i * 190 * 86_400_000) / total));
    const p = live();
    if (getStore().data.policies[p.id].status === "retired") continue;
    await reportFriction({
      actor: rng.pick(org.people),
      policyId: p.id,
      input: { minutesLost: rng.int(5, 240), effort: rng.int(1, 5), what: `Waited for the ${p.subject} sign-off again.` },
    });
    reports++;
  }
  // A few owners leave: their policies become orphans (never the voter pool, managers or the admin).
  let left = 0;
  const pool = new Set([...org.voterPool, ...org.readers].map((p) => p.id));
  const leavers = org.people.filter((p) => p.role === "employee" && !pool.has(p.id));
  for (const person of rng.sample(leavers, Math.max(1, Math.floor(org.people.length * 0.005)))) {
    await setPersonActive({ actor: org.admin, personId: person.id, active: false });
    left++;
  }
  return { revised, retired, reports, left };
}

// ---------------------------------------------------------------- standards

async function generateStandards(spec: SizeSpec, org: Org, policies: PolicyMade[], clock: SeedClock, rng: Rng, now: number) {
  const published: Array<{ id: string; teamIndex: number }> = [];
  const start = now - 360 * 86_400_000;
  for (let i = 0; i < spec.standards; i++) {
    clock.set(new Date(start + (i * 60 * 86_400_000) / spec.standards));
    const teamIndex = i % org.teams.length;
    const team = org.teams[teamIndex];
    const subject = rng.pick(SUBJECTS);
    const customers = rng.chance(0.5) ? [] : rng.sample(org.teams.filter((t) => t.id !== team.id), rng.int(1, 3)).map((t) => t.id);
    const linked = rng.sample(policies.filter((p) => p.teamIndex === teamIndex).slice(0, 50), rng.int(0, 2)).map((p) => p.id);
    const standard = await createStandard({
      actor: team.manager,
      input: {
        teamId: team.id,
        title: `${team.name} answers ${subject} requests within ${rng.pick([2, 4, 8, 24])} hours (${i})`,
        commitment: `We answer every ${subject} request quickly and tell you what happens next.`,
        metric: `Time to first answer on a ${subject} request`,
        targetValue: rng.pick([2, 4, 8, 24, 95]),
        unit: rng.pick(["hours", "business hours", "%"]),
        period: "each month",
        customerTeamIds: customers,
        dimension: rng.pick(SERVQUAL_DIMENSIONS),
        factor: rng.pick(["hygiene", "motivator", ""]),
        body: `## How we do it\n\nWe read every ${subject} request the day it arrives and answer it within the target.\n`,
        linkedPolicyIds: linked,
      },
    });
    await submitStandard({ actor: team.manager, standardId: standard.id });
    if (rng.chance(0.9)) {
      await publishStandard({ actor: org.admin, standardId: standard.id });
      published.push({ id: standard.id, teamIndex });
    }
  }
  // Members of the provider team acknowledge (most of them).
  let acks = 0;
  clock.set(new Date(now - 290 * 86_400_000));
  for (const s of published) {
    for (const member of org.teams[s.teamIndex].members) {
      await breathe(false);
      if (!rng.chance(0.7)) continue;
      if (!getStore().data.people[member.id]?.active) continue;
      await acknowledgeStandard({ actor: member, standardId: s.id });
      acks++;
    }
  }
  return { published, acks };
}

// ---------------------------------------------------------------- the whole

let lastBreath = 0;
/**
 * Lets the event loop turn now and then. The domain functions only await promises that are
 * already resolved, so without this the store's batched log writes would never run until the end
 * and the whole log would wait in memory.
 */
export async function breathe(force = true) {
  if (!force && ++lastBreath % 2000 !== 0) return;
  await new Promise((resolve) => setImmediate(resolve));
}

function fileSize(file: string) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** What a caller may watch while the organisation is made (a test follows the store as it grows). */
export type GenerateHooks = {
  /** Right after the store opens, before anything is written. */
  opened?: (store: Store) => void;
  /** After each phase, with the clock where the phase left it; the last one ("flush") just before the store closes. */
  phaseDone?: (name: string, store: Store) => void | Promise<void>;
};

export async function generate(sizeName: SizeName, dataDir: string, hooks: GenerateHooks = {}): Promise<Manifest> {
  const spec = SIZES[sizeName];
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length) throw new Error(`${dataDir} is not empty`);
  const started = performance.now();
  const phasesMs: Record<string, number> = {};
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await run();
    await breathe();
    phasesMs[name] = Math.round(performance.now() - t);
    await hooks.phaseDone?.(name, store);
    return result;
  };

  const store: Store = await openStore(dataDir);
  hooks.opened?.(store);
  const now = Date.now();
  const clock = new SeedClock(new Date(now - 420 * 86_400_000));
  store.clock = clock;
  store.durable = false;
  const rng = prng(7_2024 + spec.policies);

  const org = await phase("people", () => generateOrg(spec, clock, rng));
  const policies = await phase("policies", () => generatePolicies(spec, org, clock, rng, now));
  const history = await phase("policyHistory", () => generatePolicyHistory(spec, org, policies, clock, rng, now));
  const standards = await phase("standards", () => generateStandards(spec, org, policies, clock, rng, now));
  const ratings = await phase("ratings", () => generateRatings({ org, standards: standards.published, clock, rng, now }));
  const reviews: ReviewsMade = await phase("reviews", () =>
    generateReviews({ plan: spec.reviews, org, policies, clock, rng, now }),
  );

  await phase("flush", () => store.flush());
  // The catalogue's page 50 with two filters, or where the filters match fewer rows, the last
  // page that is full: the sizes then compare pages of the same twenty rows.
  const catalogueFilters = { purpose: "service", mandate: "own" };
  const filtered = await listCatalogue(parseCatalogueQuery(new URLSearchParams(catalogueFilters)));
  const cataloguePage = Math.max(1, Math.min(50, Math.floor(filtered.total / PAGE_SIZE)));
  const counts = Object.fromEntries(Object.entries(store.data).map(([k, v]) => [k, Object.keys(v).length]));
  const events = store.activity.length;
  // The snapshot as the store writes it (streamed: in slices, then fsync and rename), with the
  // longest time one of its slices held the event loop; then a graceful close.
  store.clock = { now: () => new Date() };
  let blockMs = 0;
  let last = performance.now();
  let ticking = true;
  const tick = () => {
    const now = performance.now();
    blockMs = Math.max(blockMs, now - last);
    last = now;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const t1 = performance.now();
  await store.snapshot();
  const writeMs = Math.round(performance.now() - t1);
  ticking = false;
  blockMs = Math.round(blockMs);
  const bytes = fileSize(path.join(dataDir, SNAPSHOT_FILE));
  await closeStore();

  // The policy page of a policy with history.
  const withHistory = policies.find((p) => reviews.reviewedPolicyIds.has(p.id)) ?? policies[0];
  const probeSource = policies[Math.floor(policies.length / 2)];
  // A word of one rule in ten ("requires two signatures"), so the first page of hits is full at
  // every size and the sizes compare page for page.
  const searchWord = "signature";
  return {
    size: sizeName,
    dataDir,
    counts,
    events,
    phasesMs,
    made: { ...history, publishedStandards: standards.published.length, acknowledgements: standards.acks, ratings, ...reviews.counts },
    generateMs: Math.round(performance.now() - started),
    snapshot: { blockMs, writeMs, bytes },
    files: { snapshotBytes: fileSize(path.join(dataDir, SNAPSHOT_FILE)), logBytes: fileSize(path.join(dataDir, LOG_FILE)) },
    password: BENCH_PASSWORD,
    adminEmail: ADMIN_EMAIL,
    readerEmails: org.readers.map((p) => org.emails.get(p.id)!),
    voterEmails: org.voterPool.map((p) => org.emails.get(p.id)!),
    voterIds: org.voterPool.map((p) => p.id),
    openProposals: reviews.openProposals,
    policySlug: withHistory.slug,
    searchWord,
    probe: { q: `${probeSource.subject} ${probeSource.code.split("-")[1]}`, slug: probeSource.slug },
    catalogueFilters,
    cataloguePage,
  };
}

// ---------------------------------------------------------------- command line

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/generate.ts")) {
  const [sizeName, dir, out] = process.argv.slice(2);
  if (!sizeName || !(sizeName in SIZES) || !dir) {
    console.error("usage: tsx bench/generate.ts <small|medium|large|xlarge> <data-dir> [manifest.json]");
    process.exit(2);
  }
  const manifest = await generate(sizeName as SizeName, path.resolve(dir));
  const text = JSON.stringify(manifest, null, 2);
  if (out) fs.writeFileSync(out, text);
  else console.log(text);
}
