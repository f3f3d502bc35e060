import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

/** Where a browser on this site would actually go if sent to the value. */
const landsOn = (value: string) => new URL(value, "http://localhost:3000").origin;

describe("where a person goes after signing in", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeCallbackUrl("/groups/abc")).toBe("/groups/abc");
    expect(safeCallbackUrl("/groups/abc/texts/x?note=1#p-3")).toBe("/groups/abc/texts/x?note=1#p-3");
    expect(safeCallbackUrl(["/inbox", "/groups"])).toBe("/inbox");
  });

  it("falls back when there is nothing usable", () => {
    expect(safeCallbackUrl(undefined)).toBe("/groups");
    expect(safeCallbackUrl("")).toBe("/groups");
    expect(safeCallbackUrl("groups")).toBe("/groups");
    expect(safeCallbackUrl("https://evil.example/")).toBe("/groups");
    expect(safeCallbackUrl("javascript:alert(1)")).toBe("/groups");
  });

  it("never leads to another site, however the address is spelled", () => {
    const tricks = [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "\\/evil.example",
      "/.//evil.example",
      "/%0A/evil.example",
      "/\\\\evil.example",
      "/ /evil.example",
    ];
    for (const trick of tricks) {
      const safe = safeCallbackUrl(trick);
      expect(safe.startsWith("/"), trick).toBe(true);
      expect(landsOn(safe), trick).toBe("http://localhost:3000");
    }
  });

  it("gives back a value that can go in a Location header as it is", () => {
    for (const value of ["/%0A/x", "/\n/x", "/groups\r\nSet-Cookie: a=b", "/é"]) {
      expect(safeCallbackUrl(value)).toMatch(/^\/[\x21-\x7e]*$/);
    }
  });
});
