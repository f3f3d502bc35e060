// A person's unread count, live, on a real Postgres with real LISTEN/NOTIFY: told at
// once, again when a reply notifies them, again when they mark it read elsewhere; never
// for someone else's inbox; and carried by the group's event stream as well.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createReply } from "@/lib/discussion/threads";
import { markRead } from "@/lib/discussion/inbox";
import { scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { followInbox, openInboxStream } from "./inbox";
import { openStream } from "./stream";
import { loadPassage, writeNote, type Passage } from "./test-fixtures";


let passage: Passage;
beforeAll(async () => {
  passage = await loadPassage();
});

const note = (s: Scenario, userId: string) => writeNote(passage, s.group.id, userId, { body: "What do you think?" }).then((n) => n.id);

/** Resolves once `counts` holds `n` values, or fails after a while. */
async function until(counts: number[], n: number, ms = 3000) {
  const deadline = Date.now() + ms;
  while (counts.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return counts;
}

/** Reads a stream until `enough` says so, it ends, or time is up; `so.far` holds what came, as it comes. */
async function readAll(stream: ReadableStream<Uint8Array>, enough: (text: string) => boolean, ms = 3000, so = { far: "" }) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + ms;
  while (!enough(so.far) && Date.now() < deadline) {
    const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!next || next.done) break;
    so.far += decoder.decode(next.value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return so.far;
}

/** Waits until the text read so far holds `part`. */
async function heard(so: { far: string }, part: string) {
  const deadline = Date.now() + 3000;
  while (!so.far.includes(part)) {
    if (Date.now() > deadline) throw new Error(`never heard ${part}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the unread count, live", () => {
  it("is told at once, when a reply arrives, and when it is read elsewhere; another's inbox says nothing", async () => {
    const s = await scenario("Inbox");
    const mine = await note(s, s.member.id);
    const counts: number[] = [];
    const others: number[] = [];
    const stop = await followInbox(s.member.id, (n) => counts.push(n));
    const stopOther = await followInbox(s.outsider.id, (n) => others.push(n));
    expect(await until(counts, 1)).toEqual([0]);

    await createReply(s.other.id, s.group.id, mine, { id: randomUUID(), body: "I think so too." });
    expect(await until(counts, 2)).toEqual([0, 1]);
    await markRead(s.member.id, { all: true, read: true });
    expect(await until(counts, 3)).toEqual([0, 1, 0]);
    stop();
    stopOther();
    expect(others).toEqual([0]);
  });

  it("comes as a stream of its own, or once with until=now", async () => {
    const s = await scenario("Inbox");
    const mine = await note(s, s.member.id);
    await createReply(s.other.id, s.group.id, mine, { id: randomUUID(), body: "Yes." });
    const once = await readAll(openInboxStream(s.member.id, { until: "now" }), () => false);
    expect(once).toBe('retry: 3000\n\nevent: inbox\ndata: {"unread":1}\n\n');

    const so = { far: "" };
    const live = readAll(openInboxStream(s.member.id), (t) => t.includes('{"unread":2}'), 3000, so);
    await heard(so, '{"unread":1}');
    await createReply(s.facilitator.id, s.group.id, mine, { id: randomUUID(), body: "And again." });
    expect(await live).toContain('event: inbox\ndata: {"unread":1}\n\nevent: inbox\ndata: {"unread":2}\n\n');
  });

  it("rides along on the group's event stream", async () => {
    const s = await scenario("Inbox");
    const mine = await note(s, s.member.id);
    const stream = await openStream(s.member.id, s.group.id, { lastEventId: null });
    const so = { far: "" };
    const text = readAll(stream, (t) => t.includes('{"unread":1}') && t.includes("event: annotation.created"), 3000, so);
    await heard(so, '{"unread":0}');
    await createReply(s.other.id, s.group.id, mine, { id: randomUUID(), body: "Live." });
    const got = await text;
    expect(got).toContain('event: inbox\ndata: {"unread":0}');
    expect(got).toContain('event: inbox\ndata: {"unread":1}');
    expect(got).toContain("event: annotation.created");
  });
});
