// Reading a .docx or .epub (both are zip files) without trusting what it says of itself.
//
// A small zip can inflate to gigabytes. Entries are counted, their declared sizes are
// added up before anything is inflated, and yauzl checks while inflating that no entry
// yields more than it declared: a file that lies is refused part-way, having cost at
// most the limit.
import yauzl from "yauzl";
import { UPLOAD_LIMITS, UploadError, megabytes } from "./limits";

export type ZipEntries = Map<string, Buffer>;

export async function readZip(bytes: Uint8Array, limits = UPLOAD_LIMITS): Promise<ZipEntries> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, file) =>
      error || !file ? reject(damaged()) : resolve(file),
    ),
  );
  if (zip.entryCount > limits.zipEntries) {
    zip.close();
    throw new UploadError("too-large", `This file holds ${zip.entryCount.toLocaleString("en")} parts; the limit is ${limits.zipEntries.toLocaleString("en")}.`);
  }
  const entries: ZipEntries = new Map();
  let declared = 0;
  return new Promise<ZipEntries>((resolve, reject) => {
    const fail = (error: unknown) => {
      zip.close();
      reject(error instanceof UploadError ? error : damaged());
    };
    zip.on("error", fail);
    zip.on("end", () => resolve(entries));
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith("/")) return zip.readEntry();
      declared += entry.uncompressedSize;
      if (declared > limits.inflatedBytes) return fail(inflatesTooFar(limits.inflatedBytes));
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return fail(error);
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("error", fail);
        stream.on("end", () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}

function inflatesTooFar(limit: number) {
  return new UploadError("too-large", `This file unpacks to more than ${megabytes(limit)}; the limit for one text is ${megabytes(limit)}.`);
}

function damaged() {
  return new UploadError("unreadable", "This file is damaged or not a complete document; save it again and retry.");
}
