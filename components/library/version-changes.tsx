import { buttonClass } from "@/components/forms/button-class";
import type { ChangeCounts, ShownChange, VersionBlock, WordChange } from "@/lib/library/changes";
import { versionDay } from "./format";

// What changed between two versions of a text, as a member reads it: each changed
// paragraph with its words marked (added on a green wash and underlined, removed on a red
// one and struck through), the unchanged ones around it for context, long unchanged
// stretches folded to a count. Server-rendered: no script needed to read it.

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** "2 paragraphs changed, 1 added and 1 removed; 40 unchanged." */
export function changeSummary(counts: ChangeCounts): string {
  const kinds = (["changed", "added", "removed", "moved"] as const).filter((kind) => counts[kind] > 0);
  if (kinds.length === 0) return "No paragraph changed.";
  const parts = kinds.map((kind, i) => `${i === 0 ? plural(counts[kind], "paragraph") : counts[kind].toLocaleString("en")} ${kind}`);
  const listed = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `${listed}${counts.unchanged ? `; ${counts.unchanged.toLocaleString("en")} unchanged` : ""}.`;
}

export type VersionOption = { number: number; createdAt: Date };

/** Two versions to compare, by number (a plain GET form: it works before any script loads). */
export function VersionPicker({ versions, from, to, current, timeZone }: { versions: VersionOption[]; from: number; to: number; current: number; timeZone: string }) {
  const select = "mt-1.5 block w-full rounded-md border border-rule bg-raised px-2 py-2 text-sm text-ink focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30";
  const options = versions.map((v) => (
    <option key={v.number} value={v.number}>
      Version {v.number} · {versionDay(v.createdAt, timeZone)}
      {v.number === current ? " (current)" : ""}
    </option>
  ));
  return (
    <form method="get" aria-label="Versions to compare" className="mt-6 flex max-w-3xl flex-wrap items-end gap-3 rounded-lg border border-rule bg-raised/60 px-4 py-3">
      <div className="min-w-[12rem] flex-1">
        <label htmlFor="compare-from" className="block text-sm font-medium text-ink">
          Earlier version
        </label>
        <select id="compare-from" name="from" defaultValue={String(from)} className={select}>
          {options}
        </select>
      </div>
      <div className="min-w-[12rem] flex-1">
        <label htmlFor="compare-to" className="block text-sm font-medium text-ink">
          Later version
        </label>
        <select id="compare-to" name="to" defaultValue={String(to)} className={select}>
          {options}
        </select>
      </div>
      <button type="submit" className={buttonClass("secondary")}>
        Compare
      </button>
    </form>
  );
}

/**
 * The changes in reading order. `linkTo` makes each changed paragraph a link to its place in
 * the reader (given only when the later version is the one the reader shows): a plain link,
 * a full page load, so the reader opens at the paragraph and marks it (:target).
 */
export function ChangeList({ shown, linkTo }: { shown: ShownChange[]; linkTo: ((blockId: string) => string) | null }) {
  return (
    <ol className="mt-8 max-w-[68ch] space-y-4" aria-label="Paragraphs, in the order of the later version">
      {shown.map((change, i) => (
        <ChangeItem key={`${change.type}-${"block" in change ? change.block.id : change.firstId}-${i}`} change={change} linkTo={linkTo} />
      ))}
    </ol>
  );
}

function ChangeItem({ change, linkTo }: { change: ShownChange; linkTo: ((blockId: string) => string) | null }) {
  if (change.type === "unchanged-run") {
    const label = `${plural(change.count, "paragraph")} unchanged`;
    return (
      <li className="flex items-center gap-3 py-1 text-sm text-muted" data-change="unchanged-run">
        <span aria-hidden="true" className="h-px flex-1 bg-rule" />
        {linkTo ? (
          <a href={linkTo(change.firstId)} className="text-muted hover:text-accent">
            {label}
          </a>
        ) : (
          <span>{label}</span>
        )}
        <span aria-hidden="true" className="h-px flex-1 bg-rule" />
      </li>
    );
  }
  if (change.type === "unchanged") {
    return (
      <li className="px-4 font-serif text-[1.02rem] leading-relaxed text-muted" data-change="unchanged">
        <span className="line-clamp-2">
          <BlockText block={change.block}>{change.block.plainText}</BlockText>
        </span>
      </li>
    );
  }

  let label: string;
  let tone: string;
  let body: React.ReactNode;
  let place: { id: string; text: string } | null = null;
  switch (change.type) {
    case "changed": {
      label = "Changed";
      tone = "bg-accent-soft text-ink";
      const restyled = change.before.kind !== change.block.kind || change.before.level !== change.block.level;
      body = (
        <>
          {restyled && <span className="mb-1 block font-sans text-xs text-muted">Now {kindName(change.block)}, before {kindName(change.before)}.</span>}
          <BlockText block={change.block}>
            <Words words={change.words} />
          </BlockText>
        </>
      );
      place = { id: change.block.id, text: "Read it in the text" };
      break;
    }
    case "added":
      label = "Added";
      tone = "bg-added text-ink";
      body = (
        <BlockText block={change.block}>
          <Ins>{change.block.plainText}</Ins>
        </BlockText>
      );
      place = { id: change.block.id, text: "Read it in the text" };
      break;
    case "removed":
      label = "Removed";
      tone = "bg-removed text-ink";
      body = (
        <BlockText block={change.block}>
          <Del>{change.block.plainText}</Del>
        </BlockText>
      );
      place = change.near ? { id: change.near, text: "See where it was" } : null;
      break;
    case "moved":
      label = change.sameSection ? "Moved within this section" : change.fromSection ? `Moved here from “${change.fromSection}”` : "Moved here from the beginning";
      tone = "bg-accent-soft text-ink";
      body = <BlockText block={change.block}>{change.block.plainText}</BlockText>;
      place = { id: change.block.id, text: "Read it in the text" };
      break;
  }

  return (
    <li className="rounded-lg border border-rule bg-raised px-4 py-3 shadow-sm" data-change={change.type}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 font-sans text-xs">
        <span className={`rounded px-1.5 py-0.5 font-semibold uppercase tracking-[0.08em] ${tone}`}>{label}</span>
        {place && linkTo && (
          <a href={linkTo(place.id)} className="font-medium">
            {place.text}
          </a>
        )}
      </div>
      <div className="font-serif text-[1.06rem] leading-[1.65] text-ink">{body}</div>
    </li>
  );
}

/** The block's text set as its kind reads: a heading bold, a quote indented, a note small. */
function BlockText({ block, children }: { block: VersionBlock; children: React.ReactNode }) {
  switch (block.kind) {
    case "heading":
      return <span className="block font-semibold">{children}</span>;
    case "quote":
      return <span className="block border-l-2 border-rule pl-3 italic">{children}</span>;
    case "footnote":
      return (
        <span className="block text-[0.92em] text-ink-soft">
          <span className="font-sans text-xs font-semibold uppercase tracking-[0.08em] text-muted">Note · </span>
          {children}
        </span>
      );
    case "listItem":
      return (
        <span className="block" style={{ paddingInlineStart: `${1 + block.level}em` }}>
          <span aria-hidden="true" className="-ml-[1em] inline-block w-[1em] text-muted">
            •
          </span>
          {children}
        </span>
      );
    case "rule":
      return <span className="block text-center text-muted">⁂ (a break between sections)</span>;
    default:
      return <span className="block">{children}</span>;
  }
}

function kindName(block: VersionBlock): string {
  switch (block.kind) {
    case "heading":
      return `a level ${block.level} heading`;
    case "quote":
      return "a quotation";
    case "footnote":
      return "a note";
    case "listItem":
      return block.level ? "a list item, indented" : "a list item";
    case "rule":
      return "a section break";
    default:
      return "a paragraph";
  }
}

function Words({ words }: { words: WordChange[] }) {
  return words.map((w, i) =>
    w.change === "added" ? <Ins key={i}>{w.text}</Ins> : w.change === "removed" ? <Del key={i}>{w.text}</Del> : <span key={i}>{w.text}</span>,
  );
}

// Screen readers mostly do not announce <ins> and <del>: the words say it too.
function Ins({ children }: { children: React.ReactNode }) {
  return (
    <ins className="rounded-sm bg-added px-0.5 text-ink underline decoration-1 underline-offset-[0.2em] [box-decoration-break:clone]">
      <span className="sr-only">[added: </span>
      {children}
      <span className="sr-only">]</span>
    </ins>
  );
}

function Del({ children }: { children: React.ReactNode }) {
  return (
    <del className="rounded-sm bg-removed px-0.5 text-ink-soft line-through decoration-1 [box-decoration-break:clone]">
      <span className="sr-only">[removed: </span>
      {children}
      <span className="sr-only">]</span>
    </del>
  );
}
