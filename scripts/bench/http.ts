// Timed HTTP GETs against this machine only: bounded in count and in time.
import http from "node:http";

export const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function assertLoopback(url: URL): void {
  if (url.protocol !== "http:" || !LOOPBACK_HOSTS.has(url.hostname))
    throw new Error(`the bench only requests http://127.0.0.1 or localhost, not ${url.href}`);
}

export type Reply = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as it came over the wire (still compressed if it was). */
  body: Buffer;
  /** Milliseconds from sending the request to the last byte of the body. */
  ms: number;
};

export function timedGet(
  url: URL,
  options: { agent?: http.Agent; headers?: http.OutgoingHttpHeaders; timeoutMs?: number } = {},
): Promise<Reply> {
  assertLoopback(url);
  return new Promise<Reply>((resolve, reject) => {
    const start = performance.now();
    const request = http.get(
      url,
      { agent: options.agent ?? false, headers: options.headers, timeout: options.timeoutMs ?? 10_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - start,
          }),
        );
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no complete answer from ${url.href} in time`)));
    request.on("error", reject);
  });
}

export type TimingRun = {
  /** Time to last byte of each measured request, in ms, in the order they ran. */
  samples: number[];
  /** The first reply of the whole run (warm-up included). */
  first: Reply;
  /** The last measured reply. */
  last: Reply;
  /** Why the run measured fewer than asked, if it did. */
  cutShort: string | null;
};

export type TimingOptions = {
  warmup: number;
  count: number;
  /** Stop measuring (keeping what was measured) once this much time has passed. */
  budgetMs: number;
  headers: http.OutgoingHttpHeaders;
  signal: AbortSignal;
};

/**
 * `warmup` then `count` sequential GETs over one keep-alive connection, each body
 * read in full. Any answer other than 200 makes the whole run fail.
 */
export async function timeSequentialGets(url: URL, options: TimingOptions): Promise<TimingRun> {
  assertLoopback(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  let first: Reply | null = null;
  let last: Reply | null = null;
  let cutShort: string | null = null;
  const started = performance.now();
  try {
    for (let i = 0; i < options.warmup + options.count; i++) {
      if (options.signal.aborted) throw new Error("interrupted");
      if (performance.now() - started > options.budgetMs) {
        cutShort = `stopped after ${Math.round(options.budgetMs / 1000)} s with ${samples.length} of ${options.count} requests measured`;
        break;
      }
      const reply = await timedGet(url, { agent, headers: options.headers });
      if (reply.status !== 200) throw new Error(`${url.href} answered ${reply.status} (request ${i + 1})`);
      first ??= reply;
      if (i >= options.warmup) {
        samples.push(reply.ms);
        last = reply;
      }
    }
  } finally {
    agent.destroy();
  }
  if (!first || !last || samples.length === 0) throw new Error(`no request to ${url.href} was measured`);
  return { samples, first, last, cutShort };
}

export type Summary = { n: number; p50: number; p95: number; p99: number; mean: number; min: number; max: number };

/** Nearest-rank percentiles. */
export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return {
    n: sorted.length,
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}
