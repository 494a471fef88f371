import { createServerHandoffString } from "@remix-run/server-runtime/dist/serverHandoff.js";
import { escapeHtml } from "@remix-run/server-runtime/dist/markup.js";
import { describe, expect, it } from "vitest";
import { unchanging } from "~/lib/page-data.server";

/**
 * Remix is patched (patches/@remix-run+server-runtime+*.patch, docs/decisions/024) to write the
 * JSON of loader data marked as unchanging once per object and reuse it: the page's data for the
 * browser must be exactly what Remix wrote before, escaped for a script, and a marked object must
 * be written once however many pages show it.
 */

/** What Remix wrote before the patch. */
const unpatched = (handoff: object) => escapeHtml(JSON.stringify(handoff));

function handoff(routeData: Record<string, unknown>) {
  return {
    basename: undefined,
    criticalCss: undefined,
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: false },
    isSpaMode: false,
    state: { loaderData: { root: { user: { name: "Ana & Bo" } }, "routes/dashboard._index": routeData }, actionData: null, errors: null },
  };
}

describe("the page's data for the browser (patched Remix)", () => {
  it("is what Remix wrote before, escaped for a script, with values marked unchanging and without", () => {
    const charts = { title: "</script><script>alert(1)</script>", values: [1, 2.5, null], line: "a\u2028b\u2029c", empty: {} };
    const plain = handoff({ charts: { ...charts }, figures: { months: ["2026-11", "2026-12"] }, count: 3, asOf: "2026-12-06T07:00:00.000Z", gone: undefined, list: [{ a: "<b>" }] });
    const payload = unchanging({ charts, figures: { months: ["2026-11", "2026-12"] }, count: 3 });
    const marked = handoff({ ...payload, asOf: "2026-12-06T07:00:00.000Z", gone: undefined, list: [{ a: "<b>" }] });
    const expected = unpatched(marked);
    expect(unpatched(plain)).toBe(expected);
    for (let pass = 0; pass < 2; pass++) expect(createServerHandoffString(marked)).toBe(expected);
    expect(createServerHandoffString(plain)).toBe(expected);
    expect(expected).not.toContain("</script>");
    expect(JSON.parse(expected).state.loaderData["routes/dashboard._index"].charts).toEqual(charts);
  });

  it("writes a value marked unchanging once, however many pages show it", () => {
    let reads = 0;
    const figures = {
      get total() {
        reads++;
        return 42;
      },
    };
    const payload = unchanging({ figures });
    for (let page = 0; page < 3; page++) {
      expect(JSON.parse(createServerHandoffString(handoff({ ...payload, asOf: `2026-12-0${page + 1}` }))).state.loaderData["routes/dashboard._index"]).toEqual({ figures: { total: 42 }, asOf: `2026-12-0${page + 1}` });
    }
    expect(reads).toBe(1);
    // An object not marked is written afresh each time.
    const live = {
      get total() {
        reads++;
        return 7;
      },
    };
    createServerHandoffString(handoff({ live }));
    createServerHandoffString(handoff({ live }));
    expect(reads).toBe(3);
  });
});
