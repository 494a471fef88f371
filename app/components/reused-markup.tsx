import { createContext, useContext, type ReactElement, type ReactNode } from "react";
import { LocaleProvider, useLocale } from "~/components/i18n";
import { LinkNavigationProvider, useLinkNavigation } from "~/components/link";

/**
 * Markup drawn once and reused, on the server: the cache gives the markup of `render()` for this key object and variant, drawing it the first time
 * (app/components/reused-markup.server.tsx; entry.server.tsx provides it). The key is an object
 * that lives exactly as long as what the markup shows — the dashboard's cached page data for one
 * figures generation — so new figures are drawn anew and old markup is forgotten with its data.
 * Absent in the browser, which renders the same elements from the same data: the same markup,
 * so hydration finds what it renders (docs/decisions/017).
 */
export type MarkupCache = {
  /** What to write into the page for this markup: the markup, or a mark the entry replaces with its bytes. */
  place(key: object, variant: string, render: () => ReactElement): string;
  /** The markup itself: for markup drawn inside markup that is itself reused. */
  html(key: object, variant: string, render: () => ReactElement): string;
};
export const MarkupContext = createContext<MarkupCache | null>(null);

/**
 * Renders `render()` on its own with what the page's components read from context (the
 * language, the links' navigation, the markup cache itself), so that it draws exactly what it
 * would inside the page.
 */
export function useDrawOnce(): ((key: object, variant: string, render: () => ReactNode) => string) | null {
  const cache = useContext(MarkupContext);
  const locale = useLocale();
  const navigation = useLinkNavigation();
  if (!cache) return null;
  // Inside reused markup, reused markup is written as itself, never as a mark.
  const inner: MarkupCache = { place: cache.html, html: cache.html };
  return (key, variant, render) =>
    cache.place(key, `${locale}|${variant}`, () => (
      <LocaleProvider value={locale}>
        <LinkNavigationProvider value={navigation}>
          <MarkupContext.Provider value={inner}>{render()}</MarkupContext.Provider>
        </LinkNavigationProvider>
      </LocaleProvider>
    ));
}

type Attributes = {
  id?: string;
  className?: string;
  "aria-labelledby"?: string;
};

/**
 * A section of a page whose insides depend only on `reuseFor` (an object the page's data cache
 * keeps for as long as it stands) and `variant`: drawn once on the server and reused; rendered
 * as usual in the browser. Everything `render` reads must be named by the two.
 */
export function ReusedSection({
  reuseFor,
  variant,
  render,
  ...attributes
}: Attributes & {
  reuseFor: object;
  variant: string;
  render: () => ReactNode;
}) {
  const draw = useDrawOnce();
  if (draw) return <section {...attributes} dangerouslySetInnerHTML={{ __html: draw(reuseFor, variant, render) }} />;
  return <section {...attributes}>{render()}</section>;
}
