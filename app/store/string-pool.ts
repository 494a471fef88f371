import type { ActivityEvent, Change } from "./events";

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
   * field and each `…Ids` list, one level down too (a standard version's `source`); and its own
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
        if (name.endsWith("Id")) fields[name] = this.get(value);
      } else if (Array.isArray(value)) {
        if (name.endsWith("Ids")) for (let i = 0; i < value.length; i++) if (typeof value[i] === "string") value[i] = this.get(value[i]);
      } else if (value !== null && typeof value === "object") {
        const inner = value as Record<string, unknown>;
        for (const name in inner) if (typeof inner[name] === "string" && name.endsWith("Id")) inner[name] = this.get(inner[name] as string);
      }
    }
    return record;
  }

  /** A change whose record holds the pool's copies (changed in place). */
  change(change: Change): Change {
    if ("v" in change) this.record(change.v, change.id);
    return change;
  }

  /** An event whose actor and subject ids are the pool's copies (changed in place). */
  event(event: ActivityEvent): ActivityEvent {
    if (event.actorId) event.actorId = this.get(event.actorId);
    event.subject.id = this.get(event.subject.id);
    return event;
  }
}
