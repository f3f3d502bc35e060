// What the sign-in form may say. next-auth hands the form the `error` of its redirect,
// a value anyone can put in a link, so the form shows only these calm sentences and
// never the text it was given: no driver or database message reaches a person, and an
// outage is never mistaken for a wrong password.

/** Codes the password sign-in throws (lib/auth/options.ts); next-auth passes them on as `error`. */
export const SIGN_IN_CODES = { unavailable: "Unavailable", wait: "Wait" } as const;

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That email and password don’t match an account.",
  OAuthSignin: "Signing in with that provider did not work. Try again.",
  OAuthCallback: "Signing in with that provider did not work. Try again.",
  AccessDenied: "That account has no verified email address we can use.",
  [SIGN_IN_CODES.unavailable]: "Signing in isn’t possible right now. Please try again shortly.",
};

/** What anything else (an unexpected failure, a made-up code) is shown as. */
export const FALLBACK_MESSAGE = "Signing in didn’t work just now. Please try again shortly.";

/** The code for "too many failures: wait this long". */
export const waitCode = (seconds: number) => `${SIGN_IN_CODES.wait}:${Math.max(1, Math.ceil(seconds))}`;

/** "30 seconds", "1 minute", "15 minutes". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The sentence for an `error` from next-auth, or undefined when there is none. */
export function signInMessage(error: string | null | undefined): string | undefined {
  if (!error) return undefined;
  if (Object.hasOwn(MESSAGES, error)) return MESSAGES[error];
  const wait = /^Wait:(\d{1,6})$/.exec(error);
  if (wait) return `Too many sign-in attempts. Try again in ${duration(Number(wait[1]))}.`;
  return FALLBACK_MESSAGE;
}
