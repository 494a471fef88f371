/**
 * Migrations of the snapshot document, oldest first. Each takes the document at `from` and
 * returns it at `from + 1`. The log's records are always written at the current version, so
 * only the snapshot ever needs migrating.
 */
export type Migration = {
  from: number;
  description: string;
  up: (doc: Record<string, unknown>) => Record<string, unknown>;
};

export const MIGRATIONS: Migration[] = [
  {
    from: 1,
    description: "add the culture pulse collections and the store's secret for anonymous answers",
    up: (doc) => ({
      ...doc,
      schemaVersion: 2,
      pulses: doc.pulses ?? {},
      pulseAnswers: doc.pulseAnswers ?? {},
      secret: doc.secret ?? crypto.randomUUID() + crypto.randomUUID(),
    }),
  },
];

export function migrate(doc: Record<string, unknown>, target: number) {
  let current = doc;
  const applied: string[] = [];
  while (typeof current.schemaVersion === "number" && current.schemaVersion < target) {
    const step = MIGRATIONS.find((m) => m.from === current.schemaVersion);
    if (!step) throw new Error(`no migration from schemaVersion ${String(current.schemaVersion)}`);
    current = step.up(current);
    applied.push(step.description);
  }
  return { doc: current, applied };
}
