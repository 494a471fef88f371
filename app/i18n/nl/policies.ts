/**
 * Placeholder: the Dutch of the policies area is written on its own branch, whose file replaces this
 * one (exporting the full catalogue with the same keys as app/i18n/en/policies.ts). Until then the
 * parity test lists the area as awaiting its translation (test/support/i18n-pending.ts).
 */
import type { Catalogue } from "~/i18n";
import type { policies } from "~/i18n/en/policies";

export const nlPolicies = {} as Catalogue<typeof policies>;
