import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/lib/auth.server";
import { exportDirectory } from "~/models/directory.server";

/** The people directory as CSV: the import's columns (so it reads back in), who is active, and how they sign in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "admin");
  return new Response(exportDirectory({ actor }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="untangle-people-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
