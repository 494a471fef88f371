import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { MarkupContext } from "~/components/reused-markup";
import { pageMarkup } from "~/components/reused-markup.server";

export { startApp, stopApp, appHealth, storeWritable, unavailablePage } from "~/lib/app.server";
export { providerOrigins } from "~/lib/oidc.server";

/**
 * Renders the whole page to one string and sends it in one piece. No page suspends (no deferred
 * promise, no Suspense), so streaming would send the same bytes no sooner, in 2 KB chunks each encoded
 * and passed through a Node stream, a web stream and back: on a page of sixty kilobytes that
 * costs more than a dozen of its cards. See docs/decisions/005. A page that starts to stream
 * (a deferred promise, Suspense) needs renderToPipeableStream again.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  // Markup drawn once and reused (the dashboard's charts and sections) is written as a mark and
  // replaced by its bytes, encoded when it was drawn (docs/decisions/017).
  const reused = pageMarkup();
  // Remix's data for the browser, written into a script as it is: placed like reused markup, so
  // that the page string React builds stays short (see pageMarkup).
  if (remixContext.serverHandoffString) remixContext.serverHandoffString = reused.placeText(remixContext.serverHandoffString);
  const html = renderToString(
    <NonceProvider value={nonce}>
      <MarkupContext.Provider value={reused.cache}>
        <RemixServer context={remixContext} url={request.url} />
      </MarkupContext.Provider>
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // Bytes, not a string: a string body is first scanned for lone surrogates, then encoded.
  return new Response(reused.bytes(`<!DOCTYPE html>${html}`), { headers: responseHeaders, status: responseStatusCode });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(`error while serving ${request.method} ${new URL(request.url).pathname}:`, error);
}
