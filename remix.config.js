import path from "node:path";

// UNTANGLE_BUILD_DIR lets several builds live side by side (tests and the benchmark use it);
// by default the server build is build/index.js and the browser assets public/build/.
const buildDir = process.env.UNTANGLE_BUILD_DIR;

/** Pages declared by hand (see `routes` below): [address under their parent, file]. */
const PLAIN_PAGES = [
  ["reviews/:id", "routes/reviews.$id._index.tsx"],
  ["pulse", "routes/pulse._index.tsx"],
  ["teams", "routes/admin.teams._index.tsx"],
];

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverBuildPath: buildDir ? path.join(buildDir, "index.js") : "build/index.js",
  assetsBuildDirectory: buildDir ? path.join(buildDir, "public") : "public/build",
  cacheDirectory: buildDir ? path.join(buildDir, ".cache") : ".cache",
  publicPath: "/build/",
  // The pages with forms that post to their own address are declared below rather than found as files.
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", ...PLAIN_PAGES.map(([, file]) => `**/${file.slice("routes/".length)}`)],
  /**
   * A page whose forms post to its own address is an ordinary route, not an index route: its
   * forms then post to /reviews/:id (/pulse, /admin/teams), and a refused submission without
   * JavaScript leaves a clean address instead of one ending in ?index. Their siblings
   * (reviews.$id.close, pulse.new, admin.teams.$teamId…) stay files; each route id is the one the
   * file would have had, and /admin/teams stays inside the admin layout.
   */
  routes(defineRoutes) {
    return defineRoutes((route) => {
      const page = ([path, file]) => route(path, file, { id: file.replace(/\.tsx$/, "") });
      page(PLAIN_PAGES[0]);
      page(PLAIN_PAGES[1]);
      route("admin", "routes/admin.tsx", { id: "routes/admin" }, () => page(PLAIN_PAGES[2]));
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
