// What changed in a text, against a real Postgres: a member of the group sees each edit
// paragraph by paragraph; nobody else learns that the text, or its history, exists.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { parseText } from "@/lib/content/blocks";
import { publishVersion } from "@/lib/content/publish";
import { outcome, refused, scenario, type Scenario } from "@/lib/groups/test-fixtures";
import { addGroupText, retireGroupText, saveGroupText } from "./group-texts";
import { getReadingText } from "./queries";
import { getTextChanges, versionPairSchema } from "./text-changes";

const P1 = "The first paragraph says that a study group reads slowly and together, week by week, and writes in the margins.";
const P2 = "The second paragraph argues that a note belongs to its passage, wherever the passage goes when the text is edited.";
const P3 = "The third paragraph closes the chapter with a short remark about meetings.";
const NEW = "A new paragraph, added in the second version, about who brings the tea.";
const SOURCE = { title: "On Reading Together", author: "A. Member", markdown: `# Chapter One\n\n${P1}\n\n${P2}\n\n# Chapter Two\n\n${P3}\n` };
const EDITED = `# Chapter One\n\n${P1}\n\n${P2.replace("wherever", "whichever way")}\n\n${NEW}\n\n# Chapter Two\n`;

async function editedText(s: Scenario) {
  const { slug } = await addGroupText(s.facilitator.id, s.group.id, SOURCE, { draft: false });
  await saveGroupText(s.facilitator.id, s.group.id, slug, { ...SOURCE, markdown: EDITED }, { publish: true });
  return slug;
}

/** A text of the shared library (no group), as the loader publishes it from content/texts/. */
async function sharedText(...bodies: string[]) {
  const slug = `shared-${Math.random().toString(36).slice(2, 10)}`;
  const text = await db.text.create({ data: { slug }, select: { id: true } });
  for (const body of bodies) {
    const parsed = parseText(`---\ntitle: A Shared Text\noriginal: ${slug}.txt\n---\n\n${body}\n`, `${slug}.md`);
    await db.$transaction((tx) => publishVersion(tx, text.id, parsed, { carryNotes: true }));
  }
  return slug;
}

describe("what changed in a group's text", () => {
  it("a member sees the latest edit against the version before, paragraph by paragraph, linked to the reader's blocks", async () => {
    const s = await scenario();
    const slug = await editedText(s);
    const before = Date.now();
    const changes = await getTextChanges(s.member.id, s.group.id, slug);

    expect(changes).toMatchObject({ slug, own: true, retired: false, current: { number: 2, title: SOURCE.title }, from: { number: 1 }, to: { number: 2 } });
    expect(changes.versions.map((v) => v.number)).toEqual([2, 1]);
    expect(changes.to.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(changes.to.createdAt.getTime() - before)).toBeLessThan(60_000);
    expect(changes.changes.map((c) => c.type)).toEqual(["unchanged", "unchanged", "changed", "added", "unchanged", "removed"]);
    expect(changes.counts).toEqual({ unchanged: 3, changed: 1, added: 1, removed: 1, moved: 0 });

    // Every block shown (but the removed one) is a block of the current version, where the reader links to.
    const reading = await getReadingText(slug, s.group.id, s.member.id);
    // The reader knows when its version was published (for saying the text was edited lately).
    expect(reading?.versionCreatedAt).toEqual(changes.current.createdAt);
    const ids = new Set(reading!.blocks.map((b) => b.id));
    for (const change of changes.changes) {
      if (change.type === "removed") expect(ids.has(change.near!)).toBe(true);
      else expect(ids.has(change.block.id)).toBe(true);
    }
    const changed = changes.changes[2]!;
    expect(changed.type === "changed" && changed.words.filter((w) => w.change !== "same")).toEqual([
      { text: "wherever", change: "removed" },
      { text: "whichever way", change: "added" },
    ]);
  });

  it("a first version has nothing to compare with", async () => {
    const s = await scenario();
    const { slug } = await addGroupText(s.facilitator.id, s.group.id, SOURCE, { draft: false });
    const changes = await getTextChanges(s.member.id, s.group.id, slug);
    expect(changes).toMatchObject({ from: null, to: { number: 1 }, changes: [], versions: [{ number: 1 }] });
  });

  it("compares any two versions, older to newer whichever way they are asked for", async () => {
    const s = await scenario();
    const slug = await editedText(s);
    await saveGroupText(s.facilitator.id, s.group.id, slug, { ...SOURCE, title: "Reading Together", markdown: `${EDITED}\n${P3}\n` }, { publish: true });

    const latest = await getTextChanges(s.member.id, s.group.id, slug);
    expect(latest).toMatchObject({ from: { number: 2 }, to: { number: 3, title: "Reading Together" }, current: { number: 3 } });
    expect(latest.changes.filter((c) => c.type !== "unchanged").map((c) => `${c.type}: ${c.block.plainText}`)).toEqual([`added: ${P3}`]);

    const whole = await getTextChanges(s.member.id, s.group.id, slug, 1, 3);
    expect(whole).toMatchObject({ from: { number: 1, title: SOURCE.title }, to: { number: 3 } });
    expect(whole.counts).toMatchObject({ changed: 1, added: 1, removed: 0 });
    expect((await getTextChanges(s.member.id, s.group.id, slug, 3, 1)).changes).toEqual(whole.changes);
    // Only `to`: that version against the one before it; only `from`: that version against the current.
    expect(await getTextChanges(s.member.id, s.group.id, slug, undefined, 2)).toMatchObject({ from: { number: 1 }, to: { number: 2 } });
    expect(await getTextChanges(s.member.id, s.group.id, slug, 1)).toMatchObject({ from: { number: 1 }, to: { number: 3 } });

    for (const [from, to] of [
      [4, undefined],
      [undefined, 4],
      [1, 99],
    ] as const)
      await refused(getTextChanges(s.member.id, s.group.id, slug, from, to), "NOT_FOUND");
  });

  it("nobody but the group's members finds the text or its history: not outsiders, removed members, nor another group's", async () => {
    const s = await scenario();
    const slug = await editedText(s);
    const b = await scenario("Other circle");
    for (const [who, group] of [
      [s.outsider, s.group],
      [s.removed, s.group],
      [b.member, s.group],
      [b.facilitator, s.group],
      [b.member, b.group],
      [b.facilitator, b.group],
    ] as const) {
      expect(await outcome(() => getTextChanges(who.id, group.id, slug))).toBe("NOT_FOUND");
      expect(await outcome(() => getTextChanges(who.id, group.id, slug, 1, 2))).toBe("NOT_FOUND");
    }
    // The same answer as for a text that does not exist, or a group id that is not one.
    await refused(getTextChanges(s.member.id, s.group.id, "no-such-text"), "NOT_FOUND");
    await refused(getTextChanges(s.member.id, "not a group id", slug), "NOT_FOUND");
    // Its facilitator, like any member, reads it.
    expect(await outcome(() => getTextChanges(s.facilitator.id, s.group.id, slug))).toBe("ok");
  });

  it("a retired text's changes stay readable to its members, like its notes; a draft never published has none", async () => {
    const s = await scenario();
    const slug = await editedText(s);
    await retireGroupText(s.facilitator.id, s.group.id, slug, true);
    expect(await getTextChanges(s.member.id, s.group.id, slug)).toMatchObject({ retired: true, to: { number: 2 } });
    expect(await outcome(() => getTextChanges(s.outsider.id, s.group.id, slug))).toBe("NOT_FOUND");

    const draft = await addGroupText(s.facilitator.id, s.group.id, SOURCE, { draft: true });
    await refused(getTextChanges(s.facilitator.id, s.group.id, draft.slug), "NOT_FOUND");
  });
});

describe("what changed in a shared library text", () => {
  it("any group's members see it through their own group, and nobody through a group they are not in", async () => {
    const s = await scenario();
    const b = await scenario("Other circle");
    const slug = await sharedText(`${P1}\n\n${P2}`, `${P2}\n\n${P1}`);

    expect((await getTextChanges(s.member.id, s.group.id, slug)).counts).toMatchObject({ moved: 1, removed: 0, added: 0 });
    expect(await getTextChanges(b.member.id, b.group.id, slug)).toMatchObject({ own: false, to: { number: 2 } });
    for (const [who, group] of [
      [s.outsider, s.group],
      [s.removed, s.group],
      [b.member, s.group],
    ] as const)
      await refused(getTextChanges(who.id, group.id, slug), "NOT_FOUND");
  });
});

describe("the versions asked for in the page's address", () => {
  it("are whole positive numbers, within reason; either may be left out", () => {
    expect(versionPairSchema.parse({ from: "2", to: "3" })).toEqual({ from: 2, to: 3 });
    expect(versionPairSchema.parse({})).toEqual({});
    for (const bad of [{ from: "0" }, { to: "-1" }, { to: "1.5" }, { from: "two" }, { to: "" }, { to: ["1", "2"] }, { from: "1e9" }])
      expect(versionPairSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
