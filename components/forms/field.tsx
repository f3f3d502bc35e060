type Props = {
  name: string;
  label: string;
  type?: string;
  defaultValue?: string;
  errors?: string[];
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
  multiline?: boolean;
  placeholder?: string;
  min?: number;
  max?: number;
};

/** A labelled input with its hint and its errors underneath, tied together for screen readers. */
export function Field({ name, label, type = "text", defaultValue, errors, hint, multiline, ...rest }: Props) {
  const id = `field-${name}`;
  const describedBy = [hint && `${id}-hint`, errors?.length && `${id}-error`].filter(Boolean).join(" ") || undefined;
  const className =
    "mt-1.5 block w-full rounded-md border bg-raised px-3 py-2 text-[15px] text-ink shadow-sm placeholder:text-muted/70 focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30 " +
    (errors?.length ? "border-red-600 dark:border-red-400" : "border-rule");
  const common = { id, name, defaultValue, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy, className, ...rest };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      {multiline ? <textarea rows={3} {...common} /> : <input type={type} {...common} />}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level message: an error, or a confirmation. Announced when it changes. */
export function FormMessage({ error, message }: { error?: string; message?: string }) {
  return (
    <div aria-live="polite" role="status">
      {error ? (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-300">
          {error}
        </p>
      ) : message ? (
        <p className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-300">
          {message}
        </p>
      ) : null}
    </div>
  );
}
