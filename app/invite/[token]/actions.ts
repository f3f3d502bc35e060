"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { failed, type FormState } from "@/lib/forms";
import { acceptInvite } from "@/lib/groups/invites";
import { clientAddress } from "@/lib/rate-limit";

export async function acceptInviteAction(token: string): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return { error: "Sign in to join the group." };
  let groupId: string;
  try {
    ({ groupId } = await acceptInvite(user.id, String(token), clientAddress(await headers())));
  } catch (error) {
    return failed(error, new FormData());
  }
  redirect(`/groups/${groupId}?joined=1`);
}
