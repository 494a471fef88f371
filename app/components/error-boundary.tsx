import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { readMessage } from "~/i18n";
import { useLocale, useT } from "./i18n";

type StatusHandler = (info: { status: number; message: string }) => React.ReactNode;

/**
 * The one error boundary: a friendly page per status (404, 403, 400…) and a plain 500 for
 * anything unexpected. Never shows a stack trace.
 */
export function GeneralErrorBoundary({ statusHandlers = {} }: { statusHandlers?: Record<number, StatusHandler> }) {
  const error = useRouteError();
  const t = useT();
  const locale = useLocale();
  if (typeof document !== "undefined" && !isRouteErrorResponse(error)) console.error(error);

  let title: string = t("shell.errors.serverTitle");
  let body: React.ReactNode = t("shell.errors.serverBody");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const message = typeof error.data === "string" ? error.data : "";
    const custom = statusHandlers[status];
    if (custom) body = custom({ status, message });
    if (status === 404) {
      title = t("shell.errors.notFoundTitle");
      if (!custom) body = t("shell.errors.notFoundBody");
    } else if (status === 503) {
      title = t("shell.errors.unavailableTitle");
      if (!custom) body = t("shell.errors.unavailableBody");
    } else if (status === 403) {
      title = t("shell.errors.forbiddenTitle");
      if (!custom) body = t("shell.errors.forbiddenBody");
    } else if (status < 500) {
      title = t("shell.errors.badRequestTitle");
      // A reason named from the catalogue is read in the reader's language; one written out in
      // English is shown only to English readers, the others get the catalogue's general reason.
      const reason = message ? readMessage(t, message) : "";
      if (!custom) body = reason && (reason !== message || locale === "en") ? reason : t("shell.errors.badRequestBody");
    }
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/">{t("shell.errors.backHome")}</Link>
      </p>
    </section>
  );
}
