import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { codingFor, compress, encodedResponse } from "./compress";

const request = (acceptEncoding?: string) => new Request("http://localhost/api", { headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } });

describe("compressing a large body in the app", () => {
  const saved = process.env.STUDY_CIRCLE_BODY_ENCODING_HEADER;
  afterEach(() => {
    process.env.STUDY_CIRCLE_BODY_ENCODING_HEADER = saved;
  });

  it("chooses brotli, else gzip, as the request accepts them, and nothing without the server in front", () => {
    process.env.STUDY_CIRCLE_BODY_ENCODING_HEADER = "x-body-encoding";
    expect(codingFor(request("gzip, deflate, br"))).toBe("br");
    expect(codingFor(request("gzip"))).toBe("gzip");
    expect(codingFor(request("br;q=0, gzip;q=0.5"))).toBe("gzip");
    expect(codingFor(request("br;q=0.0, gzip;q=0"))).toBeNull();
    expect(codingFor(request("identity"))).toBeNull();
    expect(codingFor(request())).toBeNull();
    delete process.env.STUDY_CIRCLE_BODY_ENCODING_HEADER;
    expect(codingFor(request("br, gzip"))).toBeNull();
  });

  it("compresses to what the browser decodes, and names the coding in the server's header", async () => {
    process.env.STUDY_CIRCLE_BODY_ENCODING_HEADER = "x-body-encoding";
    const body = Buffer.from(JSON.stringify({ annotations: Array.from({ length: 200 }, (_, i) => ({ id: i, body: "Said in the meeting." })) }));
    expect(brotliDecompressSync(await compress(body, "br")).equals(body)).toBe(true);
    expect(gunzipSync(await compress(body, "gzip")).equals(body)).toBe(true);
    const response = encodedResponse(await compress(body, "br"), "br", { "Content-Type": "application/json", Vary: "Accept" });
    expect(response.headers.get("x-body-encoding")).toBe("br");
    expect(response.headers.get("vary")).toBe("Accept, Accept-Encoding");
    expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).equals(body)).toBe(true);
    const plain = encodedResponse(body, null, {});
    expect(plain.headers.get("x-body-encoding")).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(body)).toBe(true);
  });
});
