import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { NavList } from "~/components/link";
import { requireRole } from "~/lib/auth.server";
import { pageData } from "~/lib/page-data.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return pageData({});
}

export default function AdminLayout() {
  const t = useT();
  return (
    <div className="admin">
      <NavList
        label={t("admin.title")}
        className="sub-nav"
        items={[
          { to: "/admin", label: t("admin.people"), end: true },
          { to: "/admin/teams", label: t("admin.teams") },
          { to: "/admin/audit", label: t("admin.audit") },
          { to: "/admin/outbox", label: t("notifications.admin.outbox") },
        ]}
      />
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
