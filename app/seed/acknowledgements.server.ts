/**
 * Demo policy acknowledgements: twelve days ago Customer Support's manager asked her team to
 * acknowledge the identity check before an email address changes; most of the team has, the
 * demo employee has not yet (she sees it under "for you" on the catalogue).
 */
import { getStore } from "~/store/index.server";
import type { Actor } from "~/models/actor";
import { acknowledgePolicy, askPolicyAcknowledgement } from "~/models/acknowledgement.server";
import type { SeedContext } from "./demo.server";
import { daysAgo } from "./clock";

const POLICY = "Identity check before changing an account's email address";
const ACKNOWLEDGED = ["daniel@example.com", "felix@example.com", "mila@example.com", "samir@example.com"];

export async function seedPolicyAcknowledgements({ org, clock, now }: SeedContext): Promise<void> {
  const store = getStore();
  const actor = (email: string): Actor => {
    const p = store.data.people[org.people[email]];
    return { id: p.id, name: p.name, role: p.role, teamId: p.teamId };
  };
  const policy = Object.values(store.data.policies).find((p) => p.title === POLICY && p.teamId === org.teams["customer-support"]);
  if (!policy) throw new Error(`The demo asks for acknowledgement of "${POLICY}", which the policy seed no longer has.`);
  clock.set(daysAgo(now, 12));
  await askPolicyAcknowledgement({ actor: actor("sofia@example.com"), policyId: policy.id });
  for (const email of ACKNOWLEDGED) {
    clock.advanceDays(1.3);
    await acknowledgePolicy({ actor: actor(email), policyId: policy.id });
  }
}
