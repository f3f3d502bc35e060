// Notes in HTML: a converter's list of <li id="…"> at the end (mammoth's footnotes and
// endnotes), or the notes a web page or an EPUB chapter links to from its text. They
// are taken out of the text and returned apart, so that they become Markdown footnotes
// paired with their references.
import { DomUtils, parseDocument } from "htmlparser2";
import type { Element } from "domhandler";

/** A note taken out of the HTML: its label and its own HTML. */
export type HtmlNote = { label: string; html: string };

export function extractListedNotes(html: string, idPattern: RegExp, labelOf: (id: string) => string): { html: string; notes: HtmlNote[]; refs: Map<string, string> } {
  const doc = parseDocument(html);
  const notes: HtmlNote[] = [];
  const refs = new Map<string, string>();
  for (const li of DomUtils.getElementsByTagName("li", doc) as Element[]) {
    const id = li.attribs.id;
    if (!id || !idPattern.test(id)) continue;
    // The link back to the reference ("↑") is the converter's, not the note's.
    for (const a of DomUtils.getElementsByTagName("a", li) as Element[]) if ((a.attribs.href ?? "").startsWith("#") && /^\s*[↑^]?\s*$/.test(DomUtils.textContent(a))) DomUtils.removeElement(a);
    const label = labelOf(id);
    notes.push({ label, html: DomUtils.getInnerHTML(li) });
    refs.set(id, label);
    const list = li.parent as Element | null;
    DomUtils.removeElement(li);
    if (list && list.type === "tag" && !DomUtils.getElementsByTagName("li", list).length) DomUtils.removeElement(list);
  }
  return { html: DomUtils.getOuterHTML(doc), notes, refs };
}

/**
 * Notes that a web page or a book's chapter links to from its text: a reference is a
 * link to "#id" that says it is one (epub:type="noteref", role="doc-noteref", a
 * footnote class, or a number in <sup>), its note the element with that id in the same
 * page. The notes are taken out with their lists and headings-less note sections, their
 * links back to the text dropped. Labels are the references' own numbers; `taken` holds
 * labels already used (an earlier chapter's) and receives the new ones.
 */
export function extractLinkedNotes(html: string, taken: Set<string> = new Set()): { html: string; notes: HtmlNote[]; refs: Map<string, string> } {
  const doc = parseDocument(html);
  const byId = new Map<string, Element>();
  for (const el of DomUtils.findAll((e) => Boolean(e.attribs.id), doc.children)) if (!byId.has(el.attribs.id!)) byId.set(el.attribs.id!, el);
  const notes: HtmlNote[] = [];
  const refs = new Map<string, string>();
  const targets: Element[] = [];
  for (const a of DomUtils.getElementsByTagName("a", doc) as Element[]) {
    const href = a.attribs.href ?? "";
    if (!href.startsWith("#") || !isNoteReference(a)) continue;
    const id = href.slice(1);
    const target = byId.get(id);
    if (!target || refs.has(id) || !NOTE_ELEMENTS.has(target.name) || isAncestor(target, a)) continue;
    const own = DomUtils.textContent(a).replace(/[[\]()\s]/g, "");
    let label = /^[\p{L}\p{N}-]{1,12}$/u.test(own) ? own : String(taken.size + 1);
    for (let n = 2; taken.has(label); n++) label = `${own || "note"}-${n}`;
    taken.add(label);
    refs.set(id, label);
    targets.push(target);
  }
  for (const target of targets) {
    for (const back of DomUtils.getElementsByTagName("a", target) as Element[]) if (isBackLink(back)) DomUtils.removeElement(back);
    notes.push({ label: refs.get(target.attribs.id!)!, html: DomUtils.getInnerHTML(target) });
    let parent = target.parent as Element | null;
    DomUtils.removeElement(target);
    // The list and the section that held the notes go too once nothing but a rule or a heading is left in them.
    while (parent && parent.type === "tag" && parent.name !== "body" && !DomUtils.textContent(parent).trim()) {
      const up = parent.parent as Element | null;
      DomUtils.removeElement(parent);
      parent = up;
    }
  }
  return { html: DomUtils.getOuterHTML(doc), notes, refs };
}

const NOTE_ELEMENTS = new Set(["li", "aside", "div", "p", "section", "dd", "span"]);

function isNoteReference(a: Element): boolean {
  if (/\bnoteref\b/.test(a.attribs["epub:type"] ?? "") || a.attribs.role === "doc-noteref") return true;
  if (/\b(?:footnote-ref|footnote-reference|noteref|fnref)\b/i.test(a.attribs.class ?? "")) return true;
  const inSup = (a.parent as Element | null)?.name === "sup" || DomUtils.getElementsByTagName("sup", a).length > 0;
  return inSup && /^\s*[[(]?[\p{L}\p{N}*†‡]{1,4}[\])]?\s*$/u.test(DomUtils.textContent(a));
}

function isBackLink(a: Element): boolean {
  if (a.attribs.role === "doc-backlink" || /\bfootnote-back(?:ref|link)?\b/.test(a.attribs.class ?? "")) return true;
  return (a.attribs.href ?? "").startsWith("#") && /^\s*[↩↑^⤴]\uFE0E?\s*$/u.test(DomUtils.textContent(a));
}

function isAncestor(ancestor: Element, node: Element): boolean {
  for (let p = node.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}
