/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // lowdb, marked and friends are ESM-only; they stay external imports of the ESM server build.
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    // v3_singleFetch is documented as needing the Vite plugin; the classic compiler keeps
    // the json()/useLoaderData<typeof loader>() contract instead. See docs/decisions/001.
    v3_singleFetch: false,
  },
};
