import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/client";

/**
 * A receipt for a membership just ended, which lets the person who ended it put it
 * back for a few minutes (the Undo in the toast). Signed, so it cannot be made up;
 * naming who removed whom, so nobody else can use it.
 */
export type Removal = { groupId: string; userId: string; role: Role; by: string; expires: number };

const UNDO_SECONDS = 5 * 60;
// Every instance of a deployment shares NEXTAUTH_SECRET; a lone test process makes its own.
const secret = env.NEXTAUTH_SECRET ?? randomBytes(32).toString("hex");

const sign = (payload: string) => createHmac("sha256", secret).update(`undo:${payload}`).digest("base64url");

export function removalReceipt(removal: Omit<Removal, "expires">, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...removal, expires: now + UNDO_SECONDS * 1000 })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The removal a receipt describes, or null if it was not made here or is malformed. Expiry is the caller's to judge. */
export function readReceipt(receipt: string): Removal | null {
  const [payload, signature, extra] = receipt.split(".");
  if (!payload || !signature || extra !== undefined || payload.length > 1000) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const removal = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Removal;
    return typeof removal.groupId === "string" && typeof removal.userId === "string" && typeof removal.by === "string" &&
      (removal.role === "facilitator" || removal.role === "member") && typeof removal.expires === "number"
      ? removal
      : null;
  } catch {
    return null;
  }
}
