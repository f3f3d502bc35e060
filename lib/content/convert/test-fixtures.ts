// Real documents made in code for the converters' tests: a Word file, an EPUB and PDFs,
// built the way their writers lay them out (the parts a reader needs, nothing faked).
import { strToU8, zipSync, type Zippable } from "fflate";
import { PDFDocument, StandardFonts } from "pdf-lib";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export type DocxParagraph = { style?: string; text: string; footnote?: string };

export function makeDocx(paragraphs: DocxParagraph[], core: { title?: string; creator?: string } = {}, extra: Zippable = {}): Uint8Array {
  let footnoteId = 0;
  const footnotes: string[] = [];
  const body = paragraphs
    .map((p) => {
      const style = p.style ? `<w:pPr><w:pStyle w:val="${p.style}"/></w:pPr>` : "";
      let note = "";
      if (p.footnote) {
        footnoteId++;
        footnotes.push(`<w:footnote w:id="${footnoteId}"><w:p><w:r><w:t xml:space="preserve">${esc(p.footnote)}</w:t></w:r></w:p></w:footnote>`);
        note = `<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="${footnoteId}"/></w:r>`;
      }
      return `<w:p>${style}<w:r><w:t xml:space="preserve">${esc(p.text)}</w:t></w:r>${note}</w:p>`;
    })
    .join("");
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const styles = ["Heading1:heading 1", "Heading2:heading 2", "Quote:Quote", "Title:Title"]
    .map((s) => {
      const [id, name] = s.split(":");
      return `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`;
    })
    .join("");
  return zipSync({
    "[Content_Types].xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ),
    "word/_rels/document.xml.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>`,
    ),
    "word/document.xml": strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
    "word/styles.xml": strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:styles ${W}>${styles}</w:styles>`),
    "word/footnotes.xml": strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:footnotes ${W}>${footnotes.join("")}</w:footnotes>`),
    "docProps/core.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">${core.title ? `<dc:title>${esc(core.title)}</dc:title>` : ""}${core.creator ? `<dc:creator>${esc(core.creator)}</dc:creator>` : ""}</cp:coreProperties>`,
    ),
    ...extra,
  });
}

export function makeEpub(chapters: { file: string; html: string; linear?: boolean }[], meta: { title: string; creator?: string; date?: string }): Uint8Array {
  const manifest = chapters.map((c, i) => `<item id="c${i}" href="${c.file}" media-type="application/xhtml+xml"/>`).join("");
  const spine = chapters.map((c, i) => `<itemref idref="c${i}"${c.linear === false ? ' linear="no"' : ""}/>`).join("");
  const files: Zippable = {
    mimetype: [strToU8("application/epub+zip"), { level: 0 }],
    "META-INF/container.xml": strToU8(
      `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
    ),
    "OEBPS/content.opf": strToU8(
      `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${esc(meta.title)}</dc:title>${meta.creator ? `<dc:creator>${esc(meta.creator)}</dc:creator>` : ""}${meta.date ? `<dc:date>${meta.date}</dc:date>` : ""}</metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>${manifest}</manifest><spine><itemref idref="nav"/>${spine}</spine></package>`,
    ),
    "OEBPS/nav.xhtml": strToU8(`<html><body><nav><ol><li><a href="c1.xhtml">Contents entry</a></li></ol></nav></body></html>`),
  };
  for (const c of chapters) files[`OEBPS/${c.file}`] = strToU8(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>${c.html}</body></html>`);
  return zipSync(files);
}

/** A PDF with a text layer: each page a list of paragraphs, set as wrapped lines. */
export async function makePdf(
  pages: string[][],
  info: { title?: string; author?: string } = {},
  furniture: { head?: (page: number) => string; foot?: (page: number, count: number) => string } = {},
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (info.title) pdf.setTitle(info.title);
  if (info.author) pdf.setAuthor(info.author);
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  pages.forEach((paragraphs, index) => {
    const page = pdf.addPage([595, 842]);
    let y = 780;
    for (const paragraph of paragraphs) {
      for (const line of wrap(paragraph, 80)) {
        page.drawText(line, { x: 60, y, size: 11, font });
        y -= 14;
      }
      y -= 14; // a blank line's worth between paragraphs
    }
    if (furniture.head) page.drawText(furniture.head(index + 1), { x: 60, y: 810, size: 9, font });
    page.drawText(furniture.foot ? furniture.foot(index + 1, pages.length) : String(index + 1), { x: 290, y: 40, size: 10, font });
  });
  return pdf.save();
}

/** A PDF whose pages are pictures only, as a scanner makes them. */
export async function makeScannedPdf(pageCount: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pageCount; i++) {
    const page = pdf.addPage([595, 842]);
    page.drawRectangle({ x: 50, y: 50, width: 495, height: 742, borderWidth: 1 });
  }
  return pdf.save();
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
