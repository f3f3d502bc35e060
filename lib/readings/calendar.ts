import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createEvents, type EventAttributes } from "ics";
import { env, siteUrl } from "@/lib/env";
import { calendarReadings, calendarVersion, resetCalendarVersion } from "./readings";

// Each member's calendar feed has a secret address that calendar apps poll without
// signing in. The address carries the group, the member and a version number, signed
// with the deployment's secret: nothing secret is stored, and resetting the address
// (bumping the version) stops every older one at once. Leaving the group stops it too.

// Every instance of a deployment shares NEXTAUTH_SECRET; a lone test process makes its own.
const secret = env.NEXTAUTH_SECRET ?? randomBytes(32).toString("hex");
const sign = (payload: string) => createHmac("sha256", secret).update(`calendar:${payload}`).digest("base64url");

export function calendarToken(groupId: string, userId: string, version: number): string {
  const payload = Buffer.from(`${groupId}:${userId}:${version}`).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export function readCalendarToken(token: string): { groupId: string; userId: string; version: number } | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || payload.length > 200) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [groupId, userId, version, more] = Buffer.from(payload, "base64url").toString("utf8").split(":");
  if (!groupId || !userId || !version || more !== undefined || !/^\d+$/.test(version)) return null;
  return { groupId, userId, version: Number(version) };
}

const feedUrl = (token: string) => `${siteUrl()}/api/calendar/${token}.ics`;

/** This member's feed address for the group. */
export async function calendarAddress(userId: string, groupId: string) {
  const version = await calendarVersion(userId, groupId);
  return { url: feedUrl(calendarToken(groupId, userId, version)) };
}

/** A new address for this member; the one before stops working. */
export async function resetCalendarAddress(userId: string, groupId: string) {
  const version = await resetCalendarVersion(userId, groupId);
  return { url: feedUrl(calendarToken(groupId, userId, version)) };
}

/** The iCalendar file for a feed address, or null when the address is not (or no longer) valid. */
export async function calendarFeed(token: string): Promise<string | null> {
  const claim = readCalendarToken(token);
  if (!claim) return null;
  const data = await calendarReadings(claim.groupId, claim.userId, claim.version);
  if (!data) return null;
  const site = siteUrl();
  const events: EventAttributes[] = data.readings.map((r) => ({
    uid: `reading-${r.id}@study-circle`,
    title: `${r.title} — due (${data.group.name})`,
    description: [`Read ${r.range}.`, ...r.prompts.map((p, i) => `${i + 1}. ${p.body}`)].join("\n"),
    url: `${site}/groups/${data.group.id}/texts/${encodeURIComponent(r.text.slug)}?reading=${r.id}`,
    start: r.dueAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: 30 },
    lastModified: r.updatedAt.getTime(),
  }));
  const { error, value } = createEvents(events, { calName: `${data.group.name} · Study Circle`, productId: "study-circle/readings" });
  if (error || !value) throw error ?? new Error("calendar could not be written");
  return value;
}

