import { z } from "zod";
import { bodySchema } from "@/lib/annotations/schemas";
import { REACTION_KINDS } from "@/lib/annotations/view";
import { hasControlCharacters } from "@/lib/auth/schemas";

// Shared by the thread panel's forms and the API.

export const MAX_TITLE_LENGTH = 200;

const idSchema = z.uuid({ error: "The reply needs an id made by the client (a UUID)." });

export const replySchema = z
  .object({ id: idSchema, body: bodySchema })
  .strict()
  .refine((r) => r.body.trim().length > 0, { path: ["body"], message: "Write your reply." });
export type ReplyInput = z.infer<typeof replySchema>;

export const titleSchema = z
  .string({ error: "Give the discussion a title." })
  .trim()
  .min(1, "Give the discussion a title.")
  .max(MAX_TITLE_LENGTH, `Keep the title under ${MAX_TITLE_LENGTH} characters.`)
  .refine((t) => !hasControlCharacters(t) && !/\n/.test(t), "A title is one line of plain text.");

/** A thread about the text as a whole, in its general discussion. */
export const discussionSchema = z
  .object({
    id: z.uuid({ error: "The discussion needs an id made by the client (a UUID)." }),
    text: z.string({ error: "Say which text the discussion is about." }).min(1).max(120),
    kind: z.enum(["comment", "question"], { error: "A discussion is a comment or a question." }).default("comment"),
    // An answer to a facilitator's prompt takes the prompt as its title.
    title: titleSchema.optional(),
    promptId: z.string().regex(/^[a-z0-9]{20,40}$/, "That is not one of this week’s prompts.").optional(),
    body: bodySchema,
  })
  .strict()
  .refine((d) => d.body.trim().length > 0, { path: ["body"], message: "Write the first message." })
  .refine((d) => d.title !== undefined || d.promptId !== undefined, { path: ["title"], message: "Give the discussion a title." });
export type DiscussionInput = z.infer<typeof discussionSchema>;

export const reactionKindSchema = z.enum(REACTION_KINDS, { error: `A reaction is one of ${REACTION_KINDS.join(", ")}.` });

/** Changes to a thread's state, one per request: told apart by the field sent. */
export const threadStateSchemas = {
  answer: z.object({ answerId: z.uuid({ error: "answerId must be a reply's id, or null." }).nullable() }).strict(),
  resolved: z.object({ resolved: z.boolean({ error: "resolved must be true or false." }) }).strict(),
  pinned: z.object({ pinned: z.boolean({ error: "pinned must be true or false." }) }).strict(),
  forMeeting: z.object({ forMeeting: z.boolean({ error: "forMeeting must be true or false." }) }).strict(),
} as const;

export const followSchema = z.object({ following: z.boolean({ error: "following must be true or false." }) }).strict();

export const EMAIL_FREQUENCIES = ["immediately", "daily", "weekly", "none"] as const;
export const emailFrequencySchema = z.object({
  emailFrequency: z.enum(EMAIL_FREQUENCIES, { error: "Choose immediately, a daily digest, a weekly digest or none." }),
});

export const markReadSchema = z
  .object({
    ids: z.array(z.string().regex(/^[a-z0-9]{20,40}$/, "Those are not notifications.")).max(500).optional(),
    all: z.literal(true).optional(),
    threadId: z.uuid({ error: "threadId must be a thread's id." }).optional(),
    read: z.boolean({ error: "read must be true or false." }).default(true),
  })
  .strict()
  .refine((m) => [m.ids, m.all, m.threadId].filter((v) => v !== undefined).length === 1, "Send one of: ids (a list), all: true, or threadId.");
