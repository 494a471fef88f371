import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/lib/auth.server";
import { CoverageQuery } from "~/lib/standards-forms.server";
import { POLICY_ACK_EXPORT_COLUMNS, policyAcknowledgementRecords } from "~/models/acknowledgement.server";
import { throwStatus } from "~/lib/forms.server";
import { toCsv } from "~/models/policy-import.server";

/** Who has and has not acknowledged each policy that asks them, as CSV (spreadsheet-safe): the same teams as the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const { team } = CoverageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const csv = toCsv(policyAcknowledgementRecords({ actor: user, teamId: team }), POLICY_ACK_EXPORT_COLUMNS);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="untangle-policy-acknowledgements-${new Date().toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    throwStatus(error);
  }
}
