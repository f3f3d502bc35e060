// Markdown (with front matter) → the blocks a reader sees and annotates.
// Parsing is remark's (mdast, GitHub-flavoured: footnotes, strikethrough); this file
// only decides how the tree becomes a flat list of paragraph-sized blocks.
import { createHash } from "node:crypto";
import matter from "gray-matter";
import GithubSlugger from "github-slugger";
import type { Definition, Nodes, PhrasingContent, Root, RootContent } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { frontMatterSchema, type FrontMatter } from "./front-matter";
import { footnoteSlug } from "./ids";

export type Inline =
  | { type: "text"; value: string }
  | { type: "emphasis" | "strong" | "delete"; children: Inline[] }
  | { type: "code"; value: string }
  | { type: "link"; url: string; children: Inline[] }
  | { type: "break" }
  // The footnote's label is shown but is not part of the block's text (see plainText).
  | { type: "footnoteRef"; label: string; refId: string };

export type BlockKind = "heading" | "paragraph" | "quote" | "listItem" | "footnote" | "rule";

export type BlockAttrs = {
  /** Consecutive quote or list blocks with the same group render in one container. */
  group?: number;
  ordered?: boolean;
  /** The number an ordered list shows for this item. */
  number?: number;
  /** A second or later paragraph of one list item or footnote. */
  continuation?: boolean;
  /** A footnote's label and the ids of the references that point at it. */
  label?: string;
  backrefs?: string[];
};

export type ParsedBlock = {
  id: string;
  kind: BlockKind;
  /** Heading depth (2–6), or list nesting (0 = top level). */
  level: number;
  content: Inline[];
  /** What a reader sees, minus footnote labels: anchors count character offsets in it. */
  plainText: string;
  attrs: BlockAttrs;
};

export type ParsedText = {
  slug: string;
  frontMatter: FrontMatter;
  blocks: ParsedBlock[];
  wordCount: number;
  contentHash: string;
};

/** A content file that cannot be loaded, with the file and the problem named. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "ContentError";
  }
}

const SAFE_URL = /^(https?:|mailto:|#)/i;

export function plainTextOf(inlines: Inline[]): string {
  let text = "";
  for (const inline of inlines) {
    if (inline.type === "text" || inline.type === "code") text += inline.value;
    else if ("children" in inline) text += plainTextOf(inline.children);
  }
  return text;
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

export function slugFromFileName(fileName: string): string {
  return fileName.replace(/^.*\//, "").replace(/\.md$/, "");
}

type Context = {
  file: string;
  definitions: Map<string, Definition>;
  footnoteRefs: Map<string, string[]>;
};

function toInlines(nodes: PhrasingContent[], ctx: Context): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case "text": {
        // GFM leaves a reference to a missing note as literal text.
        const dangling = /\[\^([^\]\s]+)\]/.exec(node.value);
        if (dangling) throw new ContentError(ctx.file, `footnote reference [^${dangling[1]}] has no note`);
        out.push({ type: "text", value: node.value.replace(/\s*\n\s*/g, " ") });
        break;
      }
      case "emphasis":
      case "strong":
      case "delete":
        out.push({ type: node.type, children: toInlines(node.children, ctx) });
        break;
      case "inlineCode":
        out.push({ type: "code", value: node.value });
        break;
      case "break":
        out.push({ type: "break" });
        break;
      case "link":
      case "linkReference": {
        const url = node.type === "link" ? node.url : ctx.definitions.get(node.identifier)?.url;
        const children = toInlines(node.children, ctx);
        // A link we would not follow is kept as its words.
        if (url && SAFE_URL.test(url)) out.push({ type: "link", url, children });
        else out.push(...children);
        break;
      }
      case "footnoteReference": {
        const refs = ctx.footnoteRefs.get(node.identifier) ?? [];
        const label = node.label ?? node.identifier;
        const refId = `fnref-${footnoteSlug(label)}${refs.length ? `-${refs.length + 1}` : ""}`;
        refs.push(refId);
        ctx.footnoteRefs.set(node.identifier, refs);
        out.push({ type: "footnoteRef", label, refId });
        break;
      }
      case "html":
        // Raw HTML is shown as the characters it is, never interpreted.
        out.push({ type: "text", value: node.value });
        break;
      case "image":
      case "imageReference":
        // Images are not part of the library; their credits live in front matter.
        break;
      default:
        throw new ContentError(ctx.file, `unsupported inline Markdown: ${(node as { type: string }).type}`);
    }
  }
  return mergeText(out);
}

function mergeText(inlines: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const inline of inlines) {
    const last = merged.at(-1);
    if (inline.type === "text" && last?.type === "text") last.value += inline.value;
    else merged.push(inline);
  }
  return merged;
}

type Draft = Omit<ParsedBlock, "id"> & { footnoteId?: string };

function collectBlocks(root: Root, ctx: Context): Draft[] {
  const drafts: Draft[] = [];
  let groups = 0;

  const push = (kind: BlockKind, level: number, content: Inline[], attrs: BlockAttrs = {}) => {
    drafts.push({ kind, level, content, plainText: plainTextOf(content), attrs });
  };

  const walk = (node: RootContent, where: { kind: BlockKind; level: number; attrs: BlockAttrs }) => {
    switch (node.type) {
      case "heading":
        if (where.kind === "paragraph") push("heading", Math.max(2, node.depth), toInlines(node.children, ctx));
        else push(where.kind, where.level, toInlines(node.children, ctx), { ...where.attrs });
        return;
      case "paragraph":
        push(where.kind, where.level, toInlines(node.children, ctx), { ...where.attrs });
        // Later paragraphs of the same list item or footnote continue it: no second number or bullet.
        if (where.kind === "listItem" || where.kind === "footnote") {
          delete where.attrs.number;
          where.attrs.continuation = true;
        }
        return;
      case "blockquote": {
        const inner = { kind: "quote" as const, level: where.level, attrs: { ...where.attrs, group: ++groups } };
        for (const child of node.children) walk(child, inner);
        return;
      }
      case "list": {
        const group = ++groups;
        const level = where.kind === "listItem" ? where.level + 1 : 0;
        node.children.forEach((item, index) => {
          const attrs: BlockAttrs = { group, ordered: Boolean(node.ordered) };
          if (node.ordered) attrs.number = (node.start ?? 1) + index;
          const inner = { kind: "listItem" as const, level, attrs };
          for (const child of item.children) walk(child, inner);
        });
        return;
      }
      case "footnoteDefinition": {
        const label = node.label ?? node.identifier;
        const inner = { kind: "footnote" as const, level: 0, attrs: { label } };
        const start = drafts.length;
        for (const child of node.children) walk(child, inner);
        const first = drafts[start];
        if (first) first.footnoteId = node.identifier;
        return;
      }
      case "thematicBreak":
        push("rule", 0, []);
        return;
      case "code":
        push(where.kind, where.level, [{ type: "code", value: node.value }], { ...where.attrs });
        return;
      case "html":
        push(where.kind, where.level, [{ type: "text", value: node.value }], { ...where.attrs });
        return;
      case "definition":
        return; // used by linkReference above
      default:
        throw new ContentError(ctx.file, `unsupported Markdown block: ${node.type}`);
    }
  };

  for (const node of root.children) walk(node, { kind: "paragraph", level: 0, attrs: {} });
  return drafts;
}

/**
 * Ids come from a block's own content (a heading's words, a footnote's label, a hash
 * of a paragraph's text), not its position: an unchanged file gets the same ids, and
 * so do unchanged paragraphs when others around them are edited. Repeats get -2, -3.
 */
function assignIds(drafts: Draft[]): ParsedBlock[] {
  const slugger = new GithubSlugger();
  const seen = new Map<string, number>();
  const unique = (base: string) => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  };
  return drafts.map(({ footnoteId, ...block }) => {
    let id: string;
    // Long headings are cut before the slugger, which then keeps the cut ids unique.
    if (block.kind === "heading") id = `h-${slugger.slug(block.plainText.slice(0, 60).trim()) || "section"}`;
    else if (block.kind === "footnote" && footnoteId !== undefined) id = unique(`fn-${footnoteSlug(block.attrs.label ?? footnoteId)}`);
    else if (block.kind === "rule") id = unique("hr");
    else {
      const hash = createHash("sha256").update(block.plainText.replace(/\s+/g, " ").trim()).digest("hex");
      id = unique(`p-${hash.slice(0, 10)}`);
    }
    return { id, ...block };
  });
}

export function parseText(source: string, file: string): ParsedText {
  const normalised = source.replace(/\r\n?/g, "\n");
  let parsed: matter.GrayMatterFile<string>;
  try {
    // gray-matter caches by content; a fresh options object keeps errors reproducible.
    parsed = matter(normalised, {});
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ContentError(file, `front matter is not valid YAML (${reason})`);
  }
  if (!normalised.startsWith("---")) throw new ContentError(file, "has no front matter (it must start with ---)");
  const front = frontMatterSchema.safeParse(parsed.data);
  if (!front.success) {
    const problems = front.error.issues.map((i) => `${i.path.join(".") || "front matter"}: ${i.message}`);
    throw new ContentError(file, `front matter: ${problems.join("; ")}`);
  }

  const root = unified().use(remarkParse).use(remarkGfm).parse(parsed.content) as Root;
  const definitions = new Map<string, Definition>();
  const visit = (node: Nodes) => {
    if (node.type === "definition") definitions.set(node.identifier, node);
    if ("children" in node) for (const child of node.children) visit(child);
  };
  visit(root);

  const ctx: Context = { file, definitions, footnoteRefs: new Map() };
  const blocks = assignIds(collectBlocks(root, ctx));
  if (!blocks.some((b) => b.kind !== "rule" && b.plainText.trim()))
    throw new ContentError(file, "has no text after its front matter");

  // Footnotes must pair up: a marker with no note, or a note nobody points at, is a mistake.
  const defined = new Set<string>();
  for (const block of blocks) {
    if (block.kind !== "footnote" || !block.id.startsWith("fn-") || block.attrs.label === undefined) continue;
    const key = block.attrs.label.toLowerCase();
    if (defined.has(key)) continue;
    defined.add(key);
    const refs = ctx.footnoteRefs.get(key);
    if (!refs) throw new ContentError(file, `footnote [^${block.attrs.label}] is never referred to`);
    block.attrs.backrefs = refs;
  }
  for (const identifier of ctx.footnoteRefs.keys())
    if (!defined.has(identifier)) throw new ContentError(file, `footnote reference [^${identifier}] has no note`);

  const slug = slugFromFileName(file);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug))
    throw new ContentError(file, "file name must be a kebab-case slug such as the-workers-opposition.md");

  return {
    slug,
    frontMatter: front.data,
    blocks,
    wordCount: blocks.filter((b) => b.kind !== "footnote").reduce((n, b) => n + countWords(b.plainText), 0),
    contentHash: createHash("sha256").update(normalised).digest("hex"),
  };
}
