"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { failed, invalid, type FormState } from "@/lib/forms";
import { createGroup, removeMember, restoreMember, setRole, updateGroup } from "@/lib/groups/groups";
import { createInvite, inviteByEmail, inviteUrl, revokeInvite } from "@/lib/groups/invites";
import { groupSchema, inviteByEmailSchema, inviteSchema, roleSchema } from "@/lib/groups/schemas";

// Every action: session → validation → the domain call (which checks membership in
// its own query) → revalidate. Errors come back as words for the form.

const SIGNED_OUT: FormState = { error: "Your session has ended. Sign in again to continue." };

export async function createGroupAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const parsed = groupSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  let groupId: string;
  try {
    groupId = (await createGroup(user.id, parsed.data)).id;
  } catch (error) {
    return failed(error, formData);
  }
  revalidatePath("/groups");
  redirect(`/groups/${groupId}`);
}

export async function updateGroupAction(groupId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const parsed = groupSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    await updateGroup(user.id, groupId, parsed.data);
  } catch (error) {
    return failed(error, formData);
  }
  revalidatePath(`/groups/${groupId}`);
  return {
    ok: true,
    message: "Saved.",
    values: { name: parsed.data.name, description: parsed.data.description, timeZone: parsed.data.timeZone, membersAddTexts: parsed.data.membersAddTexts ? "on" : "" },
  };
}

export async function createInviteAction(groupId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const parsed = inviteSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    const invite = await createInvite(user.id, groupId, parsed.data);
    revalidatePath(`/groups/${groupId}`);
    return { ok: true, message: "Invitation link ready.", values: { link: inviteUrl(invite.token) } };
  } catch (error) {
    return failed(error, formData);
  }
}

export async function inviteByEmailAction(groupId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const parsed = inviteByEmailSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error, formData);
  try {
    await inviteByEmail(user, groupId, parsed.data);
  } catch (error) {
    return failed(error, formData);
  }
  revalidatePath(`/groups/${groupId}`);
  return { ok: true, message: `Invitation sent to ${parsed.data.email}.` };
}

export async function revokeInviteAction(groupId: string, inviteId: string): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  try {
    await revokeInvite(user.id, groupId, inviteId);
  } catch (error) {
    return failed(error, new FormData());
  }
  revalidatePath(`/groups/${groupId}`);
  return { ok: true, message: "Invitation withdrawn." };
}

export async function setRoleAction(groupId: string, userId: string, role: string): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  const parsed = roleSchema.safeParse(role);
  if (!parsed.success) return { error: "Role must be facilitator or member." };
  try {
    await setRole(user.id, groupId, userId, parsed.data);
  } catch (error) {
    return failed(error, new FormData());
  }
  revalidatePath(`/groups/${groupId}`);
  return { ok: true, message: parsed.data === "facilitator" ? "Now a facilitator." : "Now a member." };
}

/** Removes a member, or leaves (yourself). The answer carries a receipt for Undo. */
export async function removeMemberAction(groupId: string, userId: string): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  let receipt: string | undefined;
  try {
    ({ receipt } = await removeMember(user.id, groupId, userId));
  } catch (error) {
    return failed(error, new FormData());
  }
  if (userId === user.id) {
    revalidatePath("/groups");
    redirect(`/groups?${new URLSearchParams({ left: groupId, ...(receipt ? { undo: receipt } : {}) })}`);
  }
  revalidatePath(`/groups/${groupId}`);
  return { ok: true, message: "Removed from the group.", values: receipt ? { receipt } : {} };
}

export async function restoreMemberAction(groupId: string, receipt: string): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return SIGNED_OUT;
  try {
    await restoreMember(user.id, String(groupId), String(receipt));
  } catch (error) {
    return failed(error, new FormData());
  }
  revalidatePath(`/groups/${groupId}`);
  revalidatePath("/groups");
  return { ok: true, message: "Undone." };
}
