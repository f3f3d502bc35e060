// Who may do what, over HTTP against the real app. One table drives it: every
// group-scoped page and API route × {anonymous, non-member, removed member, member,
// facilitator} → the status the app must answer. Outsiders learn nothing (404, never
// 403, never 401 on a group's routes), refusals change nothing, and what is allowed
// really happens. A walk over app/ fails when a route file has no row, so a new route
// cannot be forgotten. Then: one group's facilitator aiming at another group's ids
// (IDOR), requests from other origins, bodies that are not JSON or are too large, and
// error bodies that never show the server's insides.
import fs from "node:fs";
import path from "node:path";
import type { APIResponse, Browser } from "@playwright/test";
import { parseText } from "@/lib/content/blocks";
import { ROOT, waitForHydration } from "./helpers";
import {
  addMember,
  createGroup,
  createInvite,
  expect,
  expectNoLeak,
  expectStatus,
  json,
  membersOf,
  myGroups,
  newPerson,
  openActor,
  PASSWORD,
  sessionUser,
  signIn,
  signedUpActor,
  test,
  uniqueEmail,
  uniqueName,
  type Actor,
  type Invite,
  type SignedIn,
} from "./fixtures";

// ── The world the matrix runs in ──────────────────────────────────────────────────

const ACTORS = ["anonymous", "non-member", "removed member", "member", "facilitator"] as const;
type ActorName = (typeof ACTORS)[number];

type World = {
  group: { id: string; name: string; description: string };
  facilitator: SignedIn;
  member: SignedIn;
  /** Another member: the :userId the routes about members act on. */
  target: SignedIn;
  removed: SignedIn;
  outsider: SignedIn;
  anonymous: Actor;
  /** An open, multi-use invitation link (made again whenever a row withdraws it). */
  invite: Invite;
  /** The member's group comment on SLUG (restored by reset whatever a row did to it). */
  note: { id: string; revision: number };
  /** The other member's private note: nobody else may learn it exists. */
  privateNote: string;
  /** The member's question, with the other member's reply to it (:questionId). */
  question: { id: string; replyId: string };
  versionId: string;
  /** The group's week on SLUG (:readingId), and the body that sets it back as it was. */
  reading: { id: string; body: Record<string, unknown> };
  /** The member's secret calendar address (:calendarToken), read again after every reset. */
  calendarToken: string;
  /** The group's own text (:ownSlug), added by the facilitator. */
  ownText: string;
  /** The event log's number before a row's setup wrote something to it (the stream's row replays from there). */
  eventsFrom?: number;
};

// ── Annotations on one text ───────────────────────────────────────────────────────

const SLUG = "the-need-for-a-revolutionary-party";
const PARAGRAPHS = parseText(fs.readFileSync(path.join(ROOT, "content", "texts", `${SLUG}.md`), "utf8"), SLUG).blocks.filter(
  (b) => b.kind === "paragraph" && b.plainText.length > 100,
);
const NOTE_BODY = "The member's comment, as the matrix left it.";

/** A group's own text, as the facilitator pastes it. */
const OWN_TEXT = { title: "The Matrix Reader", format: "markdown", source: "# One\n\nA first paragraph of the group's own text.\n\nA second paragraph.\n" };

/** A one-note Hypothesis export (docs/import.md) on the shared text's second long paragraph. */
const IMPORT_FILE = () => ({
  rows: [
    {
      id: "MatrixHyp1",
      created: "2024-03-03T10:15:22.481Z",
      user: "acct:ana@hypothes.is",
      user_info: { display_name: "Ana from the matrix" },
      text: "Imported by a row.",
      tags: [],
      target: [{ source: "https://example.org/article", selector: [{ type: "TextQuoteSelector", exact: PARAGRAPHS[1]!.plainText.slice(0, 40) }] }],
    },
  ],
});

async function addOwnText(facilitator: Actor, groupId: string, extra: Record<string, unknown> = {}) {
  const response = await facilitator.api.post(`/api/groups/${groupId}/texts`, { ...OWN_TEXT, ...extra });
  await expectStatus(response, 201, "add the group's own text");
  return (await json<{ slug: string }>(response)).slug;
}

/** A note's body for the API: a comment on the first words of a paragraph. */
function noteBody(versionId: string, extra: Record<string, unknown> = {}, paragraph = 0) {
  const block = PARAGRAPHS[paragraph]!;
  return {
    id: crypto.randomUUID(),
    text: SLUG,
    kind: "comment",
    body: "A comment from the permission matrix.",
    anchor: { versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 24, exact: block.plainText.slice(0, 24) },
    ...extra,
  };
}

/** A week on SLUG: its first four long paragraphs, a prompt pinned to the second. */
const readingBody = (extra: Record<string, unknown> = {}) => ({
  text: SLUG,
  weekOf: "2026-12-07",
  due: "2026-12-13T18:00",
  startBlockId: PARAGRAPHS[0]!.id,
  endBlockId: PARAGRAPHS[3]!.id,
  prompts: [{ body: "What is the party for?", blockId: PARAGRAPHS[1]!.id }],
  postBeforePeek: false,
  ...extra,
});

async function createReading(facilitator: Actor, groupId: string, body = readingBody()) {
  const response = await facilitator.api.post(`/api/groups/${groupId}/readings`, body);
  await expectStatus(response, 201, "plan a week");
  return (await json<{ reading: { id: string } }>(response)).reading.id;
}

async function calendarTokenOf(actor: Actor, groupId: string) {
  const response = await actor.api.get(`/api/groups/${groupId}/calendar`);
  await expectStatus(response, 200, "calendar address");
  return new URL((await json<{ url: string }>(response)).url).pathname.split("/").pop()!.replace(/\.ics$/, "");
}

async function createNote(actor: Actor, groupId: string, body: Record<string, unknown>) {
  const response = await actor.api.post(`/api/groups/${groupId}/annotations`, body);
  await expectStatus(response, 201, "create note");
  return (await json<{ annotation: { id: string; revision: number } }>(response)).annotation;
}

async function versionIdOf(actor: Actor, groupId: string) {
  const response = await actor.api.get(`/api/groups/${groupId}/annotations?text=${SLUG}`);
  await expectStatus(response, 200, "list notes");
  return (await json<{ text: { versionId: string } }>(response)).text.versionId;
}

const actorOf = (w: World, name: ActorName): Actor =>
  ({
    anonymous: w.anonymous,
    "non-member": w.outsider,
    "removed member": w.removed,
    member: w.member,
    facilitator: w.facilitator,
  })[name];

async function buildWorld(browser: Browser, baseURL: string): Promise<World> {
  const facilitator = await signedUpActor(browser, baseURL, newPerson("fac", "Fatima Facilitator"));
  const [member, target, removed, outsider] = [
    await signedUpActor(browser, baseURL, newPerson("mem", "Mo Member")),
    await signedUpActor(browser, baseURL, newPerson("target", "Tara Target")),
    await signedUpActor(browser, baseURL, newPerson("removed", "Remy Removed")),
    await signedUpActor(browser, baseURL, newPerson("outsider", "Olga Outsider")),
  ];
  const description = "Reading The Workers’ Opposition, a chapter a week.";
  const group = { ...(await createGroup(facilitator, uniqueName("Matrix Circle"), description)), description };
  for (const who of [member, target, removed]) await addMember(facilitator, group.id, who);
  await expectStatus(await facilitator.api.delete(`/api/groups/${group.id}/members/${removed.user.id}`), 204, "remove");
  const invite = await createInvite(facilitator, group.id, { expiresInDays: 30 });
  const anonymous = await openActor(browser, baseURL);
  const versionId = await versionIdOf(member, group.id);
  const note = await createNote(member, group.id, noteBody(versionId, { body: NOTE_BODY }));
  const privateNote = (await createNote(target, group.id, noteBody(versionId, { visibility: "private", body: "Only Tara may read this. #tarasecret" }, 1))).id;
  const questionId = (await createNote(member, group.id, noteBody(versionId, { kind: "question", body: "The member's question?" }, 2))).id;
  const reply = await target.api.post(`/api/groups/${group.id}/annotations/${questionId}/replies`, { id: crypto.randomUUID(), body: "Tara's answer." });
  await expectStatus(reply, 201, "reply to the question");
  const question = { id: questionId, replyId: (await json<{ reply: { id: string } }>(reply)).reply.id };
  const reading = { id: await createReading(facilitator, group.id), body: readingBody() };
  const calendarToken = await calendarTokenOf(member, group.id);
  const ownText = await addOwnText(facilitator, group.id);
  return { group, facilitator, member, target, removed, outsider, anonymous, invite, note, privateNote, question, versionId, reading, calendarToken, ownText };
}

type Snapshot = {
  group: unknown;
  members: unknown;
  invites: unknown;
  annotations: unknown;
  threads: unknown[];
  discussions: unknown;
  readings: unknown;
  agendas: unknown[];
  texts: unknown;
};

/** Everything a row could change, as the facilitator sees it (and the threads of the given notes, the agendas of the given weeks). */
async function snapshot(facilitator: Actor, groupId: string, threadIds: string[] = [], readingIds: string[] = []): Promise<Snapshot> {
  const [group, members, invites, annotations, discussions, readings, texts] = await Promise.all(
    [
      `/api/groups/${groupId}`,
      `/api/groups/${groupId}/members`,
      `/api/groups/${groupId}/invites`,
      `/api/groups/${groupId}/annotations?text=${SLUG}`,
      `/api/groups/${groupId}/discussions?text=${SLUG}`,
      `/api/groups/${groupId}/readings`,
      `/api/groups/${groupId}/texts`,
    ].map(async (url) => {
      const response = await facilitator.api.get(url);
      await expectStatus(response, 200, "snapshot");
      return json(response);
    }),
  );
  // A thread may be gone (its note deleted): that is part of the picture too.
  const threads = await Promise.all(
    threadIds.map(async (id) => {
      const response = await facilitator.api.get(`/api/groups/${groupId}/threads/${id}`);
      return response.status() === 200 ? json(response) : { status: response.status() };
    }),
  );
  // A week may be gone (removed): its agenda's absence is part of the picture.
  const agendas = await Promise.all(
    readingIds.map(async (id) => {
      const response = await facilitator.api.get(`/api/groups/${groupId}/readings/${id}/agenda`);
      return response.status() === 200 ? json(response) : { status: response.status() };
    }),
  );
  return { group, members, invites, annotations, threads, discussions, readings, agendas, texts };
}

const worldSnapshot = (w: World) => snapshot(w.facilitator, w.group.id, [w.note.id, w.question.id], [w.reading.id]);
const readingsIn = (s: Snapshot) => (s.readings as { readings: { id: string; postBeforePeek: boolean; progress: { group: { average: number } } }[] }).readings;

type ThreadJson = {
  thread: { id: string; answerId: string | null; resolved: boolean; pinned: boolean; forMeeting: boolean; reactions: { kind: string; people: { id: string }[] }[] };
  replies: { id: string; body: string; author: { id: string } }[];
  following: boolean;
};
const threadIn = (s: Snapshot, i: 0 | 1) => s.threads[i] as ThreadJson;

/** Puts the world back as buildWorld left it, whatever the last row did. */
async function reset(w: World) {
  const g = w.group.id;
  const members = await membersOf(w.facilitator, g);
  const find = (who: SignedIn) => members.find((m) => m.id === who.user.id);
  for (const who of [w.member, w.target]) {
    const membership = find(who);
    if (!membership) await addMember(w.facilitator, g, who);
    else if (membership.role !== "member")
      await expectStatus(await w.facilitator.api.patch(`/api/groups/${g}/members/${who.user.id}`, { role: "member" }), 200, "reset role");
  }
  for (const who of [w.removed, w.outsider])
    if (find(who)) await expectStatus(await w.facilitator.api.delete(`/api/groups/${g}/members/${who.user.id}`), 204, "reset removal");
  await expectStatus(
    await w.facilitator.api.patch(`/api/groups/${g}`, { name: w.group.name, description: w.group.description }),
    200,
    "reset group",
  );
  const invites = await json<{ invites: { id: string }[] }>(await w.facilitator.api.get(`/api/groups/${g}/invites`));
  if (!invites.invites.some((i) => i.id === w.invite.id)) w.invite = await createInvite(w.facilitator, g, { expiresInDays: 30 });
  // The member's note: back from a delete, shown again, its words as they were; notes made by rows deleted.
  const notes = `/api/groups/${g}/annotations`;
  await w.member.api.patch(`${notes}/${w.note.id}`, { deleted: false });
  await w.facilitator.api.patch(`${notes}/${w.note.id}`, { hidden: false });
  type One = { annotation: { revision: number; body: string } };
  let current = await json<One>(await w.member.api.get(`${notes}/${w.note.id}`));
  if (current.annotation.body !== NOTE_BODY)
    current = await json<One>(await w.member.api.patch(`${notes}/${w.note.id}`, { revision: current.annotation.revision, body: NOTE_BODY }));
  w.note.revision = current.annotation.revision;
  const list = await json<{ annotations: { id: string; author: { id: string } }[] }>(await w.facilitator.api.get(`${notes}?text=${SLUG}`));
  const authorOf = (id: string) => [w.member, w.facilitator, w.target].find((a) => a.user.id === id);
  for (const extra of list.annotations.filter((n) => n.id !== w.note.id && n.id !== w.question.id)) {
    const author = authorOf(extra.author.id);
    if (author) await expectStatus(await author.api.delete(`${notes}/${extra.id}`), 204, "reset: remove a row's note");
  }
  // Threads: replies and discussions made by rows deleted, reactions taken back, marks cleared.
  for (const id of [w.note.id, w.question.id]) {
    const thread = await json<ThreadJson>(await w.facilitator.api.get(`/api/groups/${g}/threads/${id}`));
    for (const reply of thread.replies.filter((r) => r.id !== w.question.replyId))
      await expectStatus(await authorOf(reply.author.id)!.api.delete(`${notes}/${reply.id}`), 204, "reset: remove a row's reply");
    for (const actor of [w.member, w.facilitator, w.target]) await actor.api.delete(`${notes}/${id}/reactions/same`);
    await expectStatus(await w.facilitator.api.patch(`/api/groups/${g}/threads/${id}`, { pinned: false }), 200, "reset: unpin");
    await expectStatus(await w.facilitator.api.patch(`/api/groups/${g}/threads/${id}`, { forMeeting: false }), 200, "reset: meeting");
    await expectStatus(await w.facilitator.api.patch(`/api/groups/${g}/threads/${id}`, { following: false }), 200, "reset: follow");
  }
  await expectStatus(await w.member.api.patch(`/api/groups/${g}/threads/${w.question.id}`, { resolved: false }), 200, "reset: reopen");
  const discussions = await json<{ discussions: { id: string; author: { id: string } }[] }>(
    await w.facilitator.api.get(`/api/groups/${g}/discussions?text=${SLUG}`),
  );
  for (const d of discussions.discussions) await expectStatus(await authorOf(d.author.id)!.api.delete(`${notes}/${d.id}`), 204, "reset: discussion");
  // The schedule: the world's week back as it was (undeleted), other weeks removed, its agenda not shared.
  const weeks = `/api/groups/${g}/readings`;
  await w.facilitator.api.post(`${weeks}/${w.reading.id}/restore`);
  await expectStatus(await w.facilitator.api.put(`${weeks}/${w.reading.id}`, w.reading.body), 200, "reset: the week");
  const schedule = await json<{ readings: { id: string }[] }>(await w.facilitator.api.get(weeks));
  for (const other of schedule.readings.filter((r) => r.id !== w.reading.id))
    await expectStatus(await w.facilitator.api.delete(`${weeks}/${other.id}`), 204, "reset: remove a row's week");
  await expectStatus(await w.facilitator.api.put(`${weeks}/${w.reading.id}/agenda`, { shared: false }), 200, "reset: unshare the agenda");
  w.calendarToken = await calendarTokenOf(w.member, g);
  // The group's texts: drafts made by rows thrown away, the own text in the library.
  const texts = await json<{ editable: { slug: string; hasDraft: boolean; retired: boolean }[] }>(await w.facilitator.api.get(`/api/groups/${g}/texts`));
  for (const t of texts.editable) {
    if (t.hasDraft) await expectStatus(await w.facilitator.api.delete(`/api/groups/${g}/texts/${t.slug}`), 200, "reset: discard a row's draft");
    if (t.retired) await expectStatus(await w.facilitator.api.patch(`/api/groups/${g}/texts/${t.slug}`, { retired: false }), 200, "reset: restore");
  }
}

// ── The table ─────────────────────────────────────────────────────────────────────

type Method = "PAGE" | "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Effect = (c: { w: World; actor: Actor; before: Snapshot; after: Snapshot; response: APIResponse }) => Promise<void> | void;

type Row = {
  /**
   * "METHOD /path" with :groupId, :userId (the other member), :self (the caller), :inviteId, :token,
   * :annotationId / :threadId (the member's comment), :privateId / :privateThread (the other member's
   * private note), :questionId (the member's question), :kind (a reaction).
   */
  route: `${Method} /${string}`;
  label?: string;
  /** The query string sent after the path (not part of the route's key). */
  query?: string | ((w: World) => string);
  body?: Record<string, unknown> | ((w: World) => Record<string, unknown>);
  /** Status per actor, in ACTORS order: anonymous, non-member, removed member, member, facilitator. */
  expect: [number, number, number, number, number];
  /** For a mutation that succeeded: what must have happened. */
  effect?: Effect;
  /** Puts the world in the state the row needs (after every reset). */
  setup?: (w: World) => Promise<void>;
};

const shareAgenda = async (w: World) =>
  expectStatus(await w.facilitator.api.put(`/api/groups/${w.group.id}/readings/${w.reading.id}/agenda`, { shared: true }), 200, "setup: share");
const removeWeek = async (w: World) =>
  expectStatus(await w.facilitator.api.delete(`/api/groups/${w.group.id}/readings/${w.reading.id}`), 204, "setup: remove the week");

const membersIn = (s: Snapshot) => (s.members as { members: { id: string; role: string }[] }).members;
const invitesIn = (s: Snapshot) => (s.invites as { invites: { id: string }[] }).invites;
const userIdOf = (actor: Actor) => ("user" in actor ? (actor as SignedIn).user.id : null);

const ROWS: Row[] = [
  // Pages
  { route: "PAGE /groups/:groupId", expect: [404, 404, 404, 200, 200] },
  {
    route: "PAGE /invite/:token",
    // Visitors see the invitation; members are sent on to the group.
    expect: [200, 200, 200, 307, 307],
    effect: ({ w, response }) => {
      if (response.status() === 307) expect(new URL(response.headers().location!, "http://x").pathname).toBe(`/groups/${w.group.id}`);
    },
  },
  // Not group-scoped: one's own groups, and starting one.
  { route: "GET /api/groups", expect: [401, 200, 200, 200, 200] },
  {
    route: "POST /api/groups",
    body: { name: "A group of my own" },
    expect: [401, 201, 201, 201, 201],
    effect: async ({ actor, response }) => {
      const { group } = await json<{ group: { id: string } }>(response);
      expect((await myGroups(actor)).find((g) => g.id === group.id)?.role).toBe("facilitator");
    },
  },
  // The group
  { route: "GET /api/groups/:groupId", expect: [404, 404, 404, 200, 200] },
  {
    route: "PATCH /api/groups/:groupId",
    body: { description: "Changed by the matrix." },
    expect: [404, 404, 404, 404, 200],
    effect: ({ after }) => expect((after.group as { group: { description: string } }).group.description).toBe("Changed by the matrix."),
  },
  // Members
  {
    route: "GET /api/groups/:groupId/members",
    expect: [404, 404, 404, 200, 200],
    // Addresses are for facilitators, as on the group's page: a member sees names only.
    effect: async ({ w, actor, response }) => {
      const members = (await json<{ members: { id: string; email?: string }[] }>(response)).members;
      if (actor === w.facilitator) expect(members.find((m) => m.id === w.target.user.id)?.email).toBe(w.target.user.email);
      else expect(members.every((m) => m.email === undefined), "no addresses for members").toBe(true);
    },
  },
  {
    route: "PATCH /api/groups/:groupId/members/:userId",
    label: "promote another member",
    body: { role: "facilitator" },
    expect: [404, 404, 404, 404, 200],
    effect: ({ w, after }) => expect(membersIn(after).find((m) => m.id === w.target.user.id)?.role).toBe("facilitator"),
  },
  {
    route: "PATCH /api/groups/:groupId/members/:self",
    label: "change one's own role",
    body: { role: "member" },
    // A member may not change roles; the only facilitator may not step down.
    expect: [404, 404, 404, 404, 409],
  },
  {
    route: "DELETE /api/groups/:groupId/members/:userId",
    label: "remove another member",
    expect: [404, 404, 404, 404, 204],
    effect: ({ w, after }) => expect(membersIn(after).map((m) => m.id)).not.toContain(w.target.user.id),
  },
  {
    route: "DELETE /api/groups/:groupId/members/:self",
    label: "leave",
    // A member may leave; the only facilitator of a group with members may not.
    expect: [404, 404, 404, 204, 409],
    effect: async ({ w, actor, after }) => {
      expect(membersIn(after).map((m) => m.id)).not.toContain(userIdOf(actor));
      await expectStatus(await actor.api.get(`/api/groups/${w.group.id}`), 404, "after leaving");
    },
  },
  // Invitations
  { route: "GET /api/groups/:groupId/invites", expect: [404, 404, 404, 404, 200] },
  {
    route: "POST /api/groups/:groupId/invites",
    label: "a link",
    body: { expiresInDays: 7, maxUses: 3 },
    expect: [404, 404, 404, 404, 201],
    effect: async ({ before, after, response }) => {
      const { invite } = await json<{ invite: { id: string; url: string } }>(response);
      expect(invite.url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      expect(invitesIn(after).map((i) => i.id)).toEqual([invite.id, ...invitesIn(before).map((i) => i.id)]);
    },
  },
  {
    route: "POST /api/groups/:groupId/invites",
    label: "by email",
    body: { email: "matrix-invitee@example.org" },
    expect: [404, 404, 404, 404, 201],
    effect: async ({ after, response }) => {
      const { invite } = await json<{ invite: { id: string } }>(response);
      expect(invitesIn(after).find((i) => i.id === invite.id)).toMatchObject({ email: "matrix-invitee@example.org", maxUses: 1 });
    },
  },
  {
    route: "DELETE /api/groups/:groupId/invites/:inviteId",
    expect: [404, 404, 404, 404, 204],
    effect: ({ w, after }) => expect(invitesIn(after).map((i) => i.id)).not.toContain(w.invite.id),
  },
  // Joining by invitation: anyone signed in may (a removed member too, with a link still open).
  {
    route: "POST /api/invites/:token",
    expect: [401, 200, 200, 200, 200],
    effect: async ({ w, actor, before, after, response }) => {
      expect(await json(response)).toEqual({ groupId: w.group.id });
      if (actor === w.member || actor === w.facilitator) expect(after, "joining again changes nothing").toEqual(before);
      else expect(membersIn(after).find((m) => m.id === userIdOf(actor))?.role).toBe("member");
    },
  },
  // Annotations: the member's group comment (:annotationId) and the other member's private note (:privateId).
  { route: "PAGE /groups/:groupId/texts/:slug", expect: [404, 404, 404, 200, 200] },
  { route: "PAGE /groups/:groupId/texts/:slug/changes", label: "a shared text: what changed in it", expect: [404, 404, 404, 200, 200] },
  {
    route: "GET /api/groups/:groupId/annotations",
    query: `?text=${SLUG}`,
    expect: [404, 404, 404, 200, 200],
    effect: async ({ w, response }) => {
      const ids = (await json<{ annotations: { id: string }[] }>(response)).annotations.map((n) => n.id);
      expect(ids).toContain(w.note.id);
      expect(ids, "another member's private note is not listed").not.toContain(w.privateNote);
    },
  },
  {
    route: "POST /api/groups/:groupId/annotations",
    body: (w) => noteBody(w.versionId),
    expect: [404, 404, 404, 201, 201],
    effect: async ({ actor, after, response }) => {
      const { annotation } = await json<{ annotation: { id: string; author: { id: string } } }>(response);
      expect(annotation.author.id).toBe(userIdOf(actor));
      expect((after.annotations as { annotations: { id: string }[] }).annotations.map((n) => n.id)).toContain(annotation.id);
    },
  },
  { route: "GET /api/groups/:groupId/annotations/:annotationId", expect: [404, 404, 404, 200, 200] },
  { route: "GET /api/groups/:groupId/annotations/:privateId", label: "another member's private note", expect: [404, 404, 404, 404, 404] },
  {
    route: "PATCH /api/groups/:groupId/annotations/:annotationId",
    label: "edit (its author is the member)",
    body: (w) => ({ revision: w.note.revision, body: "Edited by the matrix." }),
    expect: [404, 404, 404, 200, 404],
    effect: ({ after }) =>
      expect((after.annotations as { annotations: { body: string }[] }).annotations.map((n) => n.body)).toContain("Edited by the matrix."),
  },
  {
    route: "PATCH /api/groups/:groupId/annotations/:annotationId",
    label: "hide (facilitators)",
    body: { hidden: true },
    expect: [404, 404, 404, 404, 200],
    effect: async ({ w }) => {
      const seen = await json<{ annotations: { id: string; hidden: boolean }[] }>(
        await w.target.api.get(`/api/groups/${w.group.id}/annotations?text=${SLUG}`),
      );
      expect(seen.annotations.map((n) => n.id), "hidden from other members").not.toContain(w.note.id);
      const own = await json<{ annotation: { hidden: boolean } }>(await w.member.api.get(`/api/groups/${w.group.id}/annotations/${w.note.id}`));
      expect(own.annotation.hidden, "its author still sees it, marked").toBe(true);
    },
  },
  {
    route: "PATCH /api/groups/:groupId/annotations/:privateId",
    label: "hide another member's private note",
    body: { hidden: true },
    expect: [404, 404, 404, 404, 404],
  },
  {
    route: "DELETE /api/groups/:groupId/annotations/:annotationId",
    expect: [404, 404, 404, 204, 404],
    effect: ({ w, after }) =>
      expect((after.annotations as { annotations: { id: string }[] }).annotations.map((n) => n.id)).not.toContain(w.note.id),
  },
  { route: "DELETE /api/groups/:groupId/annotations/:privateId", label: "another member's private note", expect: [404, 404, 404, 404, 404] },
  // Threads: replies, reactions, a question's answer, facilitators' marks, following, discussions.
  { route: "GET /api/groups/:groupId/threads/:threadId", expect: [404, 404, 404, 200, 200] },
  { route: "GET /api/groups/:groupId/threads/:privateThread", label: "another member's private note", expect: [404, 404, 404, 404, 404] },
  {
    route: "POST /api/groups/:groupId/annotations/:annotationId/replies",
    body: () => ({ id: crypto.randomUUID(), body: "A reply from the matrix." }),
    expect: [404, 404, 404, 201, 201],
    effect: ({ actor, after }) =>
      expect(threadIn(after, 0).replies.map((r) => [r.author.id, r.body])).toEqual([[userIdOf(actor), "A reply from the matrix."]]),
  },
  {
    route: "POST /api/groups/:groupId/annotations/:privateId/replies",
    label: "into another member's private note",
    body: () => ({ id: crypto.randomUUID(), body: "Let me in." }),
    expect: [404, 404, 404, 404, 404],
  },
  {
    route: "PUT /api/groups/:groupId/annotations/:annotationId/reactions/:kind",
    expect: [404, 404, 404, 200, 200],
    effect: ({ actor, after }) =>
      expect(threadIn(after, 0).thread.reactions.find((r) => r.kind === "same")?.people.map((p) => p.id)).toEqual([userIdOf(actor)]),
  },
  { route: "DELETE /api/groups/:groupId/annotations/:annotationId/reactions/:kind", expect: [404, 404, 404, 200, 200] },
  { route: "PUT /api/groups/:groupId/annotations/:privateId/reactions/:kind", label: "another member's private note", expect: [404, 404, 404, 404, 404] },
  {
    route: "PATCH /api/groups/:groupId/threads/:questionId",
    label: "mark the answer (the question's author, or facilitators)",
    body: (w) => ({ answerId: w.question.replyId }),
    expect: [404, 404, 404, 200, 200],
    effect: ({ w, after }) => expect(threadIn(after, 1).thread.answerId).toBe(w.question.replyId),
  },
  {
    route: "PATCH /api/groups/:groupId/threads/:questionId",
    label: "resolve",
    body: { resolved: true },
    expect: [404, 404, 404, 200, 200],
    effect: ({ after }) => expect(threadIn(after, 1).thread.resolved).toBe(true),
  },
  {
    route: "PATCH /api/groups/:groupId/threads/:threadId",
    label: "pin (facilitators)",
    body: { pinned: true },
    expect: [404, 404, 404, 404, 200],
    effect: ({ after }) => expect(threadIn(after, 0).thread.pinned).toBe(true),
  },
  {
    route: "PATCH /api/groups/:groupId/threads/:threadId",
    label: "for the meeting (facilitators)",
    body: { forMeeting: true },
    expect: [404, 404, 404, 404, 200],
    effect: ({ after }) => expect(threadIn(after, 0).thread.forMeeting).toBe(true),
  },
  {
    route: "PATCH /api/groups/:groupId/threads/:threadId",
    label: "follow",
    body: { following: true },
    expect: [404, 404, 404, 200, 200],
    effect: async ({ w, actor }) =>
      expect((await json<ThreadJson>(await actor.api.get(`/api/groups/${w.group.id}/threads/${w.note.id}`))).following).toBe(true),
  },
  { route: "PATCH /api/groups/:groupId/threads/:privateThread", label: "follow another member's private note", body: { following: true }, expect: [404, 404, 404, 404, 404] },
  { route: "GET /api/groups/:groupId/discussions", query: `?text=${SLUG}`, expect: [404, 404, 404, 200, 200] },
  // Search and tags: the other member's private note never shows, by its words, its tag or its id.
  {
    route: "GET /api/groups/:groupId/search",
    label: "words of another member's private note",
    query: "?q=tara%20read",
    expect: [404, 404, 404, 200, 200],
    effect: async ({ w, response }) => {
      const body = await response.text();
      const page = JSON.parse(body) as { results: { id: string; type: string }[]; nextCursor: string | null };
      expect(page.results.map((r) => r.id)).not.toContain(w.privateNote);
      expect(body).not.toContain("Only Tara");
    },
  },
  {
    route: "GET /api/groups/:groupId/search",
    label: "a private note's tag",
    query: "?tag=tarasecret",
    expect: [404, 404, 404, 200, 200],
    effect: async ({ response }) => expect(await json(response)).toEqual({ results: [], nextCursor: null, capped: false }),
  },
  {
    route: "GET /api/groups/:groupId/search",
    label: "the group's own text",
    query: (w) => `?q=first%20paragraph&text=${w.ownText}`,
    expect: [404, 404, 404, 200, 200],
    effect: async ({ w, response }) =>
      expect((await json<{ results: { type: string; textSlug: string }[] }>(response)).results[0]).toMatchObject({ type: "passage", textSlug: w.ownText }),
  },
  {
    route: "GET /api/groups/:groupId/tags",
    expect: [404, 404, 404, 200, 200],
    effect: async ({ response }) => {
      const tags = await json<{ tag: string; count: number }[]>(response);
      expect(Array.isArray(tags)).toBe(true);
      expect(tags.map((t) => t.tag)).not.toContain("tarasecret");
    },
  },
  // Exports: what each person may read, as a file. A private note's body ends in #tarasecret:
  // it is in nobody's export but Tara's.
  {
    route: "GET /api/groups/:groupId/export",
    label: "a text's notes as CSV",
    query: `?format=csv&text=${SLUG}`,
    expect: [404, 404, 404, 200, 200],
    effect: async ({ w, response }) => {
      expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
      expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.csv"$/);
      const body = await response.text();
      expect(body).toContain(NOTE_BODY);
      expect(body).toContain("Tara's answer.");
      expect(body).not.toContain("tarasecret");
      expect(body).not.toContain(w.privateNote);
    },
  },
  {
    route: "GET /api/groups/:groupId/export",
    label: "the whole group's notes as JSON-LD (facilitators)",
    query: "?format=jsonld",
    expect: [404, 404, 404, 404, 200],
    effect: async ({ w, response }) => {
      expect(response.headers()["content-type"]).toMatch(/^application\/ld\+json; profile="http:\/\/www\.w3\.org\/ns\/anno\.jsonld"/);
      const body = await response.text();
      expect(body).not.toContain("tarasecret");
      const doc = JSON.parse(body) as { type: string; total: number; first: { items: { id: string }[] } };
      expect(doc.type).toBe("AnnotationCollection");
      const ids = doc.first.items.map((i) => i.id.split("/").pop());
      expect(ids).toEqual(expect.arrayContaining([w.note.id, w.question.id, w.question.replyId]));
      expect(ids).not.toContain(w.privateNote);
    },
  },
  {
    route: "GET /api/groups/:groupId/export",
    label: "my own notes as Markdown",
    query: "?format=markdown&mine=1",
    expect: [404, 404, 404, 200, 200],
    effect: async ({ w, actor, response }) => {
      expect(response.headers()["content-type"]).toMatch(/^text\/markdown/);
      const body = await response.text();
      expect(body).not.toContain("tarasecret");
      expect(body.includes(NOTE_BODY)).toBe(actor === w.member);
      expect(body).not.toContain("Tara's answer.");
    },
  },
  {
    route: "GET /api/groups/:groupId/export",
    label: "a format it does not know",
    query: `?format=pdf&text=${SLUG}`,
    expect: [404, 404, 404, 400, 400],
  },
  { route: "PAGE /groups/:groupId/search", query: "?q=party", expect: [404, 404, 404, 200, 200] },
  {
    route: "POST /api/groups/:groupId/discussions",
    body: () => ({ id: crypto.randomUUID(), text: SLUG, title: "From the matrix", body: "A discussion of the whole text." }),
    expect: [404, 404, 404, 201, 201],
    effect: ({ actor, after }) =>
      expect((after.discussions as { discussions: { title: string; author: { id: string } }[] }).discussions.map((d) => [d.title, d.author.id])).toEqual([
        ["From the matrix", userIdOf(actor)],
      ]),
  },
  // One's own inbox: signed-in people only, and only their own items.
  { route: "PAGE /inbox", expect: [307, 200, 200, 200, 200] },
  // One's own account, and the step that deletes it (its action is tested below, by hand).
  { route: "PAGE /account", expect: [307, 200, 200, 200, 200] },
  { route: "PAGE /account/delete", label: "what deleting would keep and remove", expect: [307, 200, 200, 200, 200] },
  { route: "GET /api/notifications", expect: [401, 200, 200, 200, 200] },
  { route: "GET /api/notifications/unread", expect: [401, 200, 200, 200, 200] },
  {
    route: "GET /api/notifications/events",
    label: "my unread count as a stream (here once: ?until=now)",
    query: "?until=now",
    expect: [401, 200, 200, 200, 200],
    effect: async ({ response }) => {
      expect(response.headers()["content-type"]).toContain("text/event-stream");
      expect(await response.text()).toMatch(/event: inbox\ndata: \{"unread":\d+\}/);
    },
  },
  { route: "PATCH /api/notifications", body: { all: true }, expect: [401, 200, 200, 200, 200] },
  // The group's own texts (:ownSlug): members read them through the group; facilitators add and change them.
  { route: "PAGE /groups/:groupId/texts/new", expect: [404, 404, 404, 404, 200] },
  { route: "PAGE /groups/:groupId/texts/:ownSlug", label: "the group's own text", expect: [404, 404, 404, 200, 200] },
  { route: "PAGE /groups/:groupId/texts/:ownSlug/edit", expect: [404, 404, 404, 404, 200] },
  { route: "PAGE /groups/:groupId/texts/:ownSlug/changes", label: "what changed in the group's own text", expect: [404, 404, 404, 200, 200] },
  { route: "PAGE /groups/:groupId/texts/:ownSlug/changes", label: "a version it does not have", query: "?to=99", expect: [404, 404, 404, 404, 404] },
  {
    route: "GET /api/groups/:groupId/texts",
    expect: [404, 404, 404, 200, 200],
    effect: async ({ w, actor, response }) => {
      const body = await json<{ texts: { slug: string; own: boolean }[]; editable: { slug: string }[] }>(response);
      expect(body.texts.find((t) => t.slug === w.ownText)?.own).toBe(true);
      expect(body.texts.find((t) => t.slug === SLUG)?.own).toBe(false);
      expect(body.editable.map((t) => t.slug)).toEqual(actor === w.facilitator ? [w.ownText] : []);
    },
  },
  {
    route: "POST /api/groups/:groupId/texts",
    body: { ...OWN_TEXT, title: "A row's draft", draft: true },
    expect: [404, 404, 404, 404, 201],
    effect: async ({ after, response }) => {
      const { slug } = await json<{ slug: string; draft: boolean }>(response);
      expect((after.texts as { editable: { slug: string; hasDraft: boolean }[] }).editable).toContainEqual(expect.objectContaining({ slug, hasDraft: true }));
    },
  },
  { route: "PAGE /groups/:groupId/import", expect: [404, 404, 404, 404, 200] },
  {
    route: "POST /api/groups/:groupId/import",
    label: "a Hypothesis export for the shared text",
    query: `?text=${SLUG}`,
    body: IMPORT_FILE,
    expect: [404, 404, 404, 404, 200],
    effect: async ({ w, after, response }) => {
      expect(await json(response)).toMatchObject({ source: "hypothesis", placed: 1, orphaned: 0, replies: 0, refused: [] });
      const notes = (after.annotations as { annotations: { body: string; author: { id: string }; imported: unknown }[] }).annotations;
      expect(notes.find((n) => n.body === "Imported by a row.")).toMatchObject({
        author: { id: w.facilitator.user.id },
        imported: { source: "hypothesis", authorName: "Ana from the matrix", createdAt: "2024-03-03T10:15:22.481Z" },
      });
    },
  },
  {
    route: "POST /api/groups/:groupId/import",
    label: "for the group's own text",
    query: (w) => `?text=${w.ownText}`,
    body: IMPORT_FILE,
    // The quote is not in the group's own text: kept for the orphan review.
    expect: [404, 404, 404, 404, 200],
    effect: async ({ response }) => expect(await json(response)).toMatchObject({ placed: 0, orphaned: 1 }),
  },
  { route: "POST /api/groups/:groupId/texts/preview", body: { title: "Preview", markdown: "# A\n\nA paragraph." }, expect: [404, 404, 404, 404, 200] },
  { route: "GET /api/groups/:groupId/texts/:slug", label: "a shared text", expect: [404, 404, 404, 200, 200] },
  {
    route: "GET /api/groups/:groupId/texts/:ownSlug",
    label: "the group's own text",
    expect: [404, 404, 404, 200, 200],
    effect: async ({ response }) => expect((await json<{ blocks: { text: string }[] }>(response)).blocks[1]?.text).toBe("A first paragraph of the group's own text."),
  },
  {
    route: "PUT /api/groups/:groupId/texts/:ownSlug",
    body: { title: "The Matrix Reader", markdown: "# One\n\nChanged by a row.", draft: true },
    expect: [404, 404, 404, 404, 200],
    effect: async ({ w, after }) =>
      expect((after.texts as { editable: { slug: string; hasDraft: boolean }[] }).editable).toContainEqual(expect.objectContaining({ slug: w.ownText, hasDraft: true })),
  },
  {
    route: "PATCH /api/groups/:groupId/texts/:ownSlug",
    body: { retired: true },
    expect: [404, 404, 404, 404, 200],
    effect: async ({ w, after }) => expect((after.texts as { texts: { slug: string }[] }).texts.map((t) => t.slug)).not.toContain(w.ownText),
  },
  { route: "DELETE /api/groups/:groupId/texts/:ownSlug", expect: [404, 404, 404, 404, 200] },
  // The schedule: the group's week on the text (:readingId). Members read it; facilitators change it.
  { route: "PAGE /groups/:groupId/schedule/new", expect: [404, 404, 404, 404, 200] },
  { route: "PAGE /groups/:groupId/schedule/:readingId", expect: [404, 404, 404, 404, 200] },
  { route: "PAGE /groups/:groupId/readings/:readingId/participation", expect: [404, 404, 404, 404, 200] },
  { route: "PAGE /groups/:groupId/readings/:readingId/agenda", label: "not shared yet", expect: [404, 404, 404, 404, 200] },
  { route: "PAGE /groups/:groupId/readings/:readingId/agenda", label: "shared", setup: shareAgenda, expect: [404, 404, 404, 200, 200] },
  {
    route: "GET /api/groups/:groupId/readings",
    expect: [404, 404, 404, 200, 200],
    effect: async ({ w, response }) => expect((await json<{ readings: { id: string }[] }>(response)).readings.map((r) => r.id)).toEqual([w.reading.id]),
  },
  {
    route: "POST /api/groups/:groupId/readings",
    body: () => readingBody({ weekOf: "2026-12-14", due: "2026-12-20T18:00" }),
    expect: [404, 404, 404, 404, 201],
    effect: ({ before, after }) => expect(readingsIn(after)).toHaveLength(readingsIn(before).length + 1),
  },
  { route: "PUT /api/groups/:groupId/readings/order", body: (w) => ({ ids: [w.reading.id] }), expect: [404, 404, 404, 404, 200] },
  { route: "GET /api/groups/:groupId/readings/:readingId", expect: [404, 404, 404, 200, 200] },
  {
    route: "PUT /api/groups/:groupId/readings/:readingId",
    body: () => readingBody({ postBeforePeek: true }),
    expect: [404, 404, 404, 404, 200],
    effect: ({ after }) => expect(readingsIn(after)[0]!.postBeforePeek).toBe(true),
  },
  {
    route: "DELETE /api/groups/:groupId/readings/:readingId",
    expect: [404, 404, 404, 404, 204],
    effect: ({ after }) => expect(readingsIn(after)).toEqual([]),
  },
  {
    route: "POST /api/groups/:groupId/readings/:readingId/restore",
    setup: removeWeek,
    expect: [404, 404, 404, 404, 200],
    effect: ({ w, after }) => expect(readingsIn(after).map((r) => r.id)).toEqual([w.reading.id]),
  },
  {
    route: "POST /api/groups/:groupId/readings/:readingId/progress",
    body: () => ({ blockId: PARAGRAPHS[3]!.id }),
    expect: [404, 404, 404, 200, 200],
    effect: async ({ response }) => expect(await json(response)).toMatchObject({ percent: 100 }),
  },
  { route: "GET /api/groups/:groupId/readings/:readingId/participation", expect: [404, 404, 404, 404, 200] },
  { route: "GET /api/groups/:groupId/readings/:readingId/agenda", label: "not shared yet", expect: [404, 404, 404, 404, 200] },
  { route: "GET /api/groups/:groupId/readings/:readingId/agenda", label: "shared", setup: shareAgenda, expect: [404, 404, 404, 200, 200] },
  {
    route: "PUT /api/groups/:groupId/readings/:readingId/agenda",
    body: { markdown: "# Our agenda\n\n1. The party", shared: true },
    expect: [404, 404, 404, 404, 200],
    effect: async ({ w }) => {
      const seen = await json<{ agenda: { markdown: string } }>(await w.member.api.get(`/api/groups/${w.group.id}/readings/${w.reading.id}/agenda`));
      expect(seen.agenda.markdown, "members read it once shared").toBe("# Our agenda\n\n1. The party");
    },
  },
  { route: "GET /api/groups/:groupId/calendar", expect: [404, 404, 404, 200, 200] },
  // Who is reading now.
  { route: "PUT /api/groups/:groupId/presence", body: { text: SLUG, blockId: null }, expect: [404, 404, 404, 200, 200] },
  { route: "DELETE /api/groups/:groupId/presence", expect: [404, 404, 404, 204, 204] },
  // The group's event stream (here as a catch-up that ends: ?until=now).
  {
    route: "GET /api/groups/:groupId/events",
    // From just before a note the setup writes: the log is shared by every test, and a reader
    // more than a thousand events behind is sent a reset instead of a replay.
    setup: async (w) => {
      const ahead = await w.facilitator.api.get(`/api/groups/${w.group.id}/events?until=now&lastEventId=9999999999`);
      w.eventsFrom = Number(/"seq":(\d+)/.exec(await ahead.text())?.[1]);
      expect(w.eventsFrom, "the stream says where the log is").toBeGreaterThan(0);
      const block = (await json<{ blocks: { id: string; text: string }[] }>(await w.member.api.get(`/api/texts/${SLUG}`))).blocks.find((b) => b.text.length > 20)!;
      const note = await w.member.api.post(`/api/groups/${w.group.id}/annotations`, {
        id: crypto.randomUUID(),
        text: SLUG,
        kind: "comment",
        body: "Written for the stream to replay.",
        anchor: { versionId: w.versionId, startBlockId: block.id, startOffset: 0, endBlockId: block.id, endOffset: 20, exact: block.text.slice(0, 20) },
      });
      await expectStatus(note, 201, "setup: a note for the stream");
    },
    query: (w) => `?until=now&lastEventId=${w.eventsFrom}`,
    expect: [404, 404, 404, 200, 200],
    effect: async ({ response }) => {
      expect(response.headers()["content-type"]).toContain("text/event-stream");
      expect(await response.text()).toContain("event: annotation.created");
    },
  },
  {
    route: "POST /api/groups/:groupId/calendar",
    label: "a new secret address",
    expect: [404, 404, 404, 200, 200],
    effect: async ({ w, actor }) => {
      if (actor !== w.member) return;
      await expectStatus(await w.anonymous.api.get(`/api/calendar/${w.calendarToken}.ics`), 404, "the old address stops at once");
    },
  },
  {
    route: "GET /api/calendar/:calendarToken",
    label: "the member's secret address: the address is the credential",
    expect: [200, 200, 200, 200, 200],
    effect: async ({ response }) => expect(await response.text()).toContain("BEGIN:VEVENT"),
  },
];

function resolve(route: string, w: World, actor: Actor) {
  const [method, template] = route.split(" ") as [Method, string];
  const self = userIdOf(actor) ?? w.target.user.id; // anonymous has no self: aim at the other member
  const url = template
    .replace(":groupId", w.group.id)
    .replace(":userId", w.target.user.id)
    .replace(":self", self)
    .replace(":inviteId", w.invite.id)
    .replace(":token", w.invite.token)
    .replace(":annotationId", w.note.id)
    .replace(":privateId", w.privateNote)
    .replace(":privateThread", w.privateNote)
    .replace(":threadId", w.note.id)
    .replace(":questionId", w.question.id)
    .replace(":kind", "same")
    .replace(":readingId", w.reading.id)
    .replace(":calendarToken", `${w.calendarToken}.ics`)
    .replace(":ownSlug", w.ownText)
    .replace(":slug", SLUG);
  return { method, url };
}

async function call(actor: Actor, method: Method, url: string, body?: Record<string, unknown>) {
  if (method === "PAGE") return actor.api.get(url, { Accept: "text/html" });
  if (method === "GET") return actor.api.get(url);
  return actor.api.send(method, url, { data: body });
}

const rowName = (row: Row) => `${row.route}${row.label ? ` (${row.label})` : ""}`;

/** What a refusal must not give away: the group's name or description, anyone's address. */
function expectRefusalTellsNothing(w: World, body: string, label: string) {
  expectNoLeak(body, label);
  for (const secret of [w.group.name, w.group.description, w.member.user.email, w.target.user.email, w.facilitator.user.email])
    expect(body.includes(secret), `${label}: the refusal mentions “${secret}”`).toBe(false);
}

// ── The matrix ────────────────────────────────────────────────────────────────────

test.describe("permission matrix", () => {
  let world: World;

  test.beforeAll(async ({ browser }, testInfo) => {
    testInfo.setTimeout(120_000);
    world = await buildWorld(browser, testInfo.project.use.baseURL!);
  });

  test.afterAll(async () => {
    if (!world) return;
    for (const actor of [world.facilitator, world.member, world.target, world.removed, world.outsider, world.anonymous])
      await actor.context.close();
  });

  for (const row of ROWS) {
    test(rowName(row), async () => {
      const w = world;
      await reset(w);
      await row.setup?.(w);
      let before = await worldSnapshot(w);

      for (const [i, name] of ACTORS.entries()) {
        const actor = actorOf(w, name);
        const { method, url } = resolve(row.route, w, actor);
        const response = await call(actor, method, url + (typeof row.query === "function" ? row.query(w) : (row.query ?? "")), typeof row.body === "function" ? row.body(w) : row.body);
        const status = response.status();
        const body = await response.text();
        const label = `${name}: ${rowName(row)}`;
        expect.soft(status, `${label} → ${body.slice(0, 200)}`).toBe(row.expect[i]);

        const after = await worldSnapshot(w);
        if (status >= 400) {
          expect.soft(after, `${label}: a refusal changes nothing`).toEqual(before);
          expectRefusalTellsNothing(w, body, label);
          if (method !== "PAGE") expect(JSON.parse(body)).toEqual({ error: expect.any(String) });
        }
        if (status < 400 && status === row.expect[i] && row.effect) await row.effect({ w, actor, before, after, response });
        if (status < 400 && method !== "GET" && method !== "PAGE") {
          await reset(w);
          await row.setup?.(w);
          before = await worldSnapshot(w);
        }
      }
    });
  }

  test("a 404 page for a group is the same whether the group exists or not", async () => {
    const w = world;
    const missing = "c" + "0".repeat(24);
    for (const name of ["anonymous", "non-member", "removed member"] as const) {
      const actor = actorOf(w, name);
      const real = await actor.page.goto(`/groups/${w.group.id}`);
      const unknown = await actor.page.goto(`/groups/${missing}`);
      expect(real?.status(), name).toBe(404);
      expect(unknown?.status(), name).toBe(404);
      await actor.page.goto(`/groups/${w.group.id}`);
      await expect(actor.page.getByRole("heading", { level: 1 })).toHaveText("This page doesn’t exist");
      const realTitle = await actor.page.title();
      await actor.page.goto(`/groups/${missing}`);
      expect(await actor.page.title()).toBe(realTitle);
      for (const api of ["", "/members", "/invites"]) {
        const a = await actor.api.get(`/api/groups/${w.group.id}${api}`);
        const b = await actor.api.get(`/api/groups/${missing}${api}`);
        expect([a.status(), await a.text()], `${name} ${api}`).toEqual([b.status(), await b.text()]);
      }
    }
  });
});

// ── Every route file has a row ────────────────────────────────────────────────────

type RouteFile = { file: string; route: string; methods: string[] };

/** Route handlers and pages under app/ that belong to a group, a member, an invitation, or the signed-in person. */
function groupScopedRouteFiles(): RouteFile[] {
  const appDir = path.join(ROOT, "app");
  return (fs.readdirSync(appDir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => /(^|\/)(route\.ts|page\.tsx)$/.test(f))
    .filter((f) => /\[groupId\]|\[inviteId\]|\[userId\]|api\/groups|api\/invites|api\/notifications|api\/calendar|(^|\/)invite\/\[token\]|(^|\/)inbox\/|(^|\/)account\//.test(f))
    .map((f) => {
      const route =
        "/" +
        path.posix
          .dirname(f)
          .split("/")
          .filter((segment) => !/^\(.*\)$/.test(segment)) // route groups are not in the URL
          .map((segment) => segment.replace(/^\[(.+)\]$/, ":$1"))
          .join("/");
      const source = fs.readFileSync(path.join(appDir, f), "utf8");
      const methods = f.endsWith("page.tsx")
        ? ["PAGE"]
        : [
            ...source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g),
            ...[...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)]),
          ].map((m) => m[1]!);
      return { file: `app/${f}`, route, methods };
    });
}

const rowKey = (row: Row) =>
  row.route
    .replace(":self", ":userId")
    .replace(":privateId", ":annotationId")
    .replace(":privateThread", ":threadId")
    .replace(":questionId", ":threadId")
    .replace(":calendarToken", ":token")
    .replace(":ownSlug", ":slug");

test("post before you peek: a member who has not posted gets nothing of the others' notes on the text, by any route, until they post", async ({
  signedUp,
}) => {
  const fac = await signedUp(newPerson("peekfac"));
  const mem = await signedUp(newPerson("peekmem"));
  const oth = await signedUp(newPerson("peekoth"));
  const group = await createGroup(fac, uniqueName("Peek Circle"));
  await addMember(fac, group.id, mem);
  await addMember(fac, group.id, oth);
  await createReading(fac, group.id, readingBody({ postBeforePeek: true }));
  const versionId = await versionIdOf(oth, group.id);
  const others = await createNote(oth, group.id, noteBody(versionId, { kind: "question", body: "Other's question?" }));
  const g = `/api/groups/${group.id}`;
  const closed: [string, string, unknown?][] = [
    ["GET", `${g}/annotations/${others.id}`],
    ["PUT", `${g}/annotations/${others.id}/reactions/agree`],
    ["PATCH", `${g}/threads/${others.id}`, { following: true }],
    ["GET", `${g}/threads/${others.id}`],
    ["POST", `${g}/annotations/${others.id}/replies`, { id: crypto.randomUUID(), body: "Blind reply." }],
  ];
  const call = (method: string, url: string, body?: unknown) =>
    method === "GET" ? mem.api.get(url) : method === "PUT" ? mem.api.put(url, body) : method === "PATCH" ? mem.api.patch(url, body) : mem.api.post(url, body);
  for (const [method, url, body] of closed) {
    const response = await call(method, url, body);
    expect(response.status(), `${method} ${url} while locked`).toBe(404);
    expect(await response.text()).not.toContain("Other's question?");
  }
  const list = await json<{ annotations: { id: string }[]; locked: boolean }>(await mem.api.get(`${g}/annotations?text=${SLUG}`));
  expect(list.locked).toBe(true);
  expect(list.annotations).toEqual([]);
  // The group's page counts nothing of theirs (the writer sees their own counted).
  await oth.page.goto(`/groups/${group.id}`);
  await expect(oth.page.getByText(/1 note · 1 open question/)).toHaveCount(1);
  const page = await mem.page.goto(`/groups/${group.id}`);
  expect(page?.status()).toBe(200);
  await expect(mem.page.getByRole("heading", { name: "The library" })).toBeVisible();
  await expect(mem.page.getByText(/1 note|open question/)).toHaveCount(0);

  await createNote(mem, group.id, noteBody(versionId, { body: "Mine first." }, 1));
  expect((await mem.api.get(`${g}/annotations/${others.id}`)).status()).toBe(200);
  expect((await mem.api.put(`${g}/annotations/${others.id}/reactions/agree`)).status()).toBe(200);
  expect((await mem.api.patch(`${g}/threads/${others.id}`, { following: true })).status()).toBe(200);
});

test("every group-scoped route file and method under app/ has a row in the permission table", () => {
  const files = groupScopedRouteFiles();
  // The walk itself works: the routes known today are all found.
  expect(files.map((f) => f.file)).toEqual(
    expect.arrayContaining([
      "app/(app)/groups/[groupId]/page.tsx",
      "app/api/groups/route.ts",
      "app/api/groups/[groupId]/route.ts",
      "app/api/groups/[groupId]/members/route.ts",
      "app/api/groups/[groupId]/members/[userId]/route.ts",
      "app/api/groups/[groupId]/invites/route.ts",
      "app/api/groups/[groupId]/invites/[inviteId]/route.ts",
      "app/api/invites/[token]/route.ts",
      "app/invite/[token]/page.tsx",
      "app/(app)/groups/[groupId]/texts/[slug]/page.tsx",
      "app/(app)/groups/[groupId]/texts/[slug]/changes/page.tsx",
      "app/api/groups/[groupId]/annotations/route.ts",
      "app/api/groups/[groupId]/annotations/[annotationId]/route.ts",
      "app/api/groups/[groupId]/annotations/[annotationId]/replies/route.ts",
      "app/api/groups/[groupId]/annotations/[annotationId]/reactions/[kind]/route.ts",
      "app/api/groups/[groupId]/threads/[threadId]/route.ts",
      "app/api/groups/[groupId]/discussions/route.ts",
      "app/api/notifications/route.ts",
      "app/(app)/inbox/page.tsx",
      "app/api/groups/[groupId]/readings/route.ts",
      "app/api/groups/[groupId]/readings/[readingId]/agenda/route.ts",
      "app/api/calendar/[token]/route.ts",
      "app/(app)/account/delete/page.tsx",
    ]),
  );
  const covered = new Set(ROWS.map(rowKey));
  const missing = files.flatMap((f) => {
    if (f.methods.length === 0) return [`${f.file}: exports no HTTP method this test recognises`];
    return f.methods.filter((m) => !covered.has(`${m} ${f.route}`)).map((m) => `${m} ${f.route} (${f.file})`);
  });
  expect(missing, "routes with no row in ROWS (add one, with the status each actor must get)").toEqual([]);

  // And no row names a route that no longer exists.
  const existing = new Set(files.flatMap((f) => f.methods.map((m) => `${m} ${f.route}`)));
  expect(ROWS.map(rowKey).filter((key) => !existing.has(key)), "rows for routes that do not exist").toEqual([]);
});

// ── Deleting an account: a server action on one's own account only ───────────────

test.describe("deleting an account", () => {
  /** Opens the confirmation step and fills in the password; the caller submits. */
  async function confirmStep(actor: SignedIn, password = PASSWORD) {
    await actor.page.goto("/account/delete");
    await waitForHydration(actor.page);
    await actor.page.getByLabel("Your password").fill(password);
    return actor.page.getByRole("button", { name: "Delete my account permanently" });
  }
  const signedInStatus = async (actor: Actor) => (await actor.api.get("/api/notifications")).status();

  test("the action takes nobody's id from the form: ids of another person slipped in change only the sender's own account", async ({ signedUp }) => {
    const owner = await signedUp(newPerson("owner", "Olu Owner"));
    const sender = await signedUp(newPerson("sender", "Sam Sender"));
    const group = await createGroup(owner, uniqueName("Kept Circle"));
    await addMember(owner, group.id, sender);
    const ownerBefore = await sessionUser(owner.context);

    const submit = await confirmStep(sender);
    // What a forged form could carry: the other person's id and address under every likely name.
    await sender.page.locator("form").filter({ has: submit }).evaluate((form, victim) => {
      for (const [name, value] of Object.entries({ userId: victim.id, id: victim.id, user: victim.id, email: victim.email })) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
      }
    }, owner.user);
    await submit.click();
    await expect(sender.page).toHaveURL(/\/account-deleted$/, { timeout: 20_000 });

    expect(await signedInStatus(sender)).toBe(401);
    expect(await signedInStatus(owner)).toBe(200);
    expect(await sessionUser(owner.context)).toEqual(ownerBefore);
    expect((await membersOf(owner, group.id)).map((m) => m.id)).toEqual([owner.user.id]);
    expect((await myGroups(owner)).map((g) => g.id)).toContain(group.id);
  });

  test("a browser whose session has ended is told to sign in again, and nothing is deleted", async ({ signedUp }) => {
    const person = await signedUp(newPerson("lapsed", "Lia Lapsed"));
    const submit = await confirmStep(person);
    await person.context.clearCookies();
    await submit.click();
    await expect(person.page.getByText("Your session has ended. Sign in again to continue.")).toBeVisible();
    await expect(person.page).toHaveURL(/\/account\/delete$/);
    await signIn(person.context, person.user.email, PASSWORD);
    expect(await signedInStatus(person)).toBe(200);
  });

  test("the action's request sent from another origin is refused and deletes nothing; from the site it deletes", async ({ signedUp }) => {
    const person = await signedUp(newPerson("origin", "Oren Origin"));
    const wrong = "a wrong password, to see the request";
    const submit = await confirmStep(person, wrong);
    const sent = person.page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
    await submit.click();
    const request = await sent;
    await expect(person.page.getByText("That is not your password.")).toBeVisible();
    // The same request, now with the right password.
    const body = request.postDataBuffer()!.toString("utf8").replace(wrong, PASSWORD);
    const headers = Object.fromEntries(
      Object.entries(await request.allHeaders()).filter(([name]) => /^(next-action|next-router-state-tree|content-type|accept)$/i.test(name)),
    );
    const url = new URL(request.url()).pathname;
    for (const origin of ["https://evil.example", "null"]) {
      const response = await person.api.send("POST", url, { data: body, origin, headers });
      expect(response.status(), `Origin ${origin}`).toBeGreaterThanOrEqual(400);
      expectNoLeak(await response.text(), `Origin ${origin}`);
      expect(await signedInStatus(person), `still signed in after Origin ${origin}`).toBe(200);
    }
    const response = await person.api.send("POST", url, { data: body, headers });
    expect(response.status()).toBeLessThan(400);
    expect(await signedInStatus(person)).toBe(401);
  });

  test("a signed-out visitor is sent to sign in, and the farewell page says nothing about anyone", async ({ newActor }) => {
    const visitor = await newActor();
    const response = await visitor.api.get("/account/delete", { Accept: "text/html" });
    expect(response.status()).toBe(307);
    expect(response.headers().location).toMatch(/\/sign-in\?callbackUrl=%2Faccount%2Fdelete|\/sign-in\?callbackUrl=\/account\/delete/);
    const farewell = await visitor.api.get("/account-deleted", { Accept: "text/html" });
    expect(farewell.status()).toBe(200);
  });
});

// ── IDOR: another group's ids ─────────────────────────────────────────────────────

test.describe("one group's facilitator and another group's ids", () => {
  test("every B-scoped route called by A's facilitator with B's ids (or A's group with B's ids) is a 404 and changes nothing", async ({
    signedUp,
  }) => {
    const fa = await signedUp(newPerson("fa", "Anton A-Facilitator"));
    const ma = await signedUp(newPerson("ma", "Ada A-Member"));
    const fb = await signedUp(newPerson("fb", "Bruna B-Facilitator"));
    const mb = await signedUp(newPerson("mb", "Boris B-Member"));
    const a = await createGroup(fa, uniqueName("Group A"));
    const b = await createGroup(fb, uniqueName("Group B"), "B's private description");
    await addMember(fa, a.id, ma);
    await addMember(fb, b.id, mb);
    const ia = await createInvite(fa, a.id);
    const ib = await createInvite(fb, b.id);
    const versionId = await versionIdOf(fa, a.id);
    const na = (await createNote(ma, a.id, noteBody(versionId))).id;
    const nb = (await createNote(mb, b.id, noteBody(versionId, { body: "B's note" }))).id;
    const ra = await createReading(fa, a.id);
    const rb = await createReading(fb, b.id);
    const tb = await addOwnText(fb, b.id);

    const beforeA = await snapshot(fa, a.id, [na], [ra]);
    const beforeB = await snapshot(fb, b.id, [nb], [rb]);
    const reply = () => ({ id: crypto.randomUUID(), body: "Taken over" });

    const attempts: [string, string, Record<string, unknown>?][] = [
      // B's own routes, with B's ids
      ["PAGE", `/groups/${b.id}`],
      ["GET", `/api/groups/${b.id}`],
      ["PATCH", `/api/groups/${b.id}`, { name: "Taken over", description: "" }],
      ["GET", `/api/groups/${b.id}/members`],
      ["PATCH", `/api/groups/${b.id}/members/${mb.user.id}`, { role: "facilitator" }],
      ["PATCH", `/api/groups/${b.id}/members/${fb.user.id}`, { role: "member" }],
      ["PATCH", `/api/groups/${b.id}/members/${fa.user.id}`, { role: "facilitator" }],
      ["DELETE", `/api/groups/${b.id}/members/${mb.user.id}`],
      ["DELETE", `/api/groups/${b.id}/members/${fb.user.id}`],
      ["GET", `/api/groups/${b.id}/invites`],
      ["POST", `/api/groups/${b.id}/invites`, { expiresInDays: 30 }],
      ["POST", `/api/groups/${b.id}/invites`, { email: uniqueEmail("idor") }],
      ["DELETE", `/api/groups/${b.id}/invites/${ib.id}`],
      // Mixed: A's group, B's people and invitations…
      ["PATCH", `/api/groups/${a.id}/members/${mb.user.id}`, { role: "facilitator" }],
      ["PATCH", `/api/groups/${a.id}/members/${fb.user.id}`, { role: "member" }],
      ["DELETE", `/api/groups/${a.id}/members/${mb.user.id}`],
      ["DELETE", `/api/groups/${a.id}/members/${fb.user.id}`],
      ["DELETE", `/api/groups/${a.id}/invites/${ib.id}`],
      // …and B's group with A's people and invitations.
      ["PATCH", `/api/groups/${b.id}/members/${ma.user.id}`, { role: "facilitator" }],
      ["DELETE", `/api/groups/${b.id}/members/${ma.user.id}`],
      ["DELETE", `/api/groups/${b.id}/invites/${ia.id}`],
      // Annotations: B's notes through B's group and through A's, A's note through B's group.
      ["PAGE", `/groups/${b.id}/texts/${SLUG}`],
      ["PAGE", `/groups/${b.id}/texts/${SLUG}/changes`],
      ["GET", `/api/groups/${b.id}/annotations?text=${SLUG}`],
      ["POST", `/api/groups/${b.id}/annotations`, noteBody(versionId)],
      ["GET", `/api/groups/${b.id}/annotations/${nb}`],
      ["PATCH", `/api/groups/${b.id}/annotations/${nb}`, { revision: 1, body: "Taken over" }],
      ["PATCH", `/api/groups/${b.id}/annotations/${nb}`, { hidden: true }],
      ["DELETE", `/api/groups/${b.id}/annotations/${nb}`],
      ["GET", `/api/groups/${a.id}/annotations/${nb}`],
      ["PATCH", `/api/groups/${a.id}/annotations/${nb}`, { revision: 1, body: "Taken over" }],
      ["PATCH", `/api/groups/${a.id}/annotations/${nb}`, { hidden: true }],
      ["DELETE", `/api/groups/${a.id}/annotations/${nb}`],
      ["PATCH", `/api/groups/${b.id}/annotations/${na}`, { hidden: true }],
      ["DELETE", `/api/groups/${b.id}/annotations/${na}`],
      // Threads: B's through B's group and through A's, A's through B's.
      ["GET", `/api/groups/${b.id}/threads/${nb}`],
      ["GET", `/api/groups/${a.id}/threads/${nb}`],
      ["GET", `/api/groups/${b.id}/threads/${na}`],
      ["POST", `/api/groups/${b.id}/annotations/${nb}/replies`, reply()],
      ["POST", `/api/groups/${a.id}/annotations/${nb}/replies`, reply()],
      ["POST", `/api/groups/${b.id}/annotations/${na}/replies`, reply()],
      ["PUT", `/api/groups/${b.id}/annotations/${nb}/reactions/same`],
      ["PUT", `/api/groups/${a.id}/annotations/${nb}/reactions/same`],
      ["DELETE", `/api/groups/${a.id}/annotations/${nb}/reactions/same`],
      ["PATCH", `/api/groups/${b.id}/threads/${nb}`, { pinned: true }],
      ["PATCH", `/api/groups/${a.id}/threads/${nb}`, { pinned: true }],
      ["PATCH", `/api/groups/${a.id}/threads/${nb}`, { forMeeting: true }],
      ["PATCH", `/api/groups/${a.id}/threads/${nb}`, { following: true }],
      ["PATCH", `/api/groups/${b.id}/threads/${na}`, { following: true }],
      ["GET", `/api/groups/${b.id}/discussions?text=${SLUG}`],
      ["POST", `/api/groups/${b.id}/discussions`, { id: crypto.randomUUID(), text: SLUG, title: "Taken over", body: "Taken over" }],
      // The schedule: B's weeks through B's group and through A's.
      ["PAGE", `/groups/${b.id}/schedule/new`],
      ["PAGE", `/groups/${b.id}/schedule/${rb}`],
      ["PAGE", `/groups/${a.id}/schedule/${rb}`],
      ["PAGE", `/groups/${a.id}/readings/${rb}/participation`],
      ["PAGE", `/groups/${a.id}/readings/${rb}/agenda`],
      ["GET", `/api/groups/${b.id}/readings`],
      ["POST", `/api/groups/${b.id}/readings`, readingBody()],
      ["PUT", `/api/groups/${b.id}/readings/order`, { ids: [rb] }],
      ["GET", `/api/groups/${a.id}/readings/${rb}`],
      ["PUT", `/api/groups/${a.id}/readings/${rb}`, readingBody({ postBeforePeek: true })],
      ["DELETE", `/api/groups/${a.id}/readings/${rb}`],
      ["DELETE", `/api/groups/${b.id}/readings/${rb}`],
      ["POST", `/api/groups/${a.id}/readings/${rb}/restore`],
      ["POST", `/api/groups/${a.id}/readings/${rb}/progress`, { blockId: PARAGRAPHS[1]!.id }],
      ["GET", `/api/groups/${a.id}/readings/${rb}/participation`],
      ["GET", `/api/groups/${a.id}/readings/${rb}/agenda`],
      ["PUT", `/api/groups/${a.id}/readings/${rb}/agenda`, { shared: true }],
      ["PUT", `/api/groups/${b.id}/readings/${rb}/agenda`, { markdown: "Taken over" }],
      ["GET", `/api/groups/${b.id}/calendar`],
      ["GET", `/api/groups/${b.id}/events?until=now`],
      ["PUT", `/api/groups/${b.id}/presence`, { text: SLUG, blockId: null }],
      ["DELETE", `/api/groups/${b.id}/presence`],
      ["POST", `/api/groups/${b.id}/calendar`],
      // B's own text: through B's group, and through A's (where it is not one of A's texts).
      ["PAGE", `/groups/${b.id}/texts/${tb}`],
      ["PAGE", `/groups/${a.id}/texts/${tb}`],
      ["PAGE", `/groups/${a.id}/texts/${tb}/edit`],
      ["PAGE", `/groups/${b.id}/texts/${tb}/changes`],
      ["PAGE", `/groups/${a.id}/texts/${tb}/changes`],
      ["PAGE", `/groups/${b.id}/texts/new`],
      ["GET", `/api/groups/${b.id}/texts`],
      ["POST", `/api/groups/${b.id}/texts`, { ...OWN_TEXT, draft: true }],
      ["POST", `/api/groups/${b.id}/texts/preview`, { title: "x", markdown: "x" }],
      ["GET", `/api/groups/${a.id}/texts/${tb}`],
      ["PUT", `/api/groups/${a.id}/texts/${tb}`, { title: "Taken over", markdown: "Taken over" }],
      ["PATCH", `/api/groups/${a.id}/texts/${tb}`, { retired: true }],
      ["DELETE", `/api/groups/${a.id}/texts/${tb}`],
      ["GET", `/api/groups/${a.id}/annotations?text=${tb}`],
      ["PUT", `/api/groups/${a.id}/presence`, { text: tb, blockId: null }],
      ["POST", `/api/groups/${a.id}/discussions`, { id: crypto.randomUUID(), text: tb, title: "Taken over", body: "Taken over" }],
      ["GET", `/api/texts/${tb}`],
      ["PAGE", `/texts/${tb}`],
      // Search and tags: B's, and B's text through A's group.
      ["GET", `/api/groups/${b.id}/search?q=note`],
      ["GET", `/api/groups/${b.id}/tags`],
      ["PAGE", `/groups/${b.id}/search?q=note`],
      ["GET", `/api/groups/${a.id}/search?q=paragraph&text=${tb}`],
      ["GET", `/api/groups/${a.id}/tags?text=${tb}`],
      // Exports: B's, and B's text through A's group.
      ["GET", `/api/groups/${b.id}/export?format=csv&text=${SLUG}`],
      ["GET", `/api/groups/${b.id}/export?format=jsonld`],
      ["GET", `/api/groups/${b.id}/export?format=markdown&mine=1`],
      ["GET", `/api/groups/${b.id}/export?format=nonsense`],
      ["GET", `/api/groups/${a.id}/export?format=csv&text=${tb}`],
      // Importing notes: into B, and into A on B's own text.
      ["PAGE", `/groups/${b.id}/import`],
      ["POST", `/api/groups/${b.id}/import?text=${SLUG}`, IMPORT_FILE()],
      ["POST", `/api/groups/${a.id}/import?text=${tb}`, IMPORT_FILE()],
    ];

    for (const attacker of [fa, ma]) {
      for (const [method, url, body] of attempts) {
        const response = await call(attacker, method as Method, url, body);
        const text = await response.text();
        const label = `${attacker === fa ? "A's facilitator" : "A's member"}: ${method} ${url.replace(b.id, "<B>").replace(a.id, "<A>")}`;
        expect.soft(response.status(), `${label} → ${text.slice(0, 200)}`).toBe(404);
        expectNoLeak(text, label);
        for (const secret of [b.name, "B's private description", mb.user.email, fb.user.email])
          expect(text.includes(secret), `${label} mentions ${secret}`).toBe(false);
      }
    }

    // A's search finds nothing of B's: not its note by its words, not its text's paragraphs.
    const found = await json<{ results: { id: string; textSlug: string }[] }>(await ma.api.get(`/api/groups/${a.id}/search?q=${encodeURIComponent("B's note")}`));
    expect(found.results.map((r) => r.id)).not.toContain(nb);
    const paragraphs = await json<{ results: { id: string; textSlug: string }[] }>(await ma.api.get(`/api/groups/${a.id}/search?q=paragraph`));
    expect(paragraphs.results.map((r) => r.textSlug)).not.toContain(tb);

    expect(await snapshot(fb, b.id, [nb], [rb]), "group B after the sweep").toEqual(beforeB);
    expect(await snapshot(fa, a.id, [na], [ra]), "group A after the sweep").toEqual(beforeA);
    expect((await myGroups(fa)).map((g) => g.id)).not.toContain(b.id);
    expect((await myGroups(mb)).map((g) => g.id)).toEqual([b.id]);
  });

  test("ids that cannot exist, or are one character off, are a 404 even for the group's own facilitator", async ({ signedUp }) => {
    const fb = await signedUp(newPerson("fb"));
    const mb = await signedUp(newPerson("mb"));
    const b = await createGroup(fb, uniqueName("Group B"));
    await addMember(fb, b.id, mb);
    const ib = await createInvite(fb, b.id);
    const before = await snapshot(fb, b.id);

    const badIds = [
      b.id.toUpperCase(),
      `${b.id}a`,
      b.id.slice(0, -1),
      "abc",
      "x".repeat(41),
      "' OR '1'='1",
      "%00",
      "..%2F..%2Fapi%2Fgroups",
      encodeURIComponent(`${b.id}/members`),
    ];
    for (const bad of badIds) {
      for (const [method, url, body] of [
        ["PAGE", `/groups/${bad}`],
        ["PAGE", `/groups/${bad}/texts/${SLUG}/changes`],
        ["GET", `/api/groups/${bad}`],
        ["PATCH", `/api/groups/${bad}`, { name: "Renamed" }],
        ["GET", `/api/groups/${bad}/members`],
        ["GET", `/api/groups/${bad}/invites`],
        ["POST", `/api/groups/${bad}/invites`, { expiresInDays: 7 }],
        ["PATCH", `/api/groups/${b.id}/members/${bad}`, { role: "facilitator" }],
        ["DELETE", `/api/groups/${b.id}/members/${bad}`],
        ["DELETE", `/api/groups/${b.id}/invites/${bad}`],
        ["DELETE", `/api/groups/${bad}/invites/${ib.id}`],
        ["DELETE", `/api/groups/${bad}/members/${mb.user.id}`],
        ["GET", `/api/groups/${bad}/annotations?text=${SLUG}`],
        ["GET", `/api/groups/${b.id}/annotations/${bad}`],
        ["PATCH", `/api/groups/${b.id}/annotations/${bad}`, { hidden: true }],
        ["DELETE", `/api/groups/${b.id}/annotations/${bad}`],
        ["GET", `/api/groups/${b.id}/threads/${bad}`],
        ["PATCH", `/api/groups/${b.id}/threads/${bad}`, { pinned: true }],
        ["POST", `/api/groups/${b.id}/annotations/${bad}/replies`, { id: crypto.randomUUID(), body: "Hello" }],
        ["PUT", `/api/groups/${b.id}/annotations/${bad}/reactions/same`],
        ["GET", `/api/groups/${bad}/discussions?text=${SLUG}`],
        ["POST", `/api/groups/${bad}/discussions`, { id: crypto.randomUUID(), text: SLUG, title: "T", body: "B" }],
        ["GET", `/api/groups/${bad}/readings`],
        ["GET", `/api/groups/${b.id}/readings/${bad}`],
        ["PUT", `/api/groups/${b.id}/readings/${bad}`, readingBody()],
        ["DELETE", `/api/groups/${b.id}/readings/${bad}`],
        ["POST", `/api/groups/${b.id}/readings/${bad}/progress`, { blockId: PARAGRAPHS[0]!.id }],
        ["GET", `/api/groups/${b.id}/readings/${bad}/agenda`],
        ["PAGE", `/groups/${b.id}/schedule/${bad}`],
        ["GET", `/api/calendar/${bad}`],
        ["GET", `/api/groups/${bad}/events?until=now`],
      ] as [Method, string, Record<string, unknown>?][]) {
        const response = await call(fb, method, url, body);
        const text = await response.text();
        expect.soft(response.status(), `${method} ${url} → ${text.slice(0, 200)}`).toBe(404);
        expectNoLeak(text, `${method} ${url}`);
      }
    }
    expect(await snapshot(fb, b.id)).toEqual(before);
  });
});

test("a group or invitation URL with broken percent-encoding is a 4xx, not a server error", async ({ signedUp }) => {
  const fb = await signedUp(newPerson("fb"));
  const b = await createGroup(fb, uniqueName("Encoding Circle"));
  const broken = ["%E0%A4%A", "%", "%zz"];
  const requests: [Method, string][] = broken.flatMap((bad) => [
    ["PAGE", `/groups/${bad}`] as [Method, string],
    ["PAGE", `/invite/${bad}`] as [Method, string],
    ["GET", `/api/groups/${bad}`] as [Method, string],
    ["GET", `/api/groups/${b.id}/members/${bad}`] as [Method, string],
    ["DELETE", `/api/groups/${b.id}/members/${bad}`] as [Method, string],
    ["DELETE", `/api/groups/${b.id}/invites/${bad}`] as [Method, string],
    ["POST", `/api/invites/${bad}`] as [Method, string],
  ]);
  for (const [method, url] of requests) {
    const response = await call(fb, method, url);
    const text = await response.text();
    expectNoLeak(text, `${method} ${url}`);
    expect.soft(response.status(), `${method} ${url} → ${text.slice(0, 120)}`).toBeGreaterThanOrEqual(400);
    expect.soft(response.status(), `${method} ${url} → ${text.slice(0, 120)}`).toBeLessThan(500);
  }
});

// ── Origin, bodies, error bodies ──────────────────────────────────────────────────

test.describe("requests the API refuses before doing anything", () => {
  const ORIGIN_MESSAGE = "This request must come from the Study Circle site itself.";

  test("mutating requests without an Origin, or from another origin, are a 400 and change nothing", async ({ signedUp, baseURL }) => {
    const fb = await signedUp(newPerson("fb"));
    const mb = await signedUp(newPerson("mb"));
    const outsider = await signedUp(newPerson("outsider"));
    const b = await createGroup(fb, uniqueName("Origin Circle"));
    await addMember(fb, b.id, mb);
    const ib = await createInvite(fb, b.id);
    const versionId = await versionIdOf(mb, b.id);
    const note = (await createNote(mb, b.id, noteBody(versionId))).id;
    const before = await snapshot(fb, b.id, [note]);
    const groupsBefore = await myGroups(fb);

    const port = new URL(baseURL!).port;
    const origins: (string | null)[] = [null, "https://evil.example", "null", `http://localhost:${Number(port) + 1}`, "http://127.0.0.2:" + port, "not a url"];
    const requests: [Actor, "POST" | "PUT" | "PATCH" | "DELETE", string, Record<string, unknown>?][] = [
      [fb, "POST", "/api/groups", { name: "Made from elsewhere" }],
      [fb, "PATCH", `/api/groups/${b.id}`, { name: "Renamed from elsewhere" }],
      [fb, "PATCH", `/api/groups/${b.id}/members/${mb.user.id}`, { role: "facilitator" }],
      [fb, "DELETE", `/api/groups/${b.id}/members/${mb.user.id}`],
      [mb, "DELETE", `/api/groups/${b.id}/members/${mb.user.id}`],
      [fb, "POST", `/api/groups/${b.id}/invites`, { expiresInDays: 7 }],
      [fb, "POST", `/api/groups/${b.id}/invites`, { email: uniqueEmail("origin") }],
      [fb, "DELETE", `/api/groups/${b.id}/invites/${ib.id}`],
      [outsider, "POST", `/api/invites/${ib.token}`],
      [mb, "POST", `/api/groups/${b.id}/annotations`, noteBody(versionId)],
      [mb, "PATCH", `/api/groups/${b.id}/annotations/${note}`, { revision: 1, body: "Edited from elsewhere" }],
      [fb, "PATCH", `/api/groups/${b.id}/annotations/${note}`, { hidden: true }],
      [mb, "DELETE", `/api/groups/${b.id}/annotations/${note}`],
      [fb, "POST", `/api/groups/${b.id}/annotations/${note}/replies`, { id: crypto.randomUUID(), body: "From elsewhere" }],
      [fb, "PUT", `/api/groups/${b.id}/annotations/${note}/reactions/same`],
      [mb, "DELETE", `/api/groups/${b.id}/annotations/${note}/reactions/same`],
      [fb, "PATCH", `/api/groups/${b.id}/threads/${note}`, { pinned: true }],
      [fb, "POST", `/api/groups/${b.id}/discussions`, { id: crypto.randomUUID(), text: SLUG, title: "Elsewhere", body: "From elsewhere" }],
      [mb, "PATCH", "/api/notifications", { all: true }],
      [fb, "POST", `/api/groups/${b.id}/readings`, readingBody()],
      [fb, "PUT", `/api/groups/${b.id}/readings/order`, { ids: [] }],
      [mb, "POST", `/api/groups/${b.id}/calendar`],
      [mb, "PUT", `/api/groups/${b.id}/presence`, { text: SLUG, blockId: null }],
      [fb, "POST", `/api/groups/${b.id}/import?text=${SLUG}`, IMPORT_FILE()],
    ];
    for (const origin of origins) {
      for (const [actor, method, url, body] of requests) {
        const response = await actor.api.send(method, url, { data: body, origin });
        const label = `${method} ${url} with Origin ${origin ?? "(none)"}`;
        await expectStatus(response, 400, label);
        const text = await response.text();
        expect(JSON.parse(text), label).toEqual({ error: ORIGIN_MESSAGE });
        expectNoLeak(text, label);
      }
    }
    expect(await snapshot(fb, b.id, [note])).toEqual(before);
    expect(await myGroups(fb)).toEqual(groupsBefore);
    expect((await myGroups(outsider)).map((g) => g.id)).not.toContain(b.id);

    // The same requests from this site do work (so the refusals above were about the origin).
    await expectStatus(await fb.api.patch(`/api/groups/${b.id}`, { name: "Renamed from here" }), 200);
  });

  test("bodies that are not JSON are a 400, bodies over 64 KB a 413, each with a message; nothing changes", async ({ signedUp }) => {
    const fb = await signedUp(newPerson("fb"));
    const mb = await signedUp(newPerson("mb"));
    const b = await createGroup(fb, uniqueName("Body Circle"));
    await addMember(fb, b.id, mb);
    const note = (await createNote(mb, b.id, noteBody(await versionIdOf(mb, b.id)))).id;
    const before = await snapshot(fb, b.id, [note]);
    const groupsBefore = await myGroups(fb);

    const routes: ["POST" | "PATCH", string][] = [
      ["POST", "/api/groups"],
      ["PATCH", `/api/groups/${b.id}`],
      ["PATCH", `/api/groups/${b.id}/members/${mb.user.id}`],
      ["POST", `/api/groups/${b.id}/invites`],
      ["POST", `/api/groups/${b.id}/annotations`],
      ["POST", `/api/groups/${b.id}/annotations/${note}/replies`],
      ["PATCH", `/api/groups/${b.id}/threads/${note}`],
      ["POST", `/api/groups/${b.id}/discussions`],
      ["PATCH", "/api/notifications"],
    ];
    const big = JSON.stringify({ name: "Big", description: "x".repeat(70 * 1024), email: "big@example.org", role: "member", expiresInDays: 7 });
    const bodies: [string, string, Record<string, string>, number, string][] = [
      ["not JSON", "name=Study+Circle", { "Content-Type": "application/x-www-form-urlencoded" }, 400, "The request body is not valid JSON."],
      ["broken JSON", '{"name": "Study', { "Content-Type": "application/json" }, 400, "The request body is not valid JSON."],
      ["JSON of the wrong shape", "[1, 2, 3]", { "Content-Type": "application/json" }, 400, "The request body must be a JSON object."],
      ["over 64 KB", big, { "Content-Type": "application/json" }, 413, "That request is too large."],
      ["over 64 KB of multi-byte text", JSON.stringify({ name: "é".repeat(33 * 1024) }), { "Content-Type": "application/json" }, 413, "That request is too large."],
    ];
    for (const [method, url] of routes) {
      for (const [what, data, headers, status, message] of bodies) {
        const response = await fb.api.send(method, url, { data, headers });
        const label = `${method} ${url} with ${what}`;
        await expectStatus(response, status, label);
        const text = await response.text();
        expect(JSON.parse(text), label).toMatchObject({ error: message });
        expectNoLeak(text, label);
      }
    }
    expect(await snapshot(fb, b.id, [note])).toEqual(before);
    expect(await myGroups(fb)).toEqual(groupsBefore);
  });

  test("error bodies never show stack traces, error names, the ORM or connection errors", async ({ signedUp, newActor }) => {
    const fb = await signedUp(newPerson("fb"));
    const b = await createGroup(fb, uniqueName("Quiet Circle"));
    const anonymous = await newActor();
    const probes: [Actor, "GET" | "POST" | "PATCH" | "DELETE", string, unknown][] = [
      [anonymous, "GET", "/api/groups", undefined],
      [anonymous, "GET", `/api/groups/${b.id}`, undefined],
      [anonymous, "POST", "/api/invites/x", undefined],
      [fb, "POST", "/api/groups", { name: 42, description: { $gt: "" } }],
      [fb, "POST", "/api/groups", { name: ["a"], description: null }],
      [fb, "PATCH", `/api/groups/${b.id}`, {}],
      [fb, "PATCH", `/api/groups/${b.id}/members/${fb.user.id}`, { role: "admin" }],
      [fb, "PATCH", `/api/groups/${b.id}/members/${fb.user.id}`, { role: "member" }],
      [fb, "POST", `/api/groups/${b.id}/invites`, { expiresInDays: 365, maxUses: -1 }],
      [fb, "POST", `/api/groups/${b.id}/invites`, { email: "not an address" }],
      [fb, "POST", `/api/groups/${b.id}/invites`, { expiresInDays: "soon" }],
      [fb, "POST", "/api/invites/" + "A".repeat(43), undefined],
      [fb, "DELETE", `/api/groups/${b.id}/invites/${"c".repeat(25)}`, undefined],
    ];
    for (const [actor, method, url, data] of probes) {
      const response = method === "GET" ? await actor.api.get(url) : await actor.api.send(method, url, { data });
      const text = await response.text();
      const label = `${method} ${url} ${JSON.stringify(data) ?? ""} → ${response.status()}`;
      expect(response.status(), `${label}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(response.status(), `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
      expectNoLeak(text, label);
    }
  });
});
