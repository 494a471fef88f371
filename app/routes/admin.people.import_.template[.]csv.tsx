import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/lib/auth.server";
import { directoryTemplate } from "~/models/directory.server";
import { getTeam } from "~/models/team.server";

/** The directory template: the columns and two example people in the admin's team. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const team = await getTeam(user.teamId);
  return new Response(directoryTemplate({ teamName: team?.name ?? "", email: user.email }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="untangle-people-template.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
