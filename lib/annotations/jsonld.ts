import type { AnnotationView } from "./annotations";

// W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/), for clients
// that ask for application/ld+json. The anchor becomes a TextQuoteSelector and a
// RangeSelector whose ends are the blocks' fragment ids refined by offsets into them.

const CONTEXT = "http://www.w3.org/ns/anno.jsonld";
export const JSON_LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

const MOTIVATION = { highlight: "highlighting", comment: "commenting", question: "questioning", reply: "replying" } as const;

/** True when the client prefers JSON-LD to plain JSON. */
export function wantsJsonLd(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  return /application\/ld\+json/i.test(accept);
}

type Where = { origin: string; groupId: string; textSlug: string; versionNumber?: number };

const noteIri = (where: Where, id: string) => `${where.origin}/api/groups/${where.groupId}/annotations/${id}`;

/**
 * A note, reply or discussion as a W3C Annotation. A reply targets what it answers
 * (motivation "replying"), so a thread exported as a list keeps its shape; a
 * discussion of the whole text targets the text itself and carries its title.
 */
export function toWebAnnotation(note: AnnotationView, where: Where, withContext = true) {
  const source = `${where.origin}/texts/${encodeURIComponent(where.textSlug)}`;
  const selectors: object[] = [{ type: "TextQuoteSelector", ...note.quote }];
  if (note.position) {
    const end = (blockId: string, offset: number) => ({
      type: "FragmentSelector",
      conformsTo: "http://tools.ietf.org/rfc/rfc3986",
      value: blockId,
      refinedBy: { type: "TextPositionSelector", start: offset, end: offset },
    });
    selectors.push({
      type: "RangeSelector",
      startSelector: end(note.position.startBlockId, note.position.startOffset),
      endSelector: end(note.position.endBlockId, note.position.endOffset),
    });
  }
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
    ...(note.body
      ? { body: { type: "TextualBody", value: note.body, format: "text/markdown", purpose: MOTIVATION[note.kind] } }
      : {}),
    ...(note.deleted ? { "sc:deleted": true } : {}),
    target: note.parentId
      ? noteIri(where, note.parentId)
      : note.target === "text"
        ? source
        : {
            type: "SpecificResource",
            source,
            ...(note.color ? { styleClass: `highlight-${note.color}` } : {}),
            selector: selectors,
          },
  };
}

/** A whole thread, first note then replies, as an AnnotationCollection's first page. */
export function toThreadCollection(notes: AnnotationView[], where: Where & { threadId: string }) {
  return {
    "@context": [CONTEXT, { dc: "http://purl.org/dc/terms/", sc: `${where.origin}/ns#` }],
    id: `${noteIri(where, where.threadId)}/thread`,
    type: "AnnotationCollection",
    total: notes.length,
    first: { type: "AnnotationPage", startIndex: 0, items: notes.map((note) => toWebAnnotation(note, where, false)) },
  };
}

export function toAnnotationPage(notes: AnnotationView[], where: Where) {
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
