import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
  Link,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LocaleProvider, useFormat, useT } from "~/components/i18n";
import { LinkProvider, NavList } from "~/components/link";
import { useNonce } from "~/components/nonce";
import type { Locale } from "~/i18n";
import { getUser } from "~/lib/auth.server";
import { requestLocale } from "~/lib/locale.server";
import { pageData } from "~/lib/page-data.server";
import { readNotice } from "~/lib/notice.server";
import { hasRole } from "~/models/actor";
import { getMyAnswer, getOpenPulse } from "~/models/pulse.server";
import { unreadCount } from "~/models/notification.server";
import appStyles from "~/styles/app.css";
import printStyles from "~/styles/print.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "stylesheet", href: printStyles, media: "print" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Untangle" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await requestLocale(request, user);
  const { notice, headers } = await readNotice(request);
  const pulse = user ? await getOpenPulse() : null;
  const pulsePending = pulse && user && !(await getMyAnswer({ actor: user, pulseId: pulse.id })) ? { closesAt: pulse.closesAt } : null;
  return pageData(
    {
      locale,
      notice,
      pulsePending,
      user: user ? { id: user.id, name: user.name, role: user.role, teamId: user.teamId, unread: unreadCount(user.id) } : null,
    },
    { headers },
  );
}

export type RootData = ReturnType<typeof useRootData>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

/** The signed-in person as the pages see them (null when signed out). */
export function useOptionalUser() {
  return useRootData()?.user ?? null;
}

function Header() {
  const t = useT();
  const user = useOptionalUser();
  const menu = useSiteMenu();
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link to="/" className="brand">
          {t("shell.productName")}
        </Link>
        {user ? (
          <>
            <Link to="/inbox" className="inbox-link">
              <svg className="inbox-icon" viewBox="0 0 20 16" width="20" height="16" aria-hidden="true" focusable="false">
                <rect x="1" y="1" width="18" height="14" rx="2" />
                <path d="M1.5 2.5 10 9l8.5-6.5" />
              </svg>
              <span className="inbox-word">{t("notifications.nav.inbox")}</span>
              {user.unread > 0 ? (
                // On a phone the badge shows the number alone; the words stay for screen readers.
                <span className="unread-count">
                  <span className="unread-number" aria-hidden="true">{user.unread}</span>
                  <span className="unread-words"> {t("notifications.nav.unread", { count: user.unread })}</span>
                </span>
              ) : null}
            </Link>
            {/*
              On a phone the navigation, search and account fold into this disclosure, which opens
              without JavaScript; on a wider screen the stylesheet shows its content in the header
              and hides its summary (app.css, "header").
            */}
            <details className="site-menu" ref={menu.ref} onKeyDown={menu.onKeyDown}>
              <summary className="menu-button">
                <span className="menu-icon" aria-hidden="true" />
                {t("shell.nav.menu")}
              </summary>
              <div className="menu-panel">
                <NavList
                  label={t("shell.nav.label")}
                  className="main-nav"
                  items={[
                    { to: "/standards", label: t("shell.nav.standards") },
                    { to: "/policies", label: t("shell.nav.policies") },
                    { to: "/reviews", label: t("shell.nav.reviews") },
                    hasRole(user, "manager") && { to: "/dashboard", label: t("shell.nav.dashboard") },
                    hasRole(user, "admin") && { to: "/admin", label: t("shell.nav.admin") },
                  ]}
                />
                <Form method="get" action="/search" role="search" className="header-search">
                  <label htmlFor="header-search" className="visually-hidden">{t("shell.nav.search")}</label>
                  <input id="header-search" type="search" name="q" placeholder={t("shell.nav.searchPlaceholder")} />
                  <button type="submit">{t("shell.nav.search")}</button>
                </Form>
                <div className="who">
                  <Link to="/account" className="who-name">
                    {user.name} <span className="role-badge">{t(`shell.roles.${user.role}`)}</span>
                  </Link>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">{t("shell.nav.signOut")}</button>
                  </Form>
                </div>
              </div>
            </details>
          </>
        ) : null}
      </div>
    </header>
  );
}

/**
 * The phone menu, with JavaScript: it closes when a page is chosen (the header stays on screen
 * across navigations) and on Escape, giving the focus back to its button.
 */
function useSiteMenu() {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.key]);
  const onKeyDown = (event: React.KeyboardEvent<HTMLDetailsElement>) => {
    const details = ref.current;
    if (event.key !== "Escape" || !details?.open) return;
    details.open = false;
    details.querySelector("summary")?.focus();
  };
  return { ref, onKeyDown };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRootData();
  const locale: Locale = data?.locale ?? "en";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <LocaleProvider value={locale}>
          <LinkProvider>
            <SkipLink />
            <Header />
            <main id="main" tabIndex={-1}>
              {data?.notice ? (
                <div className="alert alert-success" role="status">{data.notice}</div>
              ) : null}
              {data?.pulsePending ? <PulseInvitation closesAt={data.pulsePending.closesAt} /> : null}
              {children}
            </main>
          </LinkProvider>
        </LocaleProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** An open culture pulse the person has not answered yet. */
function PulseInvitation({ closesAt }: { closesAt: string }) {
  const t = useT();
  const f = useFormat();
  const location = useLocation();
  if (location.pathname === "/pulse") return null;
  return (
    <div className="alert alert-info pulse-invitation">
      {t("shell.pulse.invitation", { date: f.date(closesAt) })} <Link to="/pulse">{t("shell.pulse.answer")}</Link>
    </div>
  );
}

function SkipLink() {
  const t = useT();
  return <a href="#main" className="skip-link">{t("shell.skipToContent")}</a>;
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
