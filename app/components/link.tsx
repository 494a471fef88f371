import { useLocation, useNavigate } from "@remix-run/react";
import { forwardRef, type AnchorHTMLAttributes, type MouseEvent } from "react";

type ListLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  /** An absolute address inside the app ("/policies/x"), or "?page=2" for this page. */
  to: string;
};

/**
 * A link for lists that render dozens of them (cards, catalogue rows, search results, paging).
 * It navigates like Remix's <Link> — in the page for a plain left click, the browser's own way
 * for a new tab or with a modifier key, a plain <a> without JavaScript — but renders far more
 * cheaply: Remix's <Link> resolves its path against the route matches three times per render,
 * which on a page of fifty links costs more than the page's own data (docs/decisions/005).
 * It takes only absolute paths and "?…"; for relative paths, prefetching or `aria-current`,
 * use Remix's <Link> or <NavLink>.
 */
export const ListLink = forwardRef<HTMLAnchorElement, ListLinkProps>(function ListLink({ to, onClick, target, ...props }, ref) {
  const navigate = useNavigate();
  const location = useLocation();
  const href = to.startsWith("?") ? `${location.pathname}${to}` : to;
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || (target && target !== "_self")) return;
    if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    // Following a link to the page already shown replaces it in the history, as <Link> does.
    navigate(href, { replace: `${location.pathname}${location.search}${location.hash}` === href });
  };
  // data-discover: Remix's lazy route discovery learns this address's route before the click.
  return <a {...props} ref={ref} href={href} target={target} onClick={handleClick} data-discover="true" />;
});
