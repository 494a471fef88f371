import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { catalogueForExport, parseCatalogueQuery } from "~/models/catalogue.server";
import { EXPORT_COLUMNS, exportRecord, toCsv } from "~/models/policy-import.server";

/** The catalogue as filtered, as CSV: the import's columns (so it reads back in) plus the derived figures. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const query = parseCatalogueQuery(new URL(request.url).searchParams);
  const rows = await catalogueForExport(query);
  const csv = toCsv(rows.map(exportRecord), EXPORT_COLUMNS);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="untangle-policies-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
