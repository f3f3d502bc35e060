// Back-off for password sign-ins. Only failures count, and they count per account *and*
// client address: a stranger guessing at someone's password slows down only themselves,
// never the owner signing in from elsewhere. A few failures are free; after that each
// further try waits twice as long as the one before (30 s, 1 min, 2 min … up to 15 min).
// A client address also has a cap across all the accounts it tries, so one machine cannot
// guess at many accounts instead. Nothing is ever blocked outright, and a success wipes
// the account's count.
//
// A try is counted as a failure when it starts (one atomic statement that also checks the
// wait), and un-counted if the password was right, so many tries sent at once cannot slip
// past the wait while the first is still being checked.

import "server-only";
import { db } from "@/lib/db";
import { backoffKeys, RULES, waitFor, type BackoffRule } from "./backoff-rules";

export { backoffKeys, RULES };

/**
 * Counts a try against the key unless it must still wait. Returns 0 when the try may go
 * ahead (and is now counted), else the seconds left to wait (and nothing is counted).
 */
async function claim(key: string, rule: BackoffRule): Promise<number> {
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInFailure" ("key", "failures", "lastFailureAt") VALUES (${key}, 1, now())
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "SignInFailure"."lastFailureAt" < now() - make_interval(secs => ${rule.forgetAfterSeconds})
                        THEN 1 ELSE "SignInFailure"."failures" + 1 END,
      "lastFailureAt" = now()
    WHERE "SignInFailure"."failures" < ${rule.free}
       OR "SignInFailure"."lastFailureAt" < now() - make_interval(secs => ${rule.forgetAfterSeconds})
       OR "SignInFailure"."lastFailureAt" + make_interval(secs => LEAST(${rule.firstWaitSeconds} * power(2, "SignInFailure"."failures" - ${rule.free}), ${rule.maxWaitSeconds})) <= now()
    RETURNING "failures"`;
  if (rows.length > 0) return 0;
  const row = await db.signInFailure.findUnique({ where: { key }, select: { failures: true, lastFailureAt: true } });
  // Gone in between (a success elsewhere): the next try may go ahead.
  return row ? Math.max(1, waitFor(rule, row.failures, row.lastFailureAt)) : 1;
}

async function unclaim(key: string) {
  await db.$executeRaw`UPDATE "SignInFailure" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${key}`;
}

export type Attempt = { succeeded: () => Promise<void> };

/**
 * Starts a password try for this account from this address: either the seconds to wait
 * first, or an attempt that counts as a failure unless `succeeded()` is called.
 */
export async function startAttempt(email: string, address: string): Promise<{ waitSeconds: number } | Attempt> {
  const keys = backoffKeys(email, address);
  const accountWait = await claim(keys.account, RULES.account);
  if (accountWait > 0) return { waitSeconds: accountWait };
  const addressWait = await claim(keys.address, RULES.address);
  if (addressWait > 0) {
    await unclaim(keys.account);
    return { waitSeconds: addressWait };
  }
  // Now and then, drop what no rule remembers any more.
  if (Math.random() < 0.01)
    await db.signInFailure.deleteMany({ where: { lastFailureAt: { lt: new Date(Date.now() - 24 * 60 * 60 * 1000) } } });
  return {
    succeeded: async () => {
      await db.$transaction([db.signInFailure.deleteMany({ where: { key: keys.account } }), db.$executeRaw`UPDATE "SignInFailure" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${keys.address}`]);
    },
  };
}
