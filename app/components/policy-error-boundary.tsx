import { GeneralErrorBoundary } from "./error-boundary";
import { useT } from "./i18n";

/** The error page of a policy's pages: says plainly when no policy has the address. */
export function PolicyErrorBoundary() {
  const t = useT();
  return <GeneralErrorBoundary statusHandlers={{ 404: () => t("policies.page.notFound") }} />;
}
