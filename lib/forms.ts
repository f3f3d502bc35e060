import type { z } from "zod";
import { AppError, isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from "@/lib/errors";

/** What a server action hands back to its form: field errors in words, and the values typed, so nothing is lost. */
export type FormState = {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};

/** A form's text fields, minus passwords (never echoed back to the page). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !/password/i.test(key) && !key.startsWith("$")) values[key] = value;
  }
  return values;
}

export function invalid(error: z.ZodError, formData: FormData): FormState {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { error: "Some fields need attention.", fieldErrors, values: formValues(formData) };
}

/** AppErrors become a message for the form; anything else is logged and reported in general words. */
export function failed(error: unknown, formData: FormData): FormState {
  if (error instanceof AppError)
    return { error: error.message, fieldErrors: error.details?.fieldErrors, values: formValues(formData) };
  if (isDatabaseUnavailable(error)) return { error: UNAVAILABLE_MESSAGE, values: formValues(formData) };
  console.error("[action] unexpected error", error);
  return { error: "Something went wrong on our side. Please try again.", values: formValues(formData) };
}
