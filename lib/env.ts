import { z } from "zod";

// An empty variable counts as unset, so `FOO=` in a shell or .env file is not a value.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
const flag = optional(z.enum(["0", "1"]));

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // Set by scripts/start.ts (embedded Postgres) or by the deployment.
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgres:// URL" })),
  // "1" when scripts/start.ts runs the embedded Postgres (the newcomer's default).
  STUDY_CIRCLE_EMBEDDED_DB: flag,
  // Signs session cookies. scripts/start.ts makes one and keeps it in .data/ when unset.
  NEXTAUTH_SECRET: optional(z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters")),
  NEXTAUTH_URL: optional(z.url()),
  // Optional sign-in providers: each appears only when both of its variables are set.
  GITHUB_ID: optional(z.string()),
  GITHUB_SECRET: optional(z.string()),
  GOOGLE_ID: optional(z.string()),
  GOOGLE_SECRET: optional(z.string()),
  // smtp://user:pass@host:587 — without it, mail goes to the outbox (lib/mail).
  SMTP_URL: optional(z.url()),
  MAIL_FROM: z.string().default("Study Circle <no-reply@study-circle.local>"),
  // Shows /dev/outbox even with an external database.
  MAIL_OUTBOX: flag,
  // Set by scripts/serve.ts: the x-study-circle-client header is its own, not the client's.
  STUDY_CIRCLE_CLIENT_HEADER: optional(z.enum(["serve"])),
  // "1" behind a proxy that appends the client's address to X-Forwarded-For.
  TRUST_PROXY: flag,
  // Log every SQL query (development aid).
  LOG_QUERIES: flag,
  // Open event streams an instance allows per person and in all (lib/realtime/caps.ts).
  MAX_STREAMS_PER_PERSON: optional(z.coerce.number().int().min(1)),
  MAX_STREAMS: optional(z.coerce.number().int().min(1)),
});

export type Env = z.infer<typeof schema>;

function parse(): Env {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return result.data;
}

export const env = parse();

/** The outbox page is for a newcomer's machine or an explicit opt-in, never a plain deployment. */
export const outboxVisible = () => env.STUDY_CIRCLE_EMBEDDED_DB === "1" || env.MAIL_OUTBOX === "1";

/** Where links in mail point: the deployment's address (scripts/start.ts sets it for a local run). */
export const siteUrl = () => (env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
