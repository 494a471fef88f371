import { Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { NavList } from "~/components/link";
import { hasRole } from "~/models/actor";
import { useOptionalUser } from "~/root";

/**
 * The handbook's frame: a sub-navigation between the handbook and the pages around it. It has
 * no loader of its own: the signed-in person comes with the root's data, and every page below
 * checks who may see it on the server. (One loader fewer on every standards page.)
 */
export default function StandardsLayout() {
  const t = useT();
  const user = useOptionalUser();
  const isManager = user ? hasRole(user, "manager") : false;
  return (
    <div className="standards-area">
      <NavList
        label={t("standards.nav.label")}
        className="sub-nav"
        items={[
          { to: "/standards", label: t("standards.nav.handbook"), end: true },
          { to: "/standards/mine", label: t("standards.nav.mine") },
          isManager && { to: "/standards/coverage", label: t("standards.nav.coverage") },
          { to: "/standards/print", label: t("standards.nav.print") },
        ]}
      />
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
