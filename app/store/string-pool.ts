import { EVENT_TYPES, SUBJECT_KINDS, type ActivityEvent, type Change } from "./events";
import * as vocabulary from "./vocabulary";

/**
 * The product's fixed words (roles, statuses, tags, positions, event types…), one copy each.
 * Parsed from JSON, each mention is a string of its own: a large organisation held "proposal.voted"
 * half a million times. A value is swapped for its word only if it is one; other text (names,
 * summaries, dates) is left alone, and a value longer than the longest word is not even looked up.
 */
const WORDS = new Map<string, string>();
for (const list of [
  ...Object.values(vocabulary),
  Object.keys(EVENT_TYPES),
  SUBJECT_KINDS,
]) {
  if (Array.isArray(list)) for (const word of list) if (typeof word === "string") WORDS.set(word, word);
}
const LONGEST_WORD = Math.max(...[...WORDS.keys()].map((word) => word.length));

/** The one copy of `value` if it is one of the product's words, else `value`. */
function word(value: string): string {
  return value.length <= LONGEST_WORD ? (WORDS.get(value) ?? value) : value;
}

/**
 * One copy of each id in memory. Parsed from JSON, every mention of an id is a string of its
 * own: a vote repeats its proposal's, review's and person's ids, and every event its actor's
 * and subject's, so a large organisation held each id thousands of times over (about 40 % of a
 * vote's memory, and of an event's). The store passes each record and event it applies through
 * its pool, which swaps those strings for the one copy it keeps. Strings are immutable, so
 * nothing that reads them can tell.
 */
export class StringPool {
  private strings = new Map<string, string>();

  /** The pool's copy of `value`. */
  get(value: string): string {
    const kept = this.strings.get(value);
    if (kept !== undefined) return kept;
    this.strings.set(value, value);
    return value;
  }

  get size() {
    return this.strings.size;
  }

  /**
   * Swaps, in place, the ids a record holds of other records for the pool's copies: each `…Id`
   * field and each `…Ids` list, one level down too (a standard version's `source`); every other
   * string that is one of the product's words for its one copy, one level down too; and its own
   * `id` for `key`, the string the collection keeps it under (an id of its own is never shared,
   * so it does not take a place in the pool). Returns the record.
   */
  record<T>(record: T, key?: string): T {
    if (record === null || typeof record !== "object") return record;
    const fields = record as Record<string, unknown>;
    if (key !== undefined && fields.id === key) fields.id = key;
    for (const name in fields) {
      const value = fields[name];
      if (typeof value === "string") {
        fields[name] = name.endsWith("Id") ? this.get(value) : word(value);
      } else if (Array.isArray(value)) {
        const ids = name.endsWith("Ids");
        for (let i = 0; i < value.length; i++) if (typeof value[i] === "string") value[i] = ids ? this.get(value[i]) : word(value[i]);
      } else if (value !== null && typeof value === "object") {
        // One level down (a standard version's `source`, a revision's content): ids and words alike.
        const inner = value as Record<string, unknown>;
        for (const name in inner) {
          const v = inner[name];
          if (typeof v === "string") inner[name] = name.endsWith("Id") ? this.get(v) : word(v);
          else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) if (typeof v[i] === "string") v[i] = word(v[i]);
        }
      }
    }
    return record;
  }

  /** A change whose record holds the pool's copies (changed in place). */
  change(change: Change): Change {
    if ("v" in change) this.record(change.v, change.id);
    return change;
  }

  /** An event whose ids and words (its type, its subject's kind, what changed) are the pool's copies (changed in place). */
  event(event: ActivityEvent): ActivityEvent {
    if (event.actorId) event.actorId = this.get(event.actorId);
    event.type = word(event.type) as ActivityEvent["type"];
    event.subject.kind = word(event.subject.kind) as ActivityEvent["subject"]["kind"];
    event.subject.id = this.get(event.subject.id);
    this.record(event.before);
    this.record(event.after);
    return event;
  }
}
