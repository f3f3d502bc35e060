import { JSON_LD, originOf, toThreadCollection, wantsJsonLd } from "@/lib/annotations/jsonld";
import { followSchema, threadStateSchemas } from "@/lib/discussion/schemas";
import { getThread, setAnswer, setFollow, setForMeeting, setPinned, setResolved } from "@/lib/discussion/threads";
import { AppError } from "@/lib/errors";
import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, readJsonObject, route } from "@/lib/http";

type Ctx = { params: Promise<{ groupId: string; threadId: string }> };

const headers = { "Cache-Control": "private, no-store", Vary: "Accept" };

// GET /api/groups/:groupId/threads/:threadId — a note and all its replies (JSON-LD: an AnnotationCollection)
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, threadId } = await params;
  const thread = await getThread(user.id, groupId, threadId);
  if (wantsJsonLd(request))
    return Response.json(
      toThreadCollection([thread.thread, ...thread.replies], { origin: originOf(request), groupId, textSlug: thread.text.slug, threadId }),
      { headers: { ...headers, "Content-Type": JSON_LD } },
    );
  return Response.json(thread, { headers });
});

// PATCH /api/groups/:groupId/threads/:threadId — one change per request:
// {answerId} or {resolved} (the question's author or a facilitator), {pinned} or {forMeeting}
// (facilitators), {following} (anyone who can see the thread, for themselves)
export const PATCH = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, threadId } = await params;
  const data = await readJsonObject(request);
  if ("following" in data) return Response.json(await setFollow(user.id, groupId, threadId, parseWith(followSchema, data).following));
  if ("answerId" in data) return Response.json(await setAnswer(user.id, groupId, threadId, parseWith(threadStateSchemas.answer, data).answerId));
  if ("resolved" in data) return Response.json(await setResolved(user.id, groupId, threadId, parseWith(threadStateSchemas.resolved, data).resolved));
  if ("pinned" in data) return Response.json(await setPinned(user.id, groupId, threadId, parseWith(threadStateSchemas.pinned, data).pinned));
  if ("forMeeting" in data)
    return Response.json(await setForMeeting(user.id, groupId, threadId, parseWith(threadStateSchemas.forMeeting, data).forMeeting));
  throw new AppError("BAD_REQUEST", "Send one change: answerId, resolved, pinned, forMeeting or following.");
});
