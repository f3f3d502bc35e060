// Compressed JavaScript the reading page loads in a real browser.
import { gzipSync } from "node:zlib";
import { chromium, type Response } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable, describeChromium } from "../lib/chromium";
import { assertLoopback } from "./http";
import type { BenchContext, Measurement, Row } from "./types";

const GOAL_KB = 130;

type Script = {
  url: string;
  status: number;
  encoding: string | null;
  /** Bytes of body as sent (compressed), or an estimate when it was sent uncompressed. */
  bytes: number;
  decoded: number;
  how: "content-length" | "transfer size" | "gzip estimate";
};

async function describe(response: Response): Promise<Script> {
  const headers = await response.allHeaders();
  const body = await response.body();
  const encoding = headers["content-encoding"]?.trim() || null;
  const base = { url: response.url(), status: response.status(), encoding, decoded: body.length };
  if (encoding && encoding !== "identity") {
    const length = Number(headers["content-length"]);
    if (Number.isFinite(length) && length > 0) return { ...base, bytes: length, how: "content-length" };
    // Streamed (chunked) without a length: the encoded body size the browser received.
    const sizes = await response.request().sizes();
    return { ...base, bytes: sizes.responseBodySize, how: "transfer size" };
  }
  return { ...base, bytes: gzipSync(body).length, how: "gzip estimate" };
}

async function run(ctx: BenchContext): Promise<Row[]> {
  const url = new URL(ctx.text.path, ctx.app.origin);
  assertLoopback(url);
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    // The bench stops the browser itself (see onCleanup), after its own Ctrl-C handling.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  ctx.onCleanup(() => browser.close());
  try {
    // A visitor after the first: the server has already served this page's files once
    // (its page cache is warm), but this browser's own cache is empty.
    const warmup = await browser.newContext();
    await (await warmup.newPage()).goto(url.href, { waitUntil: "networkidle", timeout: 60_000 });
    await warmup.close();

    const context = await browser.newContext(); // empty cache
    const page = await context.newPage();
    const responses: Response[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") responses.push(response);
    });
    let acceptEncoding: string | undefined;
    page.on("request", (request) => {
      if (request.url() === url.href) void request.allHeaders().then((h) => (acceptEncoding ??= h["accept-encoding"]));
    });
    const main = await page.goto(url.href, { waitUntil: "networkidle", timeout: 60_000 });
    if (!main?.ok()) throw new Error(`the browser got ${main?.status() ?? "no answer"} for ${url.href}`);
    const scripts = await Promise.all(responses.map(describe));
    const inlineScripts = await page.locator("script:not([src])").count();
    await context.close();

    const total = scripts.reduce((sum, s) => sum + s.bytes, 0);
    const decoded = scripts.reduce((sum, s) => sum + s.decoded, 0);
    const estimated = scripts.filter((s) => s.how === "gzip estimate");
    const encodings = [...new Set(scripts.map((s) => s.encoding ?? "none"))].join(", ");
    ctx.note(
      `page JS: ${scripts.length} script responses loaded by ${describeChromium()} (fresh context, until network idle), ` +
        `${(decoded / 1000).toFixed(1)} kB uncompressed; content-encoding: ${encodings || "—"}; ` +
        `the browser sent Accept-Encoding: ${acceptEncoding ?? "?"}. Inline <script>s in the HTML (${inlineScripts}) are counted in the HTML row, not here.`,
    );
    const how = [...new Set(scripts.map((s) => s.how))];
    ctx.note(
      `page JS sizes: ${how.join(" / ")}` +
        (how.includes("transfer size") ? " (transfer size = encoded body bytes the browser received, per Playwright's request.sizes())" : "") +
        ".",
    );
    if (estimated.length)
      ctx.note(
        `!! ${estimated.length} script(s) were sent uncompressed; their size here is an estimate (gzip, zlib default level): ` +
          `${(estimated.reduce((s, x) => s + x.bytes, 0) / 1000).toFixed(1)} kB estimated vs ${(estimated.reduce((s, x) => s + x.decoded, 0) / 1000).toFixed(1)} kB actually sent.`,
      );
    for (const s of [...scripts].sort((a, b) => b.bytes - a.bytes))
      ctx.detail(
        `${(s.bytes / 1000).toFixed(1).padStart(7)} kB  ${(s.decoded / 1000).toFixed(1).padStart(7)} kB raw  ${(s.encoding ?? "none").padEnd(5)} ${s.how.padEnd(14)} ${s.status} ${new URL(s.url).pathname}`,
      );
    return [{ metric: "reading page JS (compressed)", value: total / 1000, unit: "kB", goal: { kind: "max", max: GOAL_KB } }];
  } finally {
    await browser.close();
  }
}

export const readingPageJs: Measurement = {
  name: "reading page JavaScript",
  rows: () => [{ metric: "reading page JS (compressed)", unit: "kB", goal: { kind: "max", max: GOAL_KB } }],
  run,
};
