// Notes that a converter leaves at the end of its HTML as a list of <li id="…">
// (mammoth's footnotes and endnotes, an EPUB's endnotes): taken out of the text and
// returned apart, so that they become Markdown footnotes paired with their references.
import { DomUtils, parseDocument } from "htmlparser2";
import type { Element } from "domhandler";
import type { HtmlNote } from "./html";

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
