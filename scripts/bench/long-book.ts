// A 150,000-word book: how long a facilitator waits between uploading it and reading
// it in the group, and how a chapter page serves against the reading page's floor (the
// same bytes from a plain Node server). The book is made of the shared library's own
// paragraphs, in 25 chapters with footnotes, so its prose is real and it needs no download.
import { randomUUID } from "node:crypto";
import { readTexts } from "@/lib/content/load";
import { parseText } from "@/lib/content/blocks";
import { publishVersion } from "@/lib/content/publish";
import { hashPassword } from "@/lib/auth/password";
import { assertLoopback, summarise, timeSequentialGets } from "./http";
import { signInOverHttp } from "./mixed-load";
import { ACCEPT_ENCODING, startFloor } from "./page-time";
import { PASSWORD, seedBench } from "./session";
import type { BenchContext, Measurement, Row } from "./types";

const WORDS = 150_000;
const CHAPTERS = 25;
const IMPORTS = 3;
const IMPORT_GOAL_MS = 5_000;
const RATIO_GOAL = 3;
const CHAPTER = 12;

/** The book as Markdown: CHAPTERS chapters of the library's paragraphs, a footnote every 25th paragraph. */
export function makeBook(words = WORDS): { markdown: string; words: number } {
  const paragraphs = readTexts()
    .flatMap((t) => t.blocks.filter((b) => b.kind === "paragraph" && b.plainText.split(/\s+/).length >= 25).map((b) => b.plainText))
    .filter((p) => !/[[\]*_`<>#]/.test(p));
  if (paragraphs.length === 0) throw new Error("content/texts/ has no paragraphs to make a book of");
  const perChapter = Math.ceil(words / CHAPTERS);
  const out: string[] = [];
  const notes: string[] = [];
  let total = 0;
  let i = 0;
  for (let c = 1; c <= CHAPTERS; c++) {
    out.push(`## Chapter ${c}`);
    let inChapter = 0;
    while (inChapter < perChapter) {
      const paragraph = paragraphs[i % paragraphs.length]!;
      const count = paragraph.split(/\s+/).length;
      i++;
      if (i % 25 === 0) {
        notes.push(`[^n${i}]: A note on paragraph ${i}, as an editor would add.`);
        out.push(`${paragraph}[^n${i}]`);
      } else out.push(paragraph);
      inChapter += count;
    }
    total += inChapter;
  }
  return { markdown: [...out, ...notes].join("\n\n") + "\n", words: total };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function run(ctx: BenchContext): Promise<Row[]> {
  const origin = ctx.app.origin;
  assertLoopback(new URL(origin));
  const book = makeBook();
  const stamp = randomUUID().slice(0, 8);
  const email = `long-book-${stamp}@example.org`;
  const { groupId, sharedSlug } = await seedBench(async (db) => {
    const user = await db.user.create({ data: { email, name: "Book facilitator", passwordHash: await hashPassword(PASSWORD) }, select: { id: true } });
    const group = await db.group.create({ data: { name: `Long book ${stamp}` }, select: { id: true } });
    await db.membership.create({ data: { groupId: group.id, userId: user.id, role: "facilitator" } });
    // The same book in the shared library too, for its cached chapter pages.
    const slug = `long-book-${stamp}`;
    const parsed = parseText(`---\ntitle: A long book (${stamp})\noriginal: long-book.txt\n---\n\n${book.markdown}`, `${slug}.md`);
    await db.$transaction(async (tx) => {
      const text = await tx.text.create({ data: { slug }, select: { id: true } });
      await publishVersion(tx, text.id, parsed, { carryNotes: false });
    });
    return { groupId: group.id, sharedSlug: slug };
  });
  const cookie = await signInOverHttp(origin, email);

  // Upload → published, as the Add a text form sends it (multipart, a .md file).
  const imports: number[] = [];
  let slug = "";
  for (let k = 0; k < IMPORTS; k++) {
    const form = new FormData();
    form.set("file", new Blob([book.markdown], { type: "text/markdown" }), `long-book-${k}.md`);
    form.set("title", `A long book, copy ${k + 1}`);
    const t0 = performance.now();
    const reply = await fetch(new URL(`/api/groups/${groupId}/texts`, origin), { method: "POST", headers: { cookie, origin }, body: form, signal: ctx.signal });
    const body = (await reply.json()) as { slug?: string; blocks?: unknown[]; error?: string };
    imports.push(performance.now() - t0);
    if (reply.status !== 201 || !body.slug) throw new Error(`the upload answered ${reply.status}: ${body.error ?? "no slug"}`);
    slug = body.slug;
  }
  const bytes = Buffer.byteLength(book.markdown);
  ctx.note(
    `long book: ${book.words.toLocaleString("en")} words (${(bytes / 1e6).toFixed(2)} MB of Markdown, ${CHAPTERS} chapters, a footnote every 25th paragraph), ` +
      `uploaded ${IMPORTS}× as a .md file to POST /api/groups/:id/texts, time until its 201 (each: ${imports.map((ms) => `${Math.round(ms)} ms`).join(", ")}).`,
  );

  // The shared copy's chapter page, cached like the reading page, against the same floor.
  const options = { warmup: 20, count: 200, budgetMs: 60_000, headers: { "accept-encoding": ACCEPT_ENCODING, accept: "text/html" }, signal: ctx.signal };
  const pageUrl = new URL(`/texts/${sharedSlug}/chapters/${CHAPTER}`, origin);
  const page = await timeSequentialGets(pageUrl, options);
  if (page.last.status !== 200) throw new Error(`${pageUrl.pathname} answered ${page.last.status}`);
  const encoding = page.last.headers["content-encoding"];
  const floorServer = await startFloor(page.last.body, { "content-type": "text/html; charset=utf-8", ...(encoding ? { "content-encoding": String(encoding) } : {}) }, ctx);
  let floor;
  try {
    floor = summarise((await timeSequentialGets(new URL(pageUrl.pathname, floorServer.origin), options)).samples);
  } finally {
    await floorServer.stop();
  }
  const stats = summarise(page.samples);

  // The group's copy in its reader: rendered per request for the member (no cache).
  const readerUrl = new URL(`/groups/${groupId}/texts/${slug}?chapter=${CHAPTER}`, origin);
  const reader = await timeSequentialGets(readerUrl, { ...options, warmup: 5, count: 50, headers: { ...options.headers, cookie } });
  if (reader.last.status !== 200) throw new Error(`the group reader's chapter page answered ${reader.last.status}`);
  const readerStats = summarise(reader.samples);
  ctx.note(
    `chapter page: /texts/<book>/chapters/${CHAPTER} (shared library copy, cached) ${page.samples.length} sequential GETs, Accept-Encoding: ${ACCEPT_ENCODING}; ` +
      `group reader /groups/:id/texts/<book>?chapter=${CHAPTER} ${reader.samples.length} GETs as a signed-in member (rendered per request, no floor).`,
  );

  return [
    { metric: "150k-word book: upload → published (median)", value: median(imports), unit: "ms", goal: { kind: "max", max: IMPORT_GOAL_MS } },
    { metric: "chapter page p50 (150k-word book)", value: stats.p50, floor: floor.p50, unit: "ms", goal: { kind: "ratio", max: RATIO_GOAL } },
    { metric: "chapter page p95", value: stats.p95, floor: floor.p95, unit: "ms", goal: { kind: "ratio", max: RATIO_GOAL } },
    { metric: "chapter page HTML (as sent)", value: page.last.body.length / 1000, unit: "kB" },
    { metric: "group reader chapter page p50", value: readerStats.p50, unit: "ms" },
    { metric: "group reader chapter page p95", value: readerStats.p95, unit: "ms" },
  ];
}

export const longBook: Measurement = {
  name: "long book",
  rows: () => [
    { metric: "150k-word book: upload → published (median)", unit: "ms", goal: { kind: "max", max: IMPORT_GOAL_MS } },
    { metric: "chapter page p50 (150k-word book)", unit: "ms", goal: { kind: "ratio", max: RATIO_GOAL } },
    { metric: "chapter page p95", unit: "ms", goal: { kind: "ratio", max: RATIO_GOAL } },
    { metric: "chapter page HTML (as sent)", unit: "kB" },
    { metric: "group reader chapter page p50", unit: "ms" },
    { metric: "group reader chapter page p95", unit: "ms" },
  ],
  run,
};
