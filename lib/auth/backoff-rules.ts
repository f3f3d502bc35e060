// The numbers of the password sign-in back-off (./sign-in-backoff.ts), and its arithmetic.

export type BackoffRule = { free: number; firstWaitSeconds: number; maxWaitSeconds: number; forgetAfterSeconds: number };

export const RULES = {
  /** One account from one client address. */
  account: { free: 5, firstWaitSeconds: 30, maxWaitSeconds: 15 * 60, forgetAfterSeconds: 24 * 60 * 60 },
  /** One client address, whatever accounts it tries. */
  address: { free: 30, firstWaitSeconds: 30, maxWaitSeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
} satisfies Record<string, BackoffRule>;

export const backoffKeys = (email: string, address: string) => ({
  account: `account:${email}|${address}`,
  address: `address:${address}`,
});

/** Seconds the next try must wait after `failures` failures, the last at `last` (0: go ahead). */
export function waitFor(rule: BackoffRule, failures: number, last: Date, now = new Date()): number {
  const since = (now.getTime() - last.getTime()) / 1000;
  if (failures < rule.free || since >= rule.forgetAfterSeconds) return 0;
  const wait = Math.min(rule.firstWaitSeconds * 2 ** (failures - rule.free), rule.maxWaitSeconds);
  return Math.max(0, Math.ceil(wait - since));
}
