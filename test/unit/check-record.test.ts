/**
 * A record read from a snapshot is checked against its collection's schema. Kept as read when the
 * check changes nothing (zod's copy holds more memory); zod's copy when it drops a field it does
 * not know, so no unknown field reaches memory.
 */
import { describe, expect, it } from "vitest";
import { checkRecord } from "~/store/base.server";

const id = "00000000-0000-4000-8000-000000000001:00000000-0000-4000-8000-000000000002";
const valueOf = (checked: ReturnType<typeof checkRecord>) => ("value" in checked ? checked.value : undefined);

const vote = () => ({
  id,
  proposalId: "00000000-0000-4000-8000-000000000001",
  reviewId: "00000000-0000-4000-8000-000000000003",
  personId: "00000000-0000-4000-8000-000000000002",
  position: "agree",
  reason: "",
  at: "2026-12-01T10:00:00.000Z",
});

describe("checking a record read back", () => {
  it("keeps the record as read when the check changes nothing", () => {
    const read = vote();
    const checked = checkRecord("votes", id, read);
    expect(checked.problem).toBeUndefined();
    expect(valueOf(checked)).toBe(read);
  });

  it("drops a field the schema does not know", () => {
    const checked = checkRecord("votes", id, { ...vote(), surplus: "x" });
    expect(valueOf(checked)).toEqual(vote());
  });

  it("refuses a record that does not match, naming the field", () => {
    const checked = checkRecord("votes", id, { ...vote(), position: "maybe" });
    expect(checked.problem).toMatch(/^votes\..*position/);
  });
});
