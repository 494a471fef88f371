/**
 * In-memory indexes the review pages need (proposals of a review, votes and comments of a
 * proposal, reviews of a policy, friction reports of a policy). Built once per store by one scan,
 * then kept current from every commit through store.subscribe — so no page ever scans the
 * 100,000 votes to count a tally.
 */
import type { Change } from "~/store/events";
import { getStore } from "~/store/index.server";
import type { Store } from "~/store/store.server";

/** Ids grouped under one or more keys, with the reverse map so a record can move or go. */
class Groups {
  private byKey = new Map<string, Set<string>>();
  private keysOf = new Map<string, string[]>();

  set(id: string, keys: string[]) {
    this.delete(id);
    this.keysOf.set(id, keys);
    for (const key of keys) {
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      set.add(id);
    }
  }

  delete(id: string) {
    const old = this.keysOf.get(id);
    if (!old) return;
    for (const key of old) this.byKey.get(key)?.delete(id);
    this.keysOf.delete(id);
  }

  get(key: string): ReadonlySet<string> {
    return this.byKey.get(key) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

export class ReviewIndex {
  readonly proposalsByReview = new Groups();
  readonly votesByProposal = new Groups();
  readonly commentsByProposal = new Groups();
  readonly reviewsByPolicy = new Groups();
  readonly proposalsByPolicy = new Groups();
  readonly reportsByPolicy = new Groups();
  /** Bumped when anything the review queue depends on changes. */
  queueVersion = 0;
  queueCache: { key: string; value: unknown } | null = null;

  constructor(store: Store) {
    const d = store.data;
    for (const p of Object.values(d.proposals)) this.addProposal(p.id, p.reviewId, p.policyId);
    for (const v of Object.values(d.votes)) this.votesByProposal.set(v.id, [v.proposalId]);
    for (const c of Object.values(d.comments)) this.commentsByProposal.set(c.id, [c.proposalId]);
    for (const r of Object.values(d.reviews)) this.reviewsByPolicy.set(r.id, r.policyIds);
    for (const f of Object.values(d.frictionReports)) this.reportsByPolicy.set(f.id, [f.policyId]);
  }

  private addProposal(id: string, reviewId: string, policyId: string) {
    this.proposalsByReview.set(id, [reviewId]);
    this.proposalsByPolicy.set(id, [policyId]);
  }

  apply(changes: Change[]) {
    for (const change of changes) {
      const deleted = "del" in change;
      const v = deleted ? null : (change.v as Record<string, unknown>);
      switch (change.c) {
        case "proposals":
          if (deleted) {
            this.proposalsByReview.delete(change.id);
            this.proposalsByPolicy.delete(change.id);
          } else this.addProposal(change.id, String(v!.reviewId), String(v!.policyId));
          break;
        case "votes":
          if (deleted) this.votesByProposal.delete(change.id);
          else this.votesByProposal.set(change.id, [String(v!.proposalId)]);
          break;
        case "comments":
          if (deleted) this.commentsByProposal.delete(change.id);
          else this.commentsByProposal.set(change.id, [String(v!.proposalId)]);
          break;
        case "reviews":
          if (deleted) this.reviewsByPolicy.delete(change.id);
          else this.reviewsByPolicy.set(change.id, v!.policyIds as string[]);
          this.queueVersion++;
          break;
        case "frictionReports":
          if (deleted) this.reportsByPolicy.delete(change.id);
          else this.reportsByPolicy.set(change.id, [String(v!.policyId)]);
          this.queueVersion++;
          break;
        case "policies":
        case "teams":
          this.queueVersion++;
          break;
        default:
          break;
      }
    }
  }
}

const indexes = new WeakMap<Store, ReviewIndex>();

/** The index of the open store, built on first use and kept current from then on. */
export function reviewIndex(): ReviewIndex {
  const store = getStore();
  let index = indexes.get(store);
  if (!index) {
    const built = new ReviewIndex(store);
    store.subscribe((_event, changes) => built.apply(changes));
    indexes.set(store, built);
    index = built;
  }
  return index;
}

/**
 * Reviews being closed right now. Closing adopts changes through several commits; while it runs,
 * votes, proposals, edits and comments on that review are refused, and a second close waits its
 * turn. One process owns the store, so a set in memory is the lock.
 */
export const closingReviews = new Set<string>();
