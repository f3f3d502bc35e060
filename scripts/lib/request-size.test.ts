import { describe, expect, it } from "vitest";
import { MAX_IMPORT_REQUEST_BYTES, MAX_REQUEST_BYTES, MAX_TEXT_REQUEST_BYTES, refuseBody } from "./request-size";

describe("request bodies refused at the door", () => {
  it("lets reads and ordinary writes through", () => {
    expect(refuseBody("GET", "/texts/x", {})).toBeNull();
    expect(refuseBody("POST", "/groups/abc", { "content-length": "2048" })).toBeNull();
    expect(refuseBody("POST", "/api/groups", { "content-length": String(MAX_REQUEST_BYTES) })).toBeNull();
    expect(refuseBody("POST", "/api/groups", { "transfer-encoding": "chunked" })).toBeNull();
    expect(refuseBody("POST", "/groups", {})).toBeNull();
  });

  it("refuses by the length the request states, to a page or to the API", () => {
    const big = { "content-length": String(25 * 1024 * 1024) };
    expect(refuseBody("POST", "/groups/abc", big)?.status).toBe(413);
    expect(refuseBody("POST", "/api/groups", { "content-length": String(500 * 1024 * 1024) })?.status).toBe(413);
    expect(refuseBody("PUT", "/", { "content-length": "nonsense" })?.status).toBe(413);
  });

  it("lets a group's texts take a file up to the upload limit, and no more", () => {
    const eightMb = { "content-length": String(8 * 1024 * 1024) };
    expect(refuseBody("POST", "/api/groups/g1/texts", eightMb)).toBeNull();
    expect(refuseBody("PUT", "/api/groups/g1/texts/some-text-a1b2c3", eightMb)).toBeNull();
    expect(refuseBody("POST", "/api/groups/g1/texts/preview", eightMb)).toBeNull();
    expect(refuseBody("POST", "/api/groups/g1/annotations", eightMb)?.status).toBe(413);
    expect(refuseBody("POST", "/groups/g1/texts/new", eightMb)?.status).toBe(413);
    const over = refuseBody("POST", "/api/groups/g1/texts", { "content-length": String(MAX_TEXT_REQUEST_BYTES + 1) });
    expect(over).toEqual({ status: 413, message: "That file is too large: the limit is 10 MB." });
  });

  it("lets an import of notes take a file up to its limit, and turns a 50 MB one away at the door", () => {
    expect(refuseBody("POST", "/api/groups/g1/import", { "content-length": String(8 * 1024 * 1024) })).toBeNull();
    expect(refuseBody("POST", "/api/groups/g1/import/extra", { "content-length": String(8 * 1024 * 1024) })?.status).toBe(413);
    expect(refuseBody("POST", "/api/groups/g1/import", { "content-length": String(MAX_IMPORT_REQUEST_BYTES + 1) })).toEqual({
      status: 413,
      message: "That file is too large: the limit for an import is 10 MB.",
    });
    expect(refuseBody("POST", "/api/groups/g1/import", { "content-length": String(50 * 1024 * 1024) })?.status).toBe(413);
  });

  it("asks a page's server action of unknown length to say its length", () => {
    expect(refuseBody("POST", "/groups/abc", { "transfer-encoding": "chunked" })?.status).toBe(411);
  });
});
