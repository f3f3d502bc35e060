import { describe, expect, it } from "vitest";
import { MAX_REQUEST_BYTES, refuseBody } from "./request-size";

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

  it("asks a page's server action of unknown length to say its length", () => {
    expect(refuseBody("POST", "/groups/abc", { "transfer-encoding": "chunked" })?.status).toBe(411);
  });
});
