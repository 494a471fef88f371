import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { requireUser } from "~/lib/auth.server";
import { hasRole } from "~/models/actor";

/** The handbook's frame: a sub-navigation between the handbook and the pages around it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ isManager: hasRole(user, "manager") });
}

export default function StandardsLayout() {
  const t = useT();
  const { isManager } = useLoaderData<typeof loader>();
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
