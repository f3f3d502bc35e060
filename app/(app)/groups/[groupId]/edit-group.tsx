"use client";

import { useActionState, useState } from "react";
import { buttonClass } from "@/components/forms/button-class";
import { Field, FormMessage } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { TimeZoneField } from "@/components/forms/time-zone-field";
import type { FormState } from "@/lib/forms";
import { updateGroupAction } from "../actions";

export function EditGroup({
  groupId,
  name,
  description,
  timeZone,
  membersAddTexts,
}: {
  groupId: string;
  name: string;
  description: string;
  timeZone: string;
  membersAddTexts: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState<FormState, FormData>(updateGroupAction.bind(null, groupId), {});
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} className={buttonClass("secondary")}>
        Edit group
      </button>
    );
  return (
    <form action={action} className="w-full max-w-md space-y-3 rounded-xl border border-rule bg-raised p-4 shadow-sm" noValidate>
      <FormMessage error={state.error} message={state.message} />
      <Field name="name" label="Group name" required maxLength={80} defaultValue={state.values?.name ?? name} errors={state.fieldErrors?.name} />
      <Field name="description" label="Description" multiline maxLength={500} defaultValue={state.values?.description ?? description} errors={state.fieldErrors?.description} />
      <TimeZoneField defaultValue={state.values?.timeZone ?? timeZone} errors={state.fieldErrors?.timeZone} />
      <label className="flex items-start gap-2.5 text-sm text-ink">
        <input
          type="checkbox"
          name="membersAddTexts"
          defaultChecked={state.values ? state.values.membersAddTexts === "on" : membersAddTexts}
          className="mt-0.5 size-4 accent-[var(--accent)]"
          aria-describedby="members-add-texts-hint"
        />
        <span>
          Members may add texts to the library
          <span id="members-add-texts-hint" className="block text-xs text-muted">
            Facilitators always can. A member may then edit and retire the texts they added.
          </span>
        </span>
      </label>
      <div className="flex gap-2">
        <SubmitButton pending="Saving…">Save changes</SubmitButton>
        <button type="button" onClick={() => setOpen(false)} className={buttonClass("secondary")}>
          Close
        </button>
      </div>
    </form>
  );
}
