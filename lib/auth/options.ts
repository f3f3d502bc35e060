import "server-only";
import { randomBytes } from "node:crypto";
import type { NextAuthOptions, User as AuthUser } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { clientAddress, consume, LIMITS } from "@/lib/rate-limit";
import { DUMMY_HASH, verifyPassword } from "./password";
import { signInSchema } from "./schemas";

const oauthProviders = [
  ...(env.GITHUB_ID && env.GITHUB_SECRET ? [GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET })] : []),
  ...(env.GOOGLE_ID && env.GOOGLE_SECRET ? [GoogleProvider({ clientId: env.GOOGLE_ID, clientSecret: env.GOOGLE_SECRET })] : []),
];

/** Which optional providers this deployment offers, for the sign-in page. */
export const oauthProviderIds = oauthProviders.map((p) => ({ id: p.id, name: p.name }));

async function authorizeWithPassword(
  credentials: Record<string, string> | undefined,
  headers: Record<string, string | string[] | undefined>,
): Promise<AuthUser | null> {
  const parsed = signInSchema.safeParse(credentials ?? {});
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  try {
    await consume(
      [LIMITS.signInPerAddress(clientAddress(headers)), LIMITS.signInPerAccount(email)],
      "Too many sign-in attempts.",
    );
  } catch (error) {
    // next-auth hands an authorize error's message to the sign-in form.
    if (error instanceof AppError) throw new Error(error.message);
    if (isDatabaseUnavailable(error)) throw new Error(UNAVAILABLE_MESSAGE);
    throw error;
  }
  const user = await db.user
    .findUnique({ where: { email }, select: { id: true, name: true, email: true, passwordHash: true } })
    .catch((error: unknown) => {
      throw isDatabaseUnavailable(error) ? new Error(UNAVAILABLE_MESSAGE) : error;
    });
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !ok) return null;
  return { id: user.id, name: user.name, email: user.email };
}

/**
 * Our user for an OAuth sign-in: the linked account, else a new one. An existing
 * account with the same email is joined only when the provider vouches for the
 * address (Google's email_verified); GitHub's profile does not say, so there a
 * matching address is refused rather than taken over.
 */
async function userForOAuth(provider: string, providerAccountId: string, email: string, name: string, verified: boolean) {
  const linked = await db.oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { userId: true },
  });
  if (linked) return linked.userId;
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing && !verified) throw new Error("AccessDenied");
  const user =
    existing ?? (await db.user.create({ data: { email, name: name.slice(0, 80) || email.split("@")[0]! }, select: { id: true } }));
  await db.oAuthAccount.create({ data: { provider, providerAccountId, userId: user.id } });
  return user.id;
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials, req) => authorizeWithPassword(credentials, req.headers ?? {}),
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
          where: { id: token.sid, revokedAt: null },
          select: { user: { select: { id: true, name: true, email: true } } },
        });
      } catch (error) {
        // next-auth takes any error here for "no session" and deletes the cookie: an outage
        // must not sign anyone out. The token stands as it was until the database answers
        // (every request that reads data checks the session itself: lib/auth/session.ts).
        if (isDatabaseUnavailable(error)) return token;
        throw error;
      }
      // Revoked (signed out elsewhere, password changed) or the account is gone.
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
