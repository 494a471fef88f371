import type { Clock } from "~/store/store.server";

/** A clock the seed moves by hand, so the demo's history happens over the past year. */
export class SeedClock implements Clock {
  private current: Date;
  constructor(start: Date) {
    this.current = new Date(start);
  }
  now() {
    return new Date(this.current);
  }
  set(date: Date) {
    this.current = new Date(date);
  }
  /** Moves forward by some days (and a few minutes, so events keep their order). */
  advanceDays(days: number) {
    this.current = new Date(this.current.getTime() + days * 86_400_000 + 7 * 60_000);
  }
}

export function daysAgo(now: Date, days: number) {
  return new Date(now.getTime() - days * 86_400_000);
}
