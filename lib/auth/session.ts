import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { AppError } from "@/lib/errors";
import { authOptions } from "./options";

export type CurrentUser = { id: string; name: string; email: string; sessionId: string };

/** The signed-in person for this request, checked against the server's session record. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.user || !session.sessionId) return null;
  return { ...session.user, sessionId: session.sessionId };
});

/** For actions and route handlers: the signed-in person, or UNAUTHENTICATED. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return user;
}
