// HTML (a web page, a Word document's or an EPUB chapter's) → Markdown for the preview.
//
// sanitize-html (maintained by Apostrophe, used widely for exactly this) keeps only the
// structure a text has — headings, paragraphs, quotes, lists, emphasis, links, notes —
// and drops scripts, styles, frames, forms, event handlers and any link that is not
// http(s), mailto or a note reference, together with their contents where they have
// no text of their own. turndown (maintained, the usual HTML → Markdown converter)
// then writes what is left as Markdown, escaping anything that would otherwise read
// as Markdown syntax. The Markdown goes through the same parser as the shared library,
// which never interprets raw HTML: two locks, not one.
import sanitizeHtml from "sanitize-html";
import TurndownService from "turndown";
import { DomUtils, parseDocument } from "htmlparser2";
import type { Element } from "domhandler";
import { extractLinkedNotes, type HtmlNote } from "./notes-in-html";

const KEEP_TAGS = [
  "h1", "h2", "h3", "h4", "h5", "h6", "p", "blockquote", "ul", "ol", "li", "em", "strong", "i", "b",
  "a", "br", "hr", "sup", "sub", "code", "pre", "s", "del", "section", "article", "div", "span",
];
/** Elements dropped with everything inside them: they carry no text of the work. */
const DROP_WITH_CONTENT = ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "svg", "math", "template", "nav", "button", "select", "form", "head", "title"];

export function sanitize(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: KEEP_TAGS,
    allowedAttributes: { a: ["href", "id"], li: ["id"], sup: ["id"], p: ["id"], section: ["id"], div: ["id"], span: ["id"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    nonTextTags: DROP_WITH_CONTENT,
    // Anything else (tables, figures, custom elements) keeps its text without its tag.
    disallowedTagsMode: "discard",
  });
}

let service: TurndownService | null = null;

function turndown(): TurndownService {
  if (service) return service;
  service = new TurndownService({ headingStyle: "atx", hr: "---", bulletListMarker: "-", codeBlockStyle: "fenced", emDelimiter: "*", strongDelimiter: "**" });
  service.addRule("noteReference", {
    filter: (node) => node.nodeName === "A" && /^#/.test(node.getAttribute("href") ?? "") && node.getAttribute("data-note") !== null,
    replacement: (_content, node) => `\u0000FN${(node as HTMLElement).getAttribute("data-note")}\u0000`,
  });
  // A link that is not http(s) or mailto (a relative link into the original site or book) is kept as its words.
  service.addRule("localLink", {
    filter: (node) => node.nodeName === "A" && node.getAttribute("data-note") === null && !/^(https?:|mailto:)/i.test(node.getAttribute("href") ?? ""),
    replacement: (content) => content,
  });
  service.addRule("underlineSpan", { filter: ["span", "section", "article"], replacement: (content) => content });
  return service;
}

/**
 * Sanitised HTML → Markdown. `notes` are footnotes found apart from the text (a Word
 * document's or an EPUB's); a reference to one becomes `[^label]` and its text a
 * definition at the end. References to notes that are missing are kept as their words.
 */
export function htmlToMarkdown(html: string, options: { noteRefs?: Map<string, string>; notes?: HtmlNote[] } = {}): string {
  const clean = sanitize(html);
  const known = new Set((options.notes ?? []).map((n) => n.label));
  const marked = markNoteReferences(clean, options.noteRefs ?? new Map(), known);
  const used = new Set<string>();
  let body = turndown().turndown(marked).replace(/\u0000FN([^\u0000]+)\u0000/g, (_m, label: string) => {
    used.add(label);
    return `[^${label}]`;
  });
  const definitions = (options.notes ?? [])
    .filter((n) => used.has(n.label))
    .map((n) => `[^${n.label}]: ${turndown().turndown(sanitize(n.html)).replace(/\n{2,}/g, "\n\n    ").trim()}`);
  if (definitions.length) body = `${body.trim()}\n\n${definitions.join("\n\n")}`;
  return tidy(body);
}

/**
 * A web page → Markdown of its text: the notes it links to become footnotes, and the
 * site around the text is left out (see pageText). For a page uploaded or pasted as
 * HTML; a book's chapters and a Word document's HTML are only text and go through
 * htmlToMarkdown directly.
 */
export function pageToMarkdown(html: string): string {
  const { html: withoutNotes, notes, refs } = extractLinkedNotes(html);
  return htmlToMarkdown(pageText(withoutNotes), { notes, noteRefs: refs });
}

// Landmarks and widgets that are the site's, not the text's.
const CHROME_ROLES = /^(?:navigation|banner|contentinfo|complementary|search|dialog|alertdialog)$/;
const CHROME_TAGS = new Set(["nav", "aside", "footer", "form", "dialog"]);
/**
 * Class names of advertisements, cookie banners, share buttons, comments and skip links.
 * Only classes: ids are often made from a heading's words ("socialism-and-war",
 * "related-questions") and would drop the text's own sections.
 */
const CHROME_CLASSES =
  /^(?:ads?|adv|advert|advertisement|adsbygoogle|ads?[-_].+|.+[-_]ads?|sponsor|sponsored|promo|(?:cookies?|consent|gdpr|newsletter|subscribe|share|social|related|comments?)(?:[-_].+)?|sharing|sharedaddy|respond|skip-link|screen-reader-text|sr-only|visually-hidden|breadcrumbs?|post-navigation|pagination)$/i;

/**
 * The text of a page without the site around it: menus, banners, sidebars, footers,
 * forms, advertisements, share buttons and comments are dropped, and when one <article>
 * (or else one <main>) holds most of what is left, only it is kept. A page without such
 * markup keeps all its text: dropping prose is worse than leaving a menu for the reviewer.
 */
export function pageText(html: string): string {
  const doc = parseDocument(html);
  const isChrome = (el: Element) => {
    if (CHROME_TAGS.has(el.name) || CHROME_ROLES.test(el.attribs.role ?? "")) return true;
    // A <header> is the site's banner unless it heads an article or a section, or holds the page's heading.
    if (el.name === "header" && !hasAncestor(el, ["article", "main", "section"]) && !DomUtils.getElementsByTagName("h1", el).length) return true;
    return (el.attribs.class ?? "").split(/\s+/).some((name) => name && CHROME_CLASSES.test(name));
  };
  for (const el of DomUtils.findAll(isChrome, doc.children)) if (!hasChromeAncestor(el, isChrome)) DomUtils.removeElement(el);
  const all = DomUtils.textContent(doc).replace(/\s+/g, "").length;
  const only = (elements: Element[]) => (elements.length === 1 ? elements[0] : undefined);
  const root =
    only(DomUtils.getElementsByTagName("article", doc) as Element[]) ?? only(DomUtils.findAll((el) => el.name === "main" || el.attribs.role === "main", doc.children));
  if (root && DomUtils.textContent(root).replace(/\s+/g, "").length >= all / 2) return DomUtils.getOuterHTML(root);
  return DomUtils.getOuterHTML(doc);
}

function hasAncestor(el: Element, names: string[]): boolean {
  for (let p = el.parent as Element | null; p && p.type === "tag"; p = p.parent as Element | null) if (names.includes(p.name)) return true;
  return false;
}

function hasChromeAncestor(el: Element, isChrome: (el: Element) => boolean): boolean {
  for (let p = el.parent as Element | null; p && p.type === "tag"; p = p.parent as Element | null) if (isChrome(p)) return true;
  return false;
}

/** Marks `<a href="#id">` links whose target is a known note with data-note, for the rule above. */
function markNoteReferences(html: string, noteRefs: Map<string, string>, known: Set<string>): string {
  if (!noteRefs.size) return html;
  const doc = parseDocument(html);
  for (const a of DomUtils.getElementsByTagName("a", doc) as Element[]) {
    const target = (a.attribs.href ?? "").replace(/^#/, "");
    const label = noteRefs.get(target);
    if (label && known.has(label)) a.attribs["data-note"] = label;
  }
  return DomUtils.getOuterHTML(doc);
}

function tidy(markdown: string): string {
  return `${markdown.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
