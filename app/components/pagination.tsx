import { useLocation } from "@remix-run/react";
import { ListLink } from "./link";
import { useT } from "./i18n";

/** Previous / next links that keep every other filter in the URL. */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const t = useT();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav aria-label={t("shell.pagination.label")} className="pagination">
      {page > 1 ? <ListLink to={href(page - 1)} rel="prev">{t("shell.pagination.previous")}</ListLink> : <span />}
      <span>{t("shell.pagination.pageOf", { page, pages })}</span>
      {page < pages ? <ListLink to={href(page + 1)} rel="next">{t("shell.pagination.next")}</ListLink> : <span />}
    </nav>
  );
}
