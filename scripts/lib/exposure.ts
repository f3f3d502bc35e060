// Safe by default: `npm start` answers only this machine unless HOST says otherwise, and
// what is for a newcomer's own machine — demo accounts with a published password, the
// outbox page anyone can read — stays off once the app can be reached from elsewhere,
// unless asked for by name (SEED_DEMO=1, MAIL_OUTBOX=1).

/** Where the server listens when HOST is unset: this machine only. */
export const DEFAULT_HOST = "127.0.0.1";

/** An address only this machine can reach. */
export function isLoopback(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare) || bare === "::ffff:127.0.0.1";
}

export type Exposure = {
  /** Where the server listens. */
  host: string;
  /** Reachable from other machines. */
  exposed: boolean;
  /** Create the demo group and its three accounts (password in README). */
  seedDemo: boolean;
  /** Show /dev/outbox, where every invitation mail can be read without signing in. */
  outbox: boolean;
};

export function exposure(env: Record<string, string | undefined>, embeddedDatabase: boolean): Exposure {
  const host = env.HOST?.trim() || DEFAULT_HOST;
  const exposed = !isLoopback(host);
  const local = embeddedDatabase && !exposed;
  return {
    host,
    exposed,
    seedDemo: env.SEED_DEMO === "1" || (local && env.SEED_DEMO !== "0"),
    outbox: env.MAIL_OUTBOX === "1" || (local && env.MAIL_OUTBOX !== "0"),
  };
}
