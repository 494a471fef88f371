import path from "node:path";

// UNTANGLE_BUILD_DIR lets several builds live side by side (tests and the benchmark use it);
// by default the server build is build/index.js and the browser assets public/build/.
const buildDir = process.env.UNTANGLE_BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverBuildPath: buildDir ? path.join(buildDir, "index.js") : "build/index.js",
  assetsBuildDirectory: buildDir ? path.join(buildDir, "public") : "public/build",
  cacheDirectory: buildDir ? path.join(buildDir, ".cache") : ".cache",
  publicPath: "/build/",
  // The review page is declared below rather than found as a file.
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/reviews.$id._index.tsx"],
  /**
   * The review page (/reviews/:id) is an ordinary route, not an index route: its forms (vote,
   * comment, withdraw, implementation) then post to /reviews/:id, and a refused submission without
   * JavaScript leaves a clean address instead of /reviews/:id?index. Its siblings
   * (reviews.$id.close, .propose, .proposals.$proposalId.edit) stay files; the route id is the one
   * the file would have had.
   */
  routes(defineRoutes) {
    return defineRoutes((route) => {
      route("reviews/:id", "routes/reviews.$id._index.tsx", { id: "routes/reviews.$id._index" });
    });
  },
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
