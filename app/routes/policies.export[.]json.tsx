import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { catalogueForExport, parseCatalogueQuery } from "~/models/catalogue.server";
import { exportJson } from "~/models/policy-import.server";

/** The catalogue as filtered, as JSON: each policy's content with its derived figures. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const query = parseCatalogueQuery(new URL(request.url).searchParams);
  const rows = await catalogueForExport(query);
  const { page: _page, ...filters } = query;
  const body = JSON.stringify({ exportedAt: new Date().toISOString(), filters, count: rows.length, policies: rows.map(exportJson) }, null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="untangle-policies-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
