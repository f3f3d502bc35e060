// Search at scale: a group with five long texts of its own (30,000 words each, made of the
// shared library's paragraphs) and 100,000 notes and replies on them (bodies are runs of
// the texts' own words, so word frequencies are real; a tenth private, some hidden, a
// tenth with #tags). A member searches over HTTP with the queries people type — a common
// word, a middling one, a rare one, two words, a quoted phrase, an exclusion, a tag, a
// kind, one text, their own notes — and the row is the p95 of the request time over all
// of them (the server's whole answer on loopback, session check included).
import { randomUUID } from "node:crypto";
import { parseText } from "@/lib/content/blocks";
import { publishVersion } from "@/lib/content/publish";
import { makeBook } from "./long-book";
import { summarise, timeSequentialGets } from "./http";
import { seedBench, seedGroup, signIn } from "./session";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumExecutable } from "../lib/chromium";
import type { BenchContext, Measurement, Row } from "./types";

const NOTES = 100_000;
const TEXTS = 5;
const WORDS_PER_TEXT = 30_000;
const MEMBERS = 20;
const GOAL_MS = 50;
const REPEAT = 15;
const TAGS = ["strike", "party", "memory", "dual-power", "discipline", "programme", "masses", "week-1", "week-2", "question-for-meeting"];
const STOP = new Set(
  "the of and to a in that is it as be by for this with not are on which was or its their an from they but at have all has he his we our them will been were one can who more there would so than only these what if into those may when must no such other also any has had them its".split(" "),
);

type Seeded = { groupId: string; email: string; myId: string; slugs: string[]; words: { common: string; middling: string; rare: string; phrase: string; pair: string } };

async function seed(db: Parameters<Parameters<typeof seedBench>[0]>[0], librarySlug: string): Promise<Seeded> {
  const { users, group, stamp } = await seedGroup(db, librarySlug, { email: "search", group: "Searching circle" }, MEMBERS);
  const book = makeBook(WORDS_PER_TEXT * TEXTS);
  // Without the book's headings and footnotes (a part would refer to notes it does not hold).
  const paragraphs = book.markdown
    .split("\n\n")
    .filter((p) => !p.startsWith("#") && !p.startsWith("[^"))
    .map((p) => p.replace(/\[\^n\d+\]/g, ""));
  // Five texts of the group's own, each a fifth of the book's paragraphs.
  const texts: { id: string; versionId: string; blocks: { id: string; plainText: string }[] }[] = [];
  const slugs: string[] = [];
  for (let k = 0; k < TEXTS; k++) {
    const slug = `search-text-${stamp}-${k}`;
    const part = paragraphs.filter((_, i) => i % TEXTS === k).join("\n\n");
    const parsed = parseText(`---\ntitle: A long text to search, part ${k + 1} (${stamp})\noriginal: search.txt\n---\n\n${part}\n`, `${slug}.md`);
    const text = await db.$transaction(async (tx) => {
      const created = await tx.text.create({ data: { slug, groupId: group.id }, select: { id: true } });
      await publishVersion(tx, created.id, parsed, { carryNotes: false });
      return tx.text.findUniqueOrThrow({ where: { id: created.id }, select: { id: true, currentVersionId: true } });
    });
    const blocks = await db.block.findMany({ where: { versionId: text.currentVersionId!, kind: "paragraph" }, select: { id: true, plainText: true } });
    texts.push({ id: text.id, versionId: text.currentVersionId!, blocks });
    slugs.push(slug);
  }

  // The texts' words, in order: a note's body is a run of them, so frequencies are the texts'.
  const words = paragraphs.join(" ").split(/\s+/).filter(Boolean);
  let seedValue = 11;
  const random = () => ((seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const at = (i: number) => new Date(Date.now() - (NOTES - i) * 150_000);

  const roots: { id: string; groupId: string; textId: string; authorId: string }[] = [];
  const BATCH = 2_000;
  for (let from = 0; from < NOTES; from += BATCH) {
    const rows = [];
    for (let i = from; i < Math.min(NOTES, from + BATCH); i++) {
      const text = texts[i % TEXTS]!;
      const author = users[Math.floor(random() * MEMBERS)]!;
      const start = Math.floor(random() * (words.length - 50));
      const body = words.slice(start, start + 8 + Math.floor(random() * 35)).join(" ") + (i % 10 === 0 ? ` #${pick(TAGS)}` : "");
      // A tenth are replies to an earlier note of the same text.
      const parent = i % 10 === 5 && roots.length > 100 ? roots[roots.length - 1 - Math.floor(random() * 100)]! : null;
      if (parent && parent.textId === text.id) {
        rows.push({ id: randomUUID(), groupId: group.id, textId: text.id, versionId: text.versionId, authorId: author.id, kind: "reply" as const, body, parentId: parent.id, threadId: parent.id, exact: "", createdAt: at(i) });
        continue;
      }
      const block = pick(text.blocks);
      const kind = i % 3 === 0 ? ("highlight" as const) : i % 3 === 1 ? ("comment" as const) : ("question" as const);
      const id = randomUUID();
      rows.push({
        id,
        groupId: group.id,
        textId: text.id,
        versionId: text.versionId,
        authorId: author.id,
        kind,
        color: kind === "highlight" ? "yellow" : null,
        body: kind === "highlight" && i % 2 === 0 ? "" : body,
        visibility: i % 10 === 3 ? ("private" as const) : ("group" as const),
        hiddenAt: i % 100 === 7 ? new Date() : null,
        fieldTags: i % 20 === 1 ? [pick(TAGS)] : [],
        startBlockId: block.id,
        startOffset: 0,
        endBlockId: block.id,
        endOffset: Math.min(40, block.plainText.length),
        exact: block.plainText.slice(0, 40),
        createdAt: at(i),
      });
      roots.push({ id, groupId: group.id, textId: text.id, authorId: author.id });
    }
    await db.annotation.createMany({ data: rows });
  }
  await db.$executeRawUnsafe(`ANALYZE "Annotation"`);
  await db.$executeRawUnsafe(`ANALYZE "Block"`);

  // Query words by how often they occur: a common one, a middling one, a rare one.
  const counts = new Map<string, number>();
  for (const w of words) {
    const word = w.toLowerCase().replace(/[^a-z]/g, "");
    if (word.length > 3 && !STOP.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const clean = words.map((w) => w.toLowerCase().replace(/[^a-z]/g, ""));
  const phraseAt = clean.findIndex((w, i) => w === ranked[3] && clean[i + 1] && clean[i + 1]!.length > 3 && !STOP.has(clean[i + 1]!));
  return {
    groupId: group.id,
    email: users[1]!.email,
    myId: users[1]!.id,
    slugs,
    words: {
      common: ranked[0]!,
      middling: ranked[300]!,
      rare: ranked[Math.min(ranked.length - 1, 5_000)]!,
      phrase: phraseAt >= 0 ? `"${clean[phraseAt]} ${clean[phraseAt + 1]}"` : `"${ranked[1]} ${ranked[2]}"`,
      pair: `${ranked[10]} ${ranked[40]}`,
    },
  };
}

async function run(ctx: BenchContext): Promise<Row[]> {
  const t0 = performance.now();
  const seeded = await seedBench((db) => seed(db, ctx.text.slug));
  const seedSeconds = (performance.now() - t0) / 1000;
  const { words } = seeded;
  const queries: Record<string, string>[] = [
    { q: words.common },
    { q: words.middling },
    { q: words.rare },
    { q: words.pair },
    { q: words.phrase },
    { q: `${words.common} -${words.middling}` },
    { q: `#strike ${words.middling}` },
    { tag: "memory" },
    { q: words.common, kind: "question" },
    { q: words.middling, text: seeded.slugs[2]! },
    { q: words.common, mine: "1" },
    { q: words.common, state: "open" },
  ];

  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  ctx.onCleanup(() => browser.close());
  const context = await browser.newContext({ baseURL: ctx.app.origin });
  await signIn(context, seeded.email);
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const options = { warmup: 2, count: REPEAT, budgetMs: 60_000, headers: { cookie, accept: "application/json", "accept-encoding": "gzip" }, signal: ctx.signal };

  const samples: number[] = [];
  const perQuery: string[] = [];
  for (const query of queries) {
    const url = new URL(`/api/groups/${seeded.groupId}/search?${new URLSearchParams(query)}`, ctx.app.origin);
    const timed = await timeSequentialGets(url, options);
    samples.push(...timed.samples);
    const stats = summarise(timed.samples);
    perQuery.push(`${new URLSearchParams(query).toString()} p50 ${stats.p50.toFixed(1)} / p95 ${stats.p95.toFixed(1)} ms`);
  }
  const tagsUrl = new URL(`/api/groups/${seeded.groupId}/tags`, ctx.app.origin);
  const tags = summarise((await timeSequentialGets(tagsUrl, options)).samples);
  const all = summarise(samples);
  ctx.note(
    `search: ${NOTES.toLocaleString("en")} notes and replies (a tenth private, 1% hidden, a tenth with #tags) on ${TEXTS} group texts of ${WORDS_PER_TEXT.toLocaleString("en")} words, ` +
      `${MEMBERS} members, searched as a member over HTTP: ${queries.length} queries × ${REPEAT} after 2 warm-ups (seeded in ${seedSeconds.toFixed(0)} s). ` +
      `Words by frequency in the texts: common “${words.common}”, middling “${words.middling}”, rare “${words.rare}”.`,
  );
  ctx.detail(`search per query: ${perQuery.join("; ")}; tag list p50 ${tags.p50.toFixed(1)} ms`);
  return [
    { metric: "search p95 (100,000 notes, 5 texts)", value: all.p95, unit: "ms", goal: { kind: "max", max: GOAL_MS } },
    { metric: "search p50 (100,000 notes, 5 texts)", value: all.p50, unit: "ms" },
    { metric: "tag list with counts p50 (100,000 notes)", value: tags.p50, unit: "ms" },
  ];
}

export const searchAtScale: Measurement = {
  name: "search over 100,000 notes",
  rows: () => [
    { metric: "search p95 (100,000 notes, 5 texts)", unit: "ms", goal: { kind: "max", max: GOAL_MS } },
    { metric: "search p50 (100,000 notes, 5 texts)", unit: "ms" },
    { metric: "tag list with counts p50 (100,000 notes)", unit: "ms" },
  ],
  run,
};
