import { useLocation, useNavigate, type Location, type NavigateFunction } from "@remix-run/react";
import { createContext, useContext, useMemo, type MouseEvent, type ReactNode } from "react";

type Navigation = { navigate: NavigateFunction; location: Location };

const NavigationContext = createContext<Navigation | null>(null);

/**
 * Reads the router's navigate function and location once for the whole page (the root layout
 * wraps everything in it), so that each of a page's many ListLinks reads one context instead of
 * calling the router's hooks itself.
 */
export function LinkProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const value = useMemo(() => ({ navigate, location }), [navigate, location]);
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

/**
 * The navigation a page's links read, as it is (null outside a LinkProvider): for markup
 * rendered on its own and inserted into the page (the dashboard's charts, app/components/charts/
 * markup.server.tsx), so that its links read the page's own navigation.
 */
export function useLinkNavigation(): Navigation | null {
  return useContext(NavigationContext);
}
export const LinkNavigationProvider = NavigationContext.Provider;

function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error("ListLink and NavList need a LinkProvider above them (the root layout has one).");
  return navigation;
}

type ListLinkProps = {
  /** An absolute address inside the app ("/policies/x"), or "?page=2" for this page. */
  to: string;
  children: ReactNode;
  className?: string;
  rel?: string;
  target?: string;
  /** The language of the link's text, when it is not the page's: "" for text people wrote (a title). */
  lang?: string;
  onClick?: (event: MouseEvent<HTMLAnchorElement>) => void;
  /** The page shown: marked as <NavLink> marks it (class "active", aria-current="page"). */
  current?: boolean;
};

/**
 * A link for lists that render dozens of them (cards, catalogue rows, search results, paging)
 * and for the plain links of busy pages. It navigates like Remix's <Link> — in the page for a
 * plain left click, the browser's own way for a new tab or with a modifier key, a plain <a>
 * without JavaScript — but renders far more cheaply: Remix's <Link> resolves its path against
 * the route matches three times per render, which on a page of fifty links costs more than the
 * page's own data (docs/decisions/005). Its props are named, not spread: spreading the rest of
 * an object is the slowest part of a small component. It takes only absolute paths and "?…";
 * for relative paths or prefetching, use Remix's <Link>; for a navigation bar, `NavList`.
 */
export function ListLink({ to, children, className, rel, target, lang, onClick, current = false }: ListLinkProps) {
  const { navigate, location } = useNavigation();
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
  return (
    <a
      href={href}
      className={current ? (className ? `${className} active` : "active") : className}
      aria-current={current ? "page" : undefined}
      rel={rel}
      target={target}
      lang={lang}
      onClick={handleClick}
      data-discover="true"
    >
      {children}
    </a>
  );
}

export type NavItem = { to: string; label: string; /** Current only on this very address, not below it. */ end?: boolean };

/** Whether a navigation item leads to the page shown, or (unless `end`) to a page above it, as <NavLink> decides. */
export function isCurrent(pathname: string, { to, end = false }: Pick<NavItem, "to" | "end">) {
  const path = pathname.toLowerCase();
  const target = to.toLowerCase();
  return path === target || (!end && path.startsWith(target) && path.charAt(target.length) === "/");
}

/**
 * A navigation bar: the site's sections or an area's pages, the one shown marked. It decides
 * which is current from the location's path with one comparison per item, where each <NavLink>
 * would resolve its target against the route matches and match it.
 * Items that are `null` or `false` (not for this person) are left out.
 */
export function NavList({ label, className, items }: { label: string; className: string; items: Array<NavItem | null | false> }) {
  const { pathname } = useNavigation().location;
  return (
    <nav aria-label={label} className={className}>
      <ul role="list">
        {items.map((item) =>
          item ? (
            <li key={item.to}>
              <ListLink to={item.to} current={isCurrent(pathname, item)}>
                {item.label}
              </ListLink>
            </li>
          ) : null,
        )}
      </ul>
    </nav>
  );
}
