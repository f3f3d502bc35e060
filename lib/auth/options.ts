import "server-only";
import { randomBytes } from "node:crypto";
import type { NextAuthOptions, User as AuthUser } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isDatabaseUnavailable } from "@/lib/errors";
import { clientAddress } from "@/lib/rate-limit";
import { DUMMY_HASH, verifyPassword } from "./password";
import { signInSchema } from "./schemas";
import { liveSessionWhere, SESSION_MAX_AGE_SECONDS } from "./session-lifetime";
import { startAttempt } from "./sign-in-backoff";
import { SIGN_IN_CODES, waitCode } from "./sign-in-messages";

const oauthProviders = [
  ...(env.GITHUB_ID && env.GITHUB_SECRET ? [GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET })] : []),
  ...(env.GOOGLE_ID && env.GOOGLE_SECRET ? [GoogleProvider({ clientId: env.GOOGLE_ID, clientSecret: env.GOOGLE_SECRET })] : []),
];

/** Which optional providers this deployment offers, for the sign-in page. */
export const oauthProviderIds = oauthProviders.map((p) => ({ id: p.id, name: p.name }));

/**
 * The password sign-in. Whatever goes wrong reaches the form only as one of the codes in
 * ./sign-in-messages (next-auth shows a thrown error's message to the person): a wrong
 * password is `null`, a database that cannot answer is "Unavailable", never the reverse,
 * and no driver text ever leaves the server.
 */
export async function authorizeWithPassword(credentials: Record<string, string> | undefined, address: string): Promise<AuthUser | null> {
  const parsed = signInSchema.safeParse(credentials ?? {});
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  try {
    const attempt = await startAttempt(email, address);
    if ("waitSeconds" in attempt) throw new SignInRefusal(waitCode(attempt.waitSeconds));
    const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true, passwordHash: true } });
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
    if (!user || !ok) return null;
    await attempt.succeeded();
    return { id: user.id, name: user.name, email: user.email };
  } catch (error) {
    if (error instanceof SignInRefusal) throw error;
    if (!isDatabaseUnavailable(error)) console.error("[auth] password sign-in failed", error);
    throw new SignInRefusal(SIGN_IN_CODES.unavailable);
  }
}

/** An error whose message is one of the sign-in form's codes, safe to hand to next-auth. */
class SignInRefusal extends Error {}

/**
 * Our user for an OAuth sign-in: the linked account, else a new one. An existing
 * account with the same email is joined only when the provider vouches for the
 * address (Google's email_verified); GitHub's profile does not say, so there a
 * matching address is refused rather than taken over.
 *
 * An account whose address was never confirmed (a password account from before
 * addresses were confirmed) is not joined as it is: whoever set its password may not
 * own the address. Google has just shown who does, so that person takes it over — the
 * password is discarded and every session of the account ends.
 */
export async function userForOAuth(provider: string, providerAccountId: string, email: string, name: string, verified: boolean) {
  const linked = await db.oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { userId: true },
  });
  if (linked) return linked.userId;
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
    if (existing && !verified) throw new Error("AccessDenied");
    const now = new Date();
    let userId: string;
    if (!existing) {
      const user = await tx.user.create({
        data: { email, name: name.slice(0, 80) || email.split("@")[0]!, emailVerifiedAt: verified ? now : null },
        select: { id: true },
      });
      userId = user.id;
    } else {
      userId = existing.id;
      if (!existing.emailVerifiedAt) {
        await tx.user.update({ where: { id: userId }, data: { passwordHash: null, emailVerifiedAt: now } });
        await tx.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
      }
    }
    // Sign-ups still waiting for this address are someone's unconfirmed claim to it: drop them.
    if (verified) await tx.signUpRequest.deleteMany({ where: { email } });
    await tx.oAuthAccount.create({ data: { provider, providerAccountId, userId } });
    return userId;
  });
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials, req) => authorizeWithPassword(credentials, clientAddress(req.headers ?? {})),
    }),
    ...oauthProviders,
  ],
  callbacks: {
    async signIn({ account, profile }) {
      if (!account || account.provider === "credentials") return true;
      // Only an address the provider has verified may join or create an account.
      const email = profile?.email?.trim().toLowerCase();
      const verified = account.provider !== "google" || (profile as { email_verified?: boolean }).email_verified === true;
      if (!email || !verified) return false;
      // An address that already has an account is joined only on the provider's word (see userForOAuth).
      const linked = await db.oAuthAccount.findUnique({
        where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
        select: { userId: true },
      });
      if (linked) return true;
      const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
      return !existing || account.provider === "google";
    },

    async jwt({ token, user, account, profile, trigger }) {
      if (user && account) {
        // A new sign-in: record the session, so it can be ended from the server.
        const userId =
          account.provider === "credentials"
            ? user.id
            : await userForOAuth(
                account.provider,
                account.providerAccountId,
                profile!.email!.toLowerCase(),
                profile?.name ?? "",
                account.provider === "google" && (profile as { email_verified?: boolean }).email_verified === true,
              );
        const sessionId = randomBytes(24).toString("base64url");
        await db.authSession.create({ data: { id: sessionId, userId } });
        return { sid: sessionId, uid: userId };
      }
      if (typeof token.sid !== "string") return {};
      let session;
      try {
        session = await db.authSession.findFirst({
          where: liveSessionWhere(token.sid),
          select: { user: { select: { id: true, name: true, email: true } } },
        });
      } catch (error) {
        // next-auth takes any error here for "no session" and deletes the cookie: an outage
        // must not sign anyone out. The token stands as it was until the database answers
        // (every request that reads data checks the session itself: lib/auth/session.ts).
        if (isDatabaseUnavailable(error)) return token;
        throw error;
      }
      // Revoked (signed out elsewhere, password changed), past its 30 days, or the account is gone.
      if (!session) return {};
      void trigger;
      return { sid: token.sid, uid: session.user.id, name: session.user.name, email: session.user.email };
    },

    async session({ session, token }) {
      if (typeof token.uid !== "string" || typeof token.sid !== "string") return { expires: session.expires };
      return {
        expires: session.expires,
        sessionId: token.sid,
        user: { id: token.uid, name: token.name ?? "", email: token.email ?? "" },
      };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === "string")
        await db.authSession.updateMany({ where: { id: token.sid, revokedAt: null }, data: { revokedAt: new Date() } });
    },
  },
};
