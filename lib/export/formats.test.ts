import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv-parse";
import { csvField, formatWriter, type ExportMeta, type ExportRow } from "./formats";

const row = (extra: Partial<ExportRow> = {}): ExportRow => ({
  id: "11111111-1111-4111-8111-111111111111",
  parentId: null,
  threadId: "11111111-1111-4111-8111-111111111111",
  groupId: "g1",
  groupName: "Circle",
  textSlug: "a-text",
  textTitle: "A Text",
  kind: "comment",
  body: "Words.",
  visibility: "group",
  hidden: false,
  authorName: "Ana",
  createdAt: "2026-11-22T10:00:00.000Z",
  editedAt: null,
  startBlockId: "p-1",
  startOffset: 0,
  endBlockId: "p-1",
  endOffset: 5,
  exact: "Hello",
  prefix: "",
  suffix: " world",
  target: "passage",
  title: null,
  color: null,
  tags: [],
  threadQuote: "Hello",
  threadTarget: "passage",
  threadBlockId: "p-1",
  ...extra,
});
const meta = (format: ExportMeta["format"]): ExportMeta => ({ format, origin: "https://c.example", iri: "https://c.example/x", title: "Notes", groupName: "Circle", textTitle: "A Text", acrossGroups: false });
const write = (format: ExportMeta["format"], rows: ExportRow[]) => {
  const w = formatWriter(meta(format));
  return w.start() + rows.map((r) => w.item(r)).join("") + w.end();
};

describe("CSV", () => {
  it("quotes by RFC 4180 and defuses formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\r\ngo')).toBe('"say ""hi"", then\r\ngo"');
    for (const danger of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvField(danger).replace(/^"/, "")).toMatch(/^'/);
    expect(csvField("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
  });
  it("reads back as one row per note under the header", () => {
    const rows = parseCsv(write("csv", [row({ body: "a,\n\"b\"", tags: ["x", "y"] }), row({ id: "r", parentId: "p", kind: "reply", body: "=2" })]));
    expect(rows).toHaveLength(3);
    expect(rows[1]![7]).toBe('a,\n"b"');
    expect(rows[1]![8]).toBe("x y");
    expect(rows[2]![7]).toBe("'=2");
  });
});

describe("Markdown", () => {
  it("quotes each passage once and nests replies under what they answer", () => {
    const md = write("markdown", [
      row({ id: "n1", threadId: "n1" }),
      row({ id: "r1", parentId: "n1", threadId: "n1", kind: "reply", body: "First reply." }),
      row({ id: "r2", parentId: "r1", threadId: "n1", kind: "reply", body: "Reply to it.\nTwo lines." }),
      row({ id: "n2", threadId: "n2", kind: "question", body: "Same passage?", tags: ["why"] }),
    ]);
    expect(md.match(/^> Hello$/gm)).toHaveLength(1);
    expect(md).toContain("\n  - **Ana** · 2026-11-22 · reply\n\n    First reply.\n");
    expect(md).toContain("\n    - **Ana** · 2026-11-22 · reply\n\n      Reply to it.\n      Two lines.\n");
    expect(md).toContain("\n- **Ana** · 2026-11-22 · question · #why\n");
    expect(md).toMatch(/4 notes and replies\.\n$/);
  });
});

describe("JSON-LD", () => {
  it("streams one collection whose page holds every item, total last", () => {
    const doc = JSON.parse(write("jsonld", [row({ tags: ["t"] }), row({ id: "r1", parentId: "11111111-1111-4111-8111-111111111111", kind: "reply" })])) as {
      type: string;
      total: number;
      first: { type: string; items: { motivation: string; body: unknown; target: unknown }[] };
    };
    expect([doc.type, doc.first.type, doc.total]).toEqual(["AnnotationCollection", "AnnotationPage", 2]);
    expect(doc.first.items[0]!.body).toEqual([
      { type: "TextualBody", value: "Words.", format: "text/markdown", purpose: "commenting" },
      { type: "TextualBody", purpose: "tagging", value: "t" },
    ]);
    expect(doc.first.items[1]!.target).toBe("https://c.example/api/groups/g1/annotations/11111111-1111-4111-8111-111111111111");
  });
});

describe("what an export may ask", () => {
  it("a format, a text, mine, and pages for JSON-LD only; nothing else", async () => {
    const { groupExportSchema, myExportSchema } = await import("./schemas");
    expect(groupExportSchema.parse({ format: "csv", text: "a-text", mine: "1" })).toEqual({ format: "csv", text: "a-text", mine: true });
    expect(groupExportSchema.parse({ format: "jsonld", page: "3" })).toEqual({ format: "jsonld", page: 3 });
    for (const bad of [{}, { format: "pdf" }, { format: "csv", page: "2" }, { format: "jsonld", page: "0" }, { format: "csv", text: "../x" }, { format: "csv", extra: "1" }])
      expect(groupExportSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(myExportSchema.safeParse({ format: "csv" }).success).toBe(false);
    expect(myExportSchema.parse({ format: "markdown" })).toEqual({ format: "markdown" });
  });
});
