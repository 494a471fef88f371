import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
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
      <nav aria-label={t("standards.nav.label")} className="sub-nav">
        <ul role="list">
          <li><NavLink to="/standards" end>{t("standards.nav.handbook")}</NavLink></li>
          <li><NavLink to="/standards/mine">{t("standards.nav.mine")}</NavLink></li>
          {isManager ? <li><NavLink to="/standards/coverage">{t("standards.nav.coverage")}</NavLink></li> : null}
          <li><NavLink to="/standards/print">{t("standards.nav.print")}</NavLink></li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
