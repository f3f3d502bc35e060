"use client";

import { useActionState } from "react";
import { Field, FormMessage } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { TimeZoneField } from "@/components/forms/time-zone-field";
import type { FormState } from "@/lib/forms";
import { createGroupAction } from "./actions";

export function CreateGroupForm() {
  const [state, action] = useActionState<FormState, FormData>(createGroupAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage error={state.error} />
      <Field name="name" label="Group name" required maxLength={80} defaultValue={state.values?.name} errors={state.fieldErrors?.name} placeholder="Tuesday reading circle" />
      <Field name="description" label="Description (optional)" multiline maxLength={500} defaultValue={state.values?.description} errors={state.fieldErrors?.description} hint="What you’re reading and when you meet." />
      <TimeZoneField defaultValue={state.values?.timeZone} errors={state.fieldErrors?.timeZone} />
      <SubmitButton pending="Creating group…">Create group</SubmitButton>
    </form>
  );
}
