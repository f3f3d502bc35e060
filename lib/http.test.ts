import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readBodyText, readJson, readJsonObject } from "./http";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/x", { method: "POST", headers, body, duplex: "half" } as RequestInit);

/** A body that would go on for ever, counting what was read of it. */
function endlessBody(chunkBytes = 16 * 1024) {
  const seen = { bytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.bytes += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

const statusOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 200;
  } catch (error) {
    return error instanceof AppError ? error.status : 500;
  }
};

describe("reading a request's body", () => {
  it("reads and validates a JSON object", async () => {
    await expect(readJson(post('{"name":"Tuesday"}'), z.object({ name: z.string() }))).resolves.toEqual({ name: "Tuesday" });
    await expect(readJsonObject(post(""))).resolves.toEqual({});
    expect(await statusOf(readJsonObject(post("[1]")))).toBe(400);
    expect(await statusOf(readJsonObject(post("{nope")))).toBe(400);
  });

  it("refuses a body that says it is too large without reading any of it", async () => {
    const { stream, seen } = endlessBody();
    expect(await statusOf(readJsonObject(post(stream, { "content-length": String(500 * 1024 * 1024) })))).toBe(413);
    expect(seen.bytes).toBeLessThanOrEqual(16 * 1024); // at most what the stream buffered up front
  });

  it("stops reading a body with no length once it passes the limit", async () => {
    const { stream, seen } = endlessBody();
    expect(await statusOf(readJsonObject(post(stream)))).toBe(413);
    expect(seen.bytes).toBeLessThan(256 * 1024);
    expect(seen.cancelled).toBe(true);
  });

  it("counts bytes, not characters", async () => {
    expect(await readBodyText(post("é".repeat(5)), 10)).toBe("ééééé");
    expect(await statusOf(readBodyText(post("é".repeat(6)), 10))).toBe(413);
  });
});
