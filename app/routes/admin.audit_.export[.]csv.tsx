import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/lib/auth.server";
import { requestTranslator } from "~/lib/locale.server";
import { auditCsvRecords, auditEvents, parseAuditQuery, presentAuditEvent } from "~/models/audit.server";
import { ValidationError } from "~/models/errors";
import { toCsv } from "~/models/policy-import.server";
import { getStore } from "~/store/index.server";
import { readMessage } from "~/i18n";
import { getEnv } from "~/lib/env.server";

/**
 * The audit trail as filtered on its page, every matching event (not only one page), as CSV:
 * the sentence and column names in the reader's language, cells a spreadsheet would run defused.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const t = await requestTranslator(request);
  let query;
  try {
    query = parseAuditQuery(new URL(request.url).searchParams);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const problems = Object.values(error.fieldErrors).flat().map((m) => readMessage(t, m));
    throw new Response(problems.join(" "), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { columns, records } = auditCsvRecords(
    t,
    auditEvents({ actor, query }).map((e) => presentAuditEvent(e)),
    getEnv().APP_URL,
  );
  const stamp = getStore().clock.now().toISOString().slice(0, 10);
  return new Response(toCsv(records, columns), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="untangle-audit-${stamp}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
