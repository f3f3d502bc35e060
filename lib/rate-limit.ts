import "server-only";
import { db } from "@/lib/db";
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

/**
 * The client's address, as scripts/serve.ts records it (the connection's own address,
 * or X-Forwarded-For's first entry when TRUST_PROXY=1). Under `next dev`, which has
 * no such server, every client is "unknown" and shares one allowance.
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string {
  const value = headers instanceof Headers ? headers.get("x-study-circle-client") : headers["x-study-circle-client"];
  return (Array.isArray(value) ? value[0] : value)?.trim() || "unknown";
}

export const LIMITS = {
  signInPerAddress: (ip: string): Limit => ({ key: `sign-in:ip:${ip}`, max: 30, windowSeconds: 15 * 60 }),
  signInPerAccount: (email: string): Limit => ({ key: `sign-in:account:${email}`, max: 10, windowSeconds: 15 * 60 }),
  signUpPerAddress: (ip: string): Limit => ({ key: `sign-up:ip:${ip}`, max: 10, windowSeconds: 60 * 60 }),
  invitePerAddress: (ip: string): Limit => ({ key: `invite:ip:${ip}`, max: 30, windowSeconds: 15 * 60 }),
  invitePerAccount: (userId: string): Limit => ({ key: `invite:account:${userId}`, max: 20, windowSeconds: 15 * 60 }),
};
