// The group's event stream on a real Postgres with real LISTEN/NOTIFY: members only;
// a live note arrives with its content, a private one of someone else as its number
// alone; a reconnect from Last-Event-ID gets exactly what it missed; a malformed one
// starts from now with a "reset" event; "post before you peek" holds; a removed
// member's stream ends within a few seconds.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { deleteAnnotation, editAnnotation, listAnnotations, setHidden } from "@/lib/annotations/annotations";
import { createReply } from "@/lib/discussion/threads";
import { db } from "@/lib/db";
import { removeMember } from "@/lib/groups/groups";
import { refused, scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { createReading } from "@/lib/readings/readings";
import { readingSchema } from "@/lib/readings/schemas";
import { MEMBERSHIP_CHECK_MS } from "./listener";
import { MAX_REPLAY, openStream, startingPoint } from "./stream";
import { openInboxStream } from "./inbox";
import { STREAM_CAPS, openStreams, takeStreamSlot } from "./caps";
import { SLUG, loadPassage, writeNote, type Passage } from "./test-fixtures";


let passage: Passage;
beforeAll(async () => {
  passage = await loadPassage();
});

const note = (s: Scenario, userId: string, body: string, visibility: "group" | "private" = "group") => writeNote(passage, s.group.id, userId, { body, visibility });

type Frame = {
  id?: string;
  event?: string;
  data?: { seq?: number; kind?: string; annotation?: { id: string; body: string }; annotationId?: string; threadId?: string | null; message?: string };
};

/** Reads frames from a stream until `enough` says so, the stream ends, or the time is up. */
async function frames(stream: ReadableStream<Uint8Array>, enough: (all: Frame[]) => boolean, ms = 5000, out: Frame[] = []) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let ended = false;
  const deadline = Date.now() + ms;
  while (!enough(out) && Date.now() < deadline) {
    const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (next === null) break;
    if (next.done) {
      ended = true;
      break;
    }
    buffer += decoder.decode(next.value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const chunk = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (!chunk || chunk.startsWith(":") || chunk.startsWith("retry:")) continue;
      const frame: Frame = {};
      for (const line of chunk.split("\n")) {
        const [key, ...rest] = line.split(": ");
        const value = rest.join(": ");
        if (key === "id") frame.id = value;
        if (key === "event") frame.event = value;
        if (key === "data") frame.data = JSON.parse(value);
      }
      // The unread count rides along on every live stream (lib/realtime/inbox.int.test.ts): not the log.
      if (frame.event !== "inbox") out.push(frame);
    }
  }
  if (!ended) await reader.cancel();
  return { frames: out, ended };
}

/** Waits until `done` holds (or fails the test after a while). */
async function until(done: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the group's event stream", () => {
  it("is for members only", async () => {
    const s = await scenario("Stream");
    for (const who of [s.outsider, s.removed]) await refused(openStream(who.id, s.group.id, { lastEventId: null }), "NOT_FOUND");
    await refused(openStream(s.member.id, "not-a-group", { lastEventId: null }), "NOT_FOUND");
    const other = await scenario("Stream");
    await refused(openStream(s.member.id, other.group.id, { lastEventId: null }), "NOT_FOUND");
  });

  it("brings a new note as it is written, and someone else's private note as its number alone", async () => {
    const s = await scenario("Stream");
    const stream = await openStream(s.member.id, s.group.id, { lastEventId: null });
    const reading = frames(stream, (all) => all.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    const shared = await note(s, s.other.id, "Seen by all.");
    const secret = await note(s, s.other.id, "Only mine.", "private");
    const { frames: got } = await reading;
    expect(got[0]).toMatchObject({ id: "1", event: "annotation.created", data: { seq: 1, annotation: { id: shared.id, body: "Seen by all." } } });
    expect(got[1]).toEqual({ id: "2" });
    expect(JSON.stringify(got)).not.toContain(secret.id);
  });

  it("continues from the event number the page's notes were read at: nothing written in between is missed or repeated", async () => {
    const s = await scenario("Stream");
    const before = await note(s, s.other.id, "Already on the page.");
    const page = await listAnnotations(s.member.id, s.group.id, SLUG);
    expect(page.annotations.map((a) => a.id)).toEqual([before.id]);
    expect(page.seq).toBe(1);
    // Written after the page read its notes and before its stream opened.
    await note(s, s.other.id, "Written in between.");
    const { frames: got } = await frames(await openStream(s.member.id, s.group.id, { lastEventId: String(page.seq), until: "now" }), () => false);
    expect(got.map((f) => f.data?.annotation?.body)).toEqual(["Written in between."]);
  });

  it("replays exactly what a reconnecting reader missed, in order", async () => {
    const s = await scenario("Stream");
    const written = [];
    for (let i = 0; i < 5; i++) written.push(await note(s, s.other.id, `Note ${i + 1}`));
    const { frames: got, ended } = await frames(await openStream(s.member.id, s.group.id, { lastEventId: "2", until: "now" }), () => false);
    expect(ended).toBe(true);
    expect(got.map((f) => [f.id, f.data?.annotation?.body])).toEqual([
      ["3", "Note 3"],
      ["4", "Note 4"],
      ["5", "Note 5"],
    ]);
    // From the newest number: nothing more.
    expect((await frames(await openStream(s.member.id, s.group.id, { lastEventId: "5", until: "now" }), () => false)).frames).toEqual([]);
  });

  it("starts from now, saying so, after a Last-Event-ID that is not a number or is ahead of the log", async () => {
    const s = await scenario("Stream");
    await note(s, s.other.id, "Before.");
    for (const bad of ["abc", "-1", "1e3", "99999"]) {
      const { frames: got } = await frames(await openStream(s.member.id, s.group.id, { lastEventId: bad, until: "now" }), () => false);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ id: "1", event: "reset", data: { seq: 1 } });
    }
    expect(startingPoint("0", 4)).toEqual({ after: 0, reset: null });
    expect(startingPoint(null, 4)).toEqual({ after: 4, reset: null });
  });

  it("keeps a week's notes closed to a member who has not posted (post before you peek)", async () => {
    const s = await scenario("Stream");
    await createReading(s.facilitator.id, s.group.id, readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-13T18:00", postBeforePeek: true }));
    const before = await note(s, s.other.id, "My first thoughts.");
    const { frames: got } = await frames(await openStream(s.member.id, s.group.id, { lastEventId: "0", until: "now" }), () => false);
    expect(got.map((f) => f.event ?? "id only")).toEqual(["reading.created", "id only"]);
    expect(JSON.stringify(got)).not.toContain("My first thoughts.");
    await note(s, s.member.id, "Mine, now.");
    const after = await frames(await openStream(s.member.id, s.group.id, { lastEventId: "1", until: "now" }), () => false);
    expect(after.frames.map((f) => f.data?.annotation?.body)).toEqual(["My first thoughts.", "Mine, now."]);
    expect(after.frames[0]!.data?.annotation?.id).toBe(before.id);
  });

  it("gives each of several live readers what they may see, and opens a week's notes live once a member posts", async () => {
    const s = await scenario("Stream");
    await createReading(s.facilitator.id, s.group.id, readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-13T18:00", postBeforePeek: true }));
    // Two tabs of the member, one of the other member, one of the facilitator, all live.
    const open = (userId: string) => openStream(userId, s.group.id, { lastEventId: null });
    const streams = await Promise.all([open(s.member.id), open(s.member.id), open(s.other.id), open(s.facilitator.id)]);
    const seen = streams.map((): Frame[] => []);
    const reading = streams.map((stream, i) => frames(stream, (all) => all.length >= 3, 8000, seen[i]));
    await new Promise((r) => setTimeout(r, 200));
    // Each note is written once every reader has the one before, so each is judged as it happened.
    await note(s, s.other.id, "Before Member wrote.");
    await until(() => seen.every((f) => f.length >= 1));
    await note(s, s.member.id, "Member's first.");
    await until(() => seen.every((f) => f.length >= 2));
    await note(s, s.other.id, "After Member wrote.");
    const [tab1, tab2, other, facilitator] = (await Promise.all(reading)).map((r) => r.frames.map((f) => f.data?.annotation?.body ?? "id only"));
    expect(tab1).toEqual(["id only", "Member's first.", "After Member wrote."]);
    expect(tab2).toEqual(tab1);
    expect(other).toEqual(["Before Member wrote.", "Member's first.", "After Member wrote."]);
    expect(facilitator).toEqual(other);
  });

  it("tells readers who may no longer see a note that it is gone, by its id alone", async () => {
    const s = await scenario("Stream");
    const shared = await note(s, s.other.id, "Soon hidden.");
    const later = await note(s, s.other.id, "Soon private.");
    await setHidden(s.facilitator.id, s.group.id, shared.id, true);
    await editAnnotation(s.other.id, s.group.id, later.id, { revision: 1, body: "Now mine alone.", visibility: "private" });
    const read = async (userId: string) => (await frames(await openStream(userId, s.group.id, { lastEventId: "2", until: "now" }), () => false)).frames;
    const member = await read(s.member.id);
    expect(member).toEqual([
      { id: "3", event: "annotation.gone", data: { seq: 3, kind: "annotation.gone", annotationId: shared.id, threadId: null } },
      { id: "4", event: "annotation.gone", data: { seq: 4, kind: "annotation.gone", annotationId: later.id, threadId: null } },
    ]);
    // The author still sees both, the hidden one marked; the facilitator sees the hidden one and not the private one.
    const author = await read(s.other.id);
    expect(author[0]).toMatchObject({ event: "annotation.updated", data: { annotation: { id: shared.id, hidden: true } } });
    expect(author[1]).toMatchObject({ event: "annotation.updated", data: { annotation: { id: later.id, body: "Now mine alone.", visibility: "private" } } });
    const facilitator = await read(s.facilitator.id);
    expect(facilitator[0]).toMatchObject({ event: "annotation.updated", data: { annotation: { id: shared.id, hidden: true } } });
    expect(facilitator[1]).toMatchObject({ event: "annotation.gone" });
    expect(JSON.stringify([member, facilitator])).not.toContain("Now mine alone.");
  });

  it("tells a note is gone only to readers who saw it before the change, and an update to those who still see it", async () => {
    const s = await scenario("Stream");
    const secret = await note(s, s.other.id, "Mine alone.", "private");
    const shared = await note(s, s.other.id, "Seen by all, then hidden.");
    const names: Record<string, string> = { [secret.id]: "secret", [shared.id]: "shared" };
    const shown = (f: Frame) =>
      f.event !== "annotation.gone" ? (f.event ?? "id only") : `gone ${names[f.data!.annotationId!]}${f.data!.threadId ? ` in ${names[f.data!.threadId]}` : ""}`;
    const people = { member: s.member.id, facilitator: s.facilitator.id, author: s.other.id };
    /** What each reader's stream brings for one change, read just after it (as a live reader gets it). */
    const after = async (change: () => Promise<unknown>) => {
      const { eventSeq } = await db.group.findUniqueOrThrow({ where: { id: s.group.id }, select: { eventSeq: true } });
      await change();
      const got: Record<string, string[]> = {};
      for (const [who, id] of Object.entries(people))
        got[who] = (await frames(await openStream(id, s.group.id, { lastEventId: String(eventSeq), until: "now" }), () => false)).frames.map(shown);
      return got;
    };
    // An edit of a private note: nothing to the others.
    expect(await after(() => editAnnotation(s.other.id, s.group.id, secret.id, { revision: 1, body: "Still mine alone." }))).toEqual({
      member: ["id only"],
      facilitator: ["id only"],
      author: ["annotation.updated"],
    });
    // Hidden: gone for the member; the facilitator and the author still see it.
    expect(await after(() => setHidden(s.facilitator.id, s.group.id, shared.id, true))).toEqual({
      member: ["gone shared"],
      facilitator: ["annotation.updated"],
      author: ["annotation.updated"],
    });
    // Hiding it again changes nothing and tells no one.
    expect(await after(() => setHidden(s.facilitator.id, s.group.id, shared.id, true))).toEqual({ member: [], facilitator: [], author: [] });
    // Edited while hidden: the member, who no longer has it, is told nothing.
    expect(await after(() => editAnnotation(s.other.id, s.group.id, shared.id, { revision: 1, body: "Edited while hidden." }))).toEqual({
      member: ["id only"],
      facilitator: ["annotation.updated"],
      author: ["annotation.updated"],
    });
    // Made private while hidden: gone for the facilitator, who saw it; the member never learns of it.
    expect(await after(() => editAnnotation(s.other.id, s.group.id, shared.id, { revision: 2, visibility: "private" }))).toEqual({
      member: ["id only"],
      facilitator: ["gone shared"],
      author: ["annotation.updated"],
    });
    // Shared: it arrives for everyone.
    expect(await after(() => editAnnotation(s.other.id, s.group.id, secret.id, { revision: 2, visibility: "group" }))).toEqual({
      member: ["annotation.updated"],
      facilitator: ["annotation.updated"],
      author: ["annotation.updated"],
    });
    // A reply hidden: gone, with its thread, for those who no longer see it; its author and the facilitator still do.
    const reply = (await createReply(s.member.id, s.group.id, secret.id, { id: randomUUID(), body: "A reply, soon hidden." })).reply;
    names[reply.id] = "reply";
    expect(await after(() => setHidden(s.facilitator.id, s.group.id, reply.id, true))).toEqual({
      member: ["annotation.updated"],
      facilitator: ["annotation.updated"],
      author: ["gone reply in secret"],
    });
    // A member away during all of it, coming back: the hidden note is gone from their page.
    const replay = (await frames(await openStream(s.member.id, s.group.id, { lastEventId: "2", until: "now" }), () => false)).frames.map(shown);
    expect(replay.filter((f) => f.startsWith("gone"))).toEqual(["gone shared"]);
  });

  it("tells no one a note was hidden whose week is still closed to them (post before you peek)", async () => {
    const s = await scenario("Stream");
    await createReading(s.facilitator.id, s.group.id, readingSchema.parse({ text: SLUG, weekOf: "2026-12-07", due: "2026-12-13T18:00", postBeforePeek: true }));
    const shared = await note(s, s.other.id, "Closed to the member.");
    await setHidden(s.facilitator.id, s.group.id, shared.id, true);
    const { frames: got } = await frames(await openStream(s.member.id, s.group.id, { lastEventId: "2", until: "now" }), () => false);
    expect(got).toEqual([{ id: "3" }]);
  });

  it("tells of a deletion only those who could see the note", async () => {
    const s = await scenario("Stream");
    const secret = await note(s, s.other.id, "Private, then gone.", "private");
    await deleteAnnotation(s.other.id, s.group.id, secret.id);
    const read = async (userId: string) => (await frames(await openStream(userId, s.group.id, { lastEventId: "1", until: "now" }), () => false)).frames;
    expect(await read(s.member.id)).toEqual([{ id: "2" }]);
    expect(await read(s.other.id)).toEqual([{ id: "2", event: "annotation.deleted", data: expect.objectContaining({ annotationId: secret.id }) }]);
  });

  it("sends a reader too far behind a reset rather than the whole log in between", () => {
    expect(startingPoint("5", 5 + MAX_REPLAY)).toEqual({ after: 5, reset: null });
    const far = startingPoint("4", 5 + MAX_REPLAY);
    expect(far.after).toBe(5 + MAX_REPLAY);
    expect(far.reset).toMatch(/Too much has changed/);
  });

  it("caps a person's open streams (429) and the instance's (503), and frees a slot when a stream ends", async () => {
    const s = await scenario("Stream");
    expect(STREAM_CAPS.perPerson).toBe(8);
    const streams = [];
    for (let i = 0; i < STREAM_CAPS.perPerson - 1; i++) streams.push(await openStream(s.member.id, s.group.id, { lastEventId: null }));
    // The inbox's own stream counts too.
    const inbox = openInboxStream(s.member.id);
    expect(openStreams(s.member.id)).toBe(STREAM_CAPS.perPerson);
    const refusal = await refused(openStream(s.member.id, s.group.id, { lastEventId: null }), "RATE_LIMITED");
    expect(refusal.details?.retryAfterSeconds).toBeGreaterThan(0);
    await refused(async () => openInboxStream(s.member.id), "RATE_LIMITED");
    // A catch-up that ends at once takes no slot; someone else is not affected.
    await (await openStream(s.member.id, s.group.id, { lastEventId: null, until: "now" })).cancel();
    const other = await openStream(s.other.id, s.group.id, { lastEventId: null });
    await streams.pop()!.cancel();
    expect(openStreams(s.member.id)).toBe(STREAM_CAPS.perPerson - 1);
    streams.push(await openStream(s.member.id, s.group.id, { lastEventId: null }));
    for (const stream of [...streams, inbox, other]) await stream.cancel();
    expect(openStreams(s.member.id)).toBe(0);

    // The instance's cap, made small here: everyone is turned away with a 503 once it is full.
    const small = { perPerson: 8, perInstance: openStreams() + 2 };
    const a = takeStreamSlot("someone", small);
    const b = takeStreamSlot("someone else", small);
    await refused(async () => takeStreamSlot("a third", small), "UNAVAILABLE");
    a();
    a(); // giving back twice frees one slot, not two
    const c = takeStreamSlot("a third", small);
    await refused(async () => takeStreamSlot("a fourth", small), "UNAVAILABLE");
    b();
    c();
  });

  it("ends a removed member's stream within a few seconds", async () => {
    const s = await scenario("Stream");
    const stream = await openStream(s.other.id, s.group.id, { lastEventId: null });
    const reading = frames(stream, (all) => all.some((f) => f.event === "closed"), MEMBERSHIP_CHECK_MS * 3);
    await removeMember(s.facilitator.id, s.group.id, s.other.id);
    const started = Date.now();
    const { frames: got, ended } = await reading;
    expect(got.at(-1)).toMatchObject({ event: "closed" });
    expect(ended || got.some((f) => f.event === "closed")).toBe(true);
    expect(Date.now() - started).toBeLessThan(MEMBERSHIP_CHECK_MS * 2 + 1000);
  });
});
