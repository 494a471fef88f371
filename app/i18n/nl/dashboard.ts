import type { Catalogue } from "~/i18n";
import type { dashboard } from "~/i18n/en/dashboard";

/** Dutch of the culture dashboard and the culture pulse. */
export const nlDashboard = {} as Catalogue<typeof dashboard>;
