import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export type Mail = { to: string; subject: string; text: string; html: string };

let transport: Transporter | null | undefined;
let warned = false;

function smtp(): Transporter | null {
  if (transport === undefined) transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return transport;
}

/**
 * Sends through SMTP when SMTP_URL is set. Without it the message is kept in the
 * outbox table: readable at /dev/outbox on a newcomer's machine (embedded database)
 * or with MAIL_OUTBOX=1, and never shown to visitors of a real deployment.
 */
export async function sendMail(mail: Mail): Promise<void> {
  const transporter = smtp();
  if (transporter) {
    await transporter.sendMail({ from: env.MAIL_FROM, ...mail });
    return;
  }
  if (!warned && env.STUDY_CIRCLE_EMBEDDED_DB !== "1" && env.MAIL_OUTBOX !== "1") {
    warned = true;
    console.warn("[mail] SMTP_URL is not set: mail is kept in the outbox table and not delivered.");
  }
  await db.outboxMessage.create({ data: mail });
}

export async function listOutbox(limit = 50) {
  return db.outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}
