import type { AnnotationView } from "./view";

// W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/), for clients
// that ask for application/ld+json and for exports (lib/export). One serializer for one
// note, a notes page, a thread and an export, so the four always agree:
// - the anchor is a TextQuoteSelector (exact, prefix, suffix); a placed note also has a
//   RangeSelector whose ends are the paragraphs' fragment ids refined by offsets into
//   them, and — when it lies in one paragraph — that paragraph's FragmentSelector refined
//   by a TextPositionSelector (offsets into the paragraph's text), the same words again;
// - motivation: highlighting, commenting, questioning, and replying for a reply, whose
//   target is the IRI of the note or reply it answers;
// - the note's words are a TextualBody (Markdown) whose purpose is the motivation, and each
//   tag a TextualBody with purpose "tagging". One body is written as an object, several as
//   an array (the model allows both).
// Import (lib/import) reads these fields back: keep them stable.

export const CONTEXT = "http://www.w3.org/ns/anno.jsonld";
export const JSON_LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';
/** Terms of our own beyond the W3C context: Dublin Core titles, and the app's few extras. */
export const contextWithExtras = (origin: string) => [CONTEXT, { dc: "http://purl.org/dc/terms/", sc: `${origin}/ns#` }];

const MOTIVATION = { highlight: "highlighting", comment: "commenting", question: "questioning", reply: "replying" } as const;

/** True when the client prefers JSON-LD to plain JSON. */
export function wantsJsonLd(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  return /application\/ld\+json/i.test(accept);
}

export type Where = { origin: string; groupId: string; textSlug: string; versionNumber?: number };

/** What the serializer reads of a note: the reader's view, or an export's row. */
export type SerializableNote = Pick<
  AnnotationView,
  "id" | "kind" | "color" | "body" | "visibility" | "author" | "createdAt" | "editedAt" | "position" | "quote" | "target" | "title" | "parentId" | "deleted" | "tags"
>;

export const noteIri = (where: Pick<Where, "origin" | "groupId">, id: string) => `${where.origin}/api/groups/${where.groupId}/annotations/${id}`;
export const textIri = (where: Pick<Where, "origin" | "textSlug">) => `${where.origin}/texts/${encodeURIComponent(where.textSlug)}`;

const FRAGMENT = "http://tools.ietf.org/rfc/rfc3986";

function selectorsOf(note: SerializableNote): object[] {
  const selectors: object[] = [{ type: "TextQuoteSelector", ...note.quote }];
  const p = note.position;
  if (!p) return selectors;
  const end = (blockId: string, offset: number) => ({
    type: "FragmentSelector",
    conformsTo: FRAGMENT,
    value: blockId,
    refinedBy: { type: "TextPositionSelector", start: offset, end: offset },
  });
  selectors.push({ type: "RangeSelector", startSelector: end(p.startBlockId, p.startOffset), endSelector: end(p.endBlockId, p.endOffset) });
  if (p.startBlockId === p.endBlockId)
    selectors.push({
      type: "FragmentSelector",
      conformsTo: FRAGMENT,
      value: p.startBlockId,
      refinedBy: { type: "TextPositionSelector", start: p.startOffset, end: p.endOffset },
    });
  return selectors;
}

function bodiesOf(note: SerializableNote): object | object[] | undefined {
  const bodies: object[] = [];
  if (note.body) bodies.push({ type: "TextualBody", value: note.body, format: "text/markdown", purpose: MOTIVATION[note.kind] });
  for (const tag of note.tags ?? []) bodies.push({ type: "TextualBody", purpose: "tagging", value: tag });
  if (bodies.length === 0) return undefined;
  return bodies.length === 1 ? bodies[0] : bodies;
}

/**
 * A note, reply or discussion as a W3C Annotation. A reply targets what it answers
 * (motivation "replying"), so a thread exported as a list keeps its shape; a
 * discussion of the whole text targets the text itself and carries its title.
 */
export function toWebAnnotation(note: SerializableNote, where: Where, withContext = true) {
  const source = textIri(where);
  const body = bodiesOf(note);
  return {
    ...(withContext ? { "@context": CONTEXT } : {}),
    id: noteIri(where, note.id),
    type: "Annotation",
    motivation: MOTIVATION[note.kind],
    created: note.createdAt,
    ...(note.editedAt ? { modified: note.editedAt } : {}),
    creator: { type: "Person", name: note.author.name },
    // Who may read it: the group, or only its author.
    audience:
      note.visibility === "private"
        ? { type: "Person", name: note.author.name }
        : { type: "Group", id: `${where.origin}/groups/${where.groupId}` },
    ...(note.title ? { "dc:title": note.title } : {}),
    ...(body ? { body } : {}),
    ...(note.deleted ? { "sc:deleted": true } : {}),
    target: note.parentId
      ? noteIri(where, note.parentId)
      : note.target === "text"
        ? source
        : {
            type: "SpecificResource",
            source,
            ...(note.color ? { styleClass: `highlight-${note.color}` } : {}),
            selector: selectorsOf(note),
          },
  };
}

/** A whole thread, first note then replies, as an AnnotationCollection's first page. */
export function toThreadCollection(notes: SerializableNote[], where: Where & { threadId: string }) {
  return {
    "@context": contextWithExtras(where.origin),
    id: `${noteIri(where, where.threadId)}/thread`,
    type: "AnnotationCollection",
    total: notes.length,
    first: { type: "AnnotationPage", startIndex: 0, items: notes.map((note) => toWebAnnotation(note, where, false)) },
  };
}

export function toAnnotationPage(notes: SerializableNote[], where: Where) {
  return {
    "@context": CONTEXT,
    id: `${where.origin}/api/groups/${where.groupId}/annotations?text=${encodeURIComponent(where.textSlug)}`,
    type: "AnnotationPage",
    startIndex: 0,
    items: notes.map((note) => toWebAnnotation(note, where, false)),
  };
}

/** The site's own origin as the request saw it (proxies set x-forwarded-*). */
export function originOf(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}
