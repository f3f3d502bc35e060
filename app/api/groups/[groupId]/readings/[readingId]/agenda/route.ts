import { memberOrNotFound } from "@/lib/groups/route-access";
import { parseWith, readJsonObject, route } from "@/lib/http";
import { getAgenda, saveAgenda } from "@/lib/readings/meeting";
import { agendaSchema } from "@/lib/readings/schemas";

type Ctx = { params: Promise<{ groupId: string; readingId: string }> };

const headers = { "Cache-Control": "private, no-store" };

// GET /api/groups/:groupId/readings/:readingId/agenda — the meeting agenda (facilitators; members once shared).
// ?format=markdown downloads it as a .md file.
export const GET = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, readingId } = await params;
  const agenda = await getAgenda(user.id, groupId, readingId);
  if (new URL(request.url).searchParams.get("format") === "markdown") {
    const name = `agenda-${agenda.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "meeting"}.md`;
    return new Response(agenda.markdown, {
      headers: { ...headers, "Content-Type": "text/markdown; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"` },
    });
  }
  return Response.json({ agenda }, { headers });
});

// PUT /api/groups/:groupId/readings/:readingId/agenda {markdown?, shared?} — save the edit, share it (facilitators)
export const PUT = route(async (request, { params }: Ctx) => {
  const user = await memberOrNotFound();
  const { groupId, readingId } = await params;
  const change = parseWith(agendaSchema, await readJsonObject(request));
  return Response.json({ agenda: await saveAgenda(user.id, groupId, readingId, change) }, { headers });
});
