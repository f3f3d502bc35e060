// An EPUB (a zip of XHTML chapters in the order its package file gives) → Markdown.
//
// The package (OPF) file names the title, author and date and lists the chapters in
// reading order (the spine); each chapter's body goes through the same sanitiser and
// converter as any HTML. The book's own navigation document, items marked non-linear
// (covers, pop-up notes) and its title page are not part of the reading text; notes a
// chapter links to become Markdown footnotes.
import path from "node:path/posix";
import { DomUtils, parseDocument } from "htmlparser2";
import type { Element } from "domhandler";
import type { ZipEntries } from "./zip";
import { htmlToMarkdown } from "./html";
import { UploadError } from "./limits";
import { extractLinkedNotes } from "./notes-in-html";
import type { Converted } from "./types";

export function convertEpub(entries: ZipEntries): Converted {
  const container = entries.get("META-INF/container.xml");
  const rootPath = container && attr(first("rootfile", xml(container)), "full-path");
  const opfBytes = rootPath ? entries.get(rootPath) : undefined;
  if (!rootPath || !opfBytes) throw notAnEpub();
  const opf = xml(opfBytes);
  const base = path.dirname(rootPath);

  const manifest = new Map<string, { href: string; type: string; nav: boolean }>();
  for (const item of DomUtils.getElementsByTagName("item", opf) as Element[]) {
    const href = item.attribs.href;
    if (!item.attribs.id || !href) continue;
    manifest.set(item.attribs.id, { href: resolve(base, href), type: item.attribs["media-type"] ?? "", nav: /\bnav\b/.test(item.attribs.properties ?? "") });
  }

  // EPUB 2 books name their cover and title page in the guide.
  const skipped = new Set(
    (DomUtils.getElementsByTagName("reference", opf) as Element[]).filter((r) => /^(?:cover|title-page)$/.test(r.attribs.type ?? "") && r.attribs.href).map((r) => resolve(base, r.attribs.href!)),
  );
  const notes: string[] = [];
  const chapters: string[] = [];
  /** Note labels used so far: a book that numbers its notes afresh in each chapter gets "1", then "1-2". */
  const labels = new Set<string>();
  for (const ref of DomUtils.getElementsByTagName("itemref", opf) as Element[]) {
    const item = manifest.get(ref.attribs.idref ?? "");
    if (!item || item.nav || ref.attribs.linear === "no" || skipped.has(item.href)) continue;
    if (!/html/.test(item.type)) continue;
    const file = entries.get(item.href);
    if (!file) {
      notes.push(`The book lists a chapter it does not contain (${item.href}); it was left out.`);
      continue;
    }
    const doc = parseDocument(file.toString("utf8"), { xmlMode: false });
    // A title page or cover repeats the title and author, which are the text's metadata.
    for (const el of DomUtils.findAll((e) => /\b(?:cover|titlepage|halftitlepage)\b/.test(e.attribs["epub:type"] ?? ""), doc.children)) DomUtils.removeElement(el);
    const body = first("body", doc);
    const { html, notes: chapterNotes, refs } = extractLinkedNotes(body ? DomUtils.getInnerHTML(body) : DomUtils.getOuterHTML(doc), labels);
    const markdown = htmlToMarkdown(html, { notes: chapterNotes, noteRefs: refs });
    if (markdown.trim()) chapters.push(markdown.trim());
  }
  if (!chapters.length) throw new UploadError("unreadable", "This EPUB has no chapters with text in it.");

  const text = (tag: string) => {
    const el = first(tag, opf);
    const value = el ? DomUtils.textContent(el).trim() : "";
    return value || undefined;
  };
  const year = Number(/\b(\d{4})\b/.exec(text("dc:date") ?? "")?.[1]);
  return {
    markdown: `${chapters.join("\n\n")}\n`,
    metadata: { title: text("dc:title"), author: text("dc:creator"), year: Number.isFinite(year) && year >= 1000 ? year : undefined },
    notes,
  };
}

function xml(bytes: Buffer) {
  return parseDocument(bytes.toString("utf8"), { xmlMode: true });
}

function first(tag: string, node: ReturnType<typeof parseDocument>): Element | undefined {
  return DomUtils.getElementsByTagName(tag, node, true, 1)[0];
}

function attr(el: Element | undefined, name: string): string | undefined {
  return el?.attribs[name];
}

function resolve(base: string, href: string): string {
  let decoded = href.split("#")[0]!;
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // keep it as written
  }
  return path.normalize(path.join(base, decoded)).replace(/^\.\//, "");
}

function notAnEpub() {
  return new UploadError("unsupported", "This file is named .epub but has no EPUB package inside it.");
}
