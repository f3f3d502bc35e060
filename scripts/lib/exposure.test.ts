import { describe, expect, it } from "vitest";
import { exposure, isLoopback } from "./exposure";

describe("what npm start opens, and to whom", () => {
  it("listens on this machine only unless HOST says otherwise", () => {
    expect(exposure({}, true)).toEqual({ host: "127.0.0.1", exposed: false, seedDemo: true, outbox: true });
    expect(exposure({ HOST: "" }, true).host).toBe("127.0.0.1");
  });

  it("tells loopback addresses from the rest", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopback(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "example.org", "128.0.0.1"]) expect(isLoopback(host), host).toBe(false);
  });

  it("once reachable from elsewhere, keeps demo accounts and the open outbox off", () => {
    expect(exposure({ HOST: "0.0.0.0" }, true)).toEqual({ host: "0.0.0.0", exposed: true, seedDemo: false, outbox: false });
    expect(exposure({ HOST: "::" }, true).seedDemo).toBe(false);
  });

  it("turns them on when asked for by name", () => {
    expect(exposure({ HOST: "0.0.0.0", SEED_DEMO: "1", MAIL_OUTBOX: "1" }, true)).toMatchObject({ seedDemo: true, outbox: true });
    expect(exposure({ SEED_DEMO: "1" }, false)).toMatchObject({ seedDemo: true, outbox: false });
  });

  it("an external database gets neither by default, and 0 turns them off locally too", () => {
    expect(exposure({}, false)).toMatchObject({ seedDemo: false, outbox: false });
    expect(exposure({ SEED_DEMO: "0", MAIL_OUTBOX: "0" }, true)).toMatchObject({ seedDemo: false, outbox: false });
  });
});
