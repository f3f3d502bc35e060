// Bytes of a text file → a string, saying how it was read.
//
// Files arrive as UTF-8 (with or without a byte-order mark), as UTF-16 from Windows
// tools (with a mark, and sometimes without), or as Latin-1/Windows-1252 from old
// archives. Valid UTF-8 is taken as UTF-8; a mark decides; UTF-16 without a mark is
// recognised by its zero bytes; anything else that reads as Windows-1252 prose is read
// so, with a note for the reviewer; the rest (binary files) is refused.
import { UploadError } from "./limits";

export type Decoded = { text: string; encoding: "utf-8" | "utf-16le" | "utf-16be" | "windows-1252"; note?: string };

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: strict("utf-16le", bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: strict("utf-16be", bytes.subarray(2)), encoding: "utf-16be" };

  const utf16 = unmarkedUtf16(bytes);
  if (utf16) return { text: strict(utf16, bytes), encoding: utf16, note: `Read as ${utf16.toUpperCase()} (the file has no byte-order mark).` };

  try {
    return utf8(bytes);
  } catch {
    const text = windows1252(bytes);
    if (looksLikeBinary(text)) throw unreadable();
    return { text, encoding: "windows-1252", note: "The file is not UTF-8; it was read as Windows-1252 (Latin-1). Check accented letters in the preview." };
  }
}

// Bytes 0x80–0x9F: curly quotes, dashes, the ellipsis and a few letters (the WHATWG
// table; the five bytes Windows leaves unassigned keep their own code). Node before 22
// reads the "windows-1252" label as ISO-8859-1 and turns these into invisible control
// characters, so the table is here rather than left to TextDecoder.
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function windows1252(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    text += String.fromCharCode(...chunk).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
  return text;
}

function utf8(bytes: Uint8Array): Decoded {
  const text = strict("utf-8", bytes);
  if (looksLikeBinary(text)) throw unreadable();
  return { text, encoding: "utf-8" };
}

function strict(encoding: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw unreadable();
  }
}

/** UTF-16 text without a mark: most characters of prose are ASCII, so every other byte is zero. */
function unmarkedUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const sample = bytes.subarray(0, 4096 - (Math.min(bytes.length, 4096) % 2));
  if (sample.length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = sample.length / 2;
  if (oddZeros / pairs > 0.6 && evenZeros / pairs < 0.1) return "utf-16le";
  if (evenZeros / pairs > 0.6 && oddZeros / pairs < 0.1) return "utf-16be";
  return null;
}

/** Control characters other than tab, line breaks and form feed do not occur in prose. */
function looksLikeBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) controls++;
  }
  return controls > Math.max(2, sample.length / 1000);
}

function unreadable() {
  return new UploadError("unreadable", "This file's text could not be read: save it as UTF-8 text (or upload the original document) and try again.");
}
