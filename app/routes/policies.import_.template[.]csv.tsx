import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/lib/auth.server";
import { importTemplate } from "~/models/policy-import.server";
import { getTeam } from "~/models/team.server";

/** The import template: every documented column and two example rows for the person's team. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const team = await getTeam(user.teamId);
  return new Response(importTemplate({ teamSlug: team?.slug ?? "", email: user.email }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="untangle-policies-template.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
