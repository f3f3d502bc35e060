import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type Limit = { key: string; max: number; windowSeconds: number };

/**
 * Counts one attempt against each limit (a fixed window per key, kept in Postgres so
 * every app instance shares it) and throws RATE_LIMITED once any is over its maximum.
 */
export async function consume(limits: Limit[], message: string): Promise<void> {
  let retryAfter = 0;
  for (const limit of limits) {
    const [row] = await db.$queryRaw<{ count: number; reset_in: number }[]>`
      INSERT INTO "RateLimit" ("key", "count", "windowStart") VALUES (${limit.key}, 1, now())
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN "RateLimit"."windowStart" < now() - make_interval(secs => ${limit.windowSeconds})
                       THEN 1 ELSE "RateLimit"."count" + 1 END,
        "windowStart" = CASE WHEN "RateLimit"."windowStart" < now() - make_interval(secs => ${limit.windowSeconds})
                             THEN now() ELSE "RateLimit"."windowStart" END
      RETURNING "count",
        GREATEST(1, CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${limit.windowSeconds}) - now()))))::int AS reset_in`;
    if (row && row.count > limit.max) retryAfter = Math.max(retryAfter, row.reset_in);
  }
  if (retryAfter > 0) {
    const minutes = Math.ceil(retryAfter / 60);
    throw new AppError("RATE_LIMITED", `${message} Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
      retryAfterSeconds: retryAfter,
    });
  }
}

export type ClientHeaderTrust = { serve: boolean; trustProxy: boolean };

/** Who may be believed about the client's address in this process (see clientAddress). */
export const clientHeaderTrust = (): ClientHeaderTrust => ({
  serve: env.STUDY_CIRCLE_CLIENT_HEADER === "serve",
  trustProxy: env.TRUST_PROXY === "1",
});

const first = (value: string | string[] | null | undefined) => (Array.isArray(value) ? value[0] : value) ?? undefined;

/**
 * The client's address. scripts/serve.ts records it in x-study-circle-client (the
 * connection's own address, or X-Forwarded-For's last entry when TRUST_PROXY=1),
 * replacing whatever a client sent under that name, and says so by setting
 * STUDY_CIRCLE_CLIENT_HEADER=serve. Under any other server (`next start`, `next dev`)
 * that header is just something a client typed: it counts only when serve.ts set it.
 * Without serve.ts, X-Forwarded-For's last entry (the one the proxy added) counts when
 * TRUST_PROXY=1; otherwise every client is "unknown" and shares one allowance.
 */
export function clientAddress(
  headers: Headers | Record<string, string | string[] | undefined>,
  trust: ClientHeaderTrust = clientHeaderTrust(),
): string {
  const get = (name: string) => first(headers instanceof Headers ? headers.get(name) : headers[name]);
  if (trust.serve) return get("x-study-circle-client")?.trim() || "unknown";
  if (trust.trustProxy) return get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
  return "unknown";
}

export const LIMITS = {
  signUpPerAddress: (ip: string): Limit => ({ key: `sign-up:ip:${ip}`, max: 10, windowSeconds: 60 * 60 }),
  invitePerAddress: (ip: string): Limit => ({ key: `invite:ip:${ip}`, max: 30, windowSeconds: 15 * 60 }),
  invitePerAccount: (userId: string): Limit => ({ key: `invite:account:${userId}`, max: 20, windowSeconds: 15 * 60 }),
};
