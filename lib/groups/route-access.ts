import "server-only";
import { getCurrentUser } from "@/lib/auth/session";
import { notFound } from "@/lib/errors";

/**
 * For group-scoped pages and API: a signed-out visitor gets the same 404 as a
 * non-member, so nobody can learn that a group exists. The membership itself is
 * checked by the domain function's query.
 */
export async function memberOrNotFound() {
  const user = await getCurrentUser();
  if (!user) throw notFound("That group");
  return user;
}
