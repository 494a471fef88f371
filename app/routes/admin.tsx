import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { requireRole } from "~/lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({});
}

export default function AdminLayout() {
  const t = useT();
  return (
    <div className="admin">
      <nav aria-label={t("admin.title")} className="sub-nav">
        <ul role="list">
          <li><NavLink to="/admin" end>{t("admin.people")}</NavLink></li>
          <li><NavLink to="/admin/teams">{t("admin.teams")}</NavLink></li>
          <li><NavLink to="/admin/audit">{t("admin.audit")}</NavLink></li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
