// What the sign-in form may show for next-auth's `error`, a value anyone can put in a link.
import { describe, expect, it } from "vitest";
import { FALLBACK_MESSAGE, signInMessage, waitCode } from "./sign-in-messages";

describe("signInMessage", () => {
  it("nothing for no error", () => {
    expect(signInMessage(undefined)).toBeUndefined();
    expect(signInMessage(null)).toBeUndefined();
    expect(signInMessage("")).toBeUndefined();
  });

  it("a wrong password, and only that, reads as a wrong password", () => {
    expect(signInMessage("CredentialsSignin")).toBe("That email and password don’t match an account.");
    expect(signInMessage("Unavailable")).toBe("Signing in isn’t possible right now. Please try again shortly.");
  });

  it.each([
    "PrismaClientKnownRequestError: The table `public.User` does not exist in the current database.",
    "connect ECONNREFUSED 127.0.0.1:5432",
    "We can’t reach the library right now.",
    "<script>alert(1)</script>",
    "toString",
    "__proto__",
    "Wait:abc",
    "Wait:1234567",
  ])("never shows the text it was given (%j)", (error) => {
    expect(signInMessage(error)).toBe(FALLBACK_MESSAGE);
  });

  it("a wait in seconds or minutes, in words", () => {
    expect(signInMessage(waitCode(1))).toBe("Too many sign-in attempts. Try again in 1 second.");
    expect(signInMessage(waitCode(29.2))).toBe("Too many sign-in attempts. Try again in 30 seconds.");
    expect(signInMessage(waitCode(60))).toBe("Too many sign-in attempts. Try again in 1 minute.");
    expect(signInMessage(waitCode(61))).toBe("Too many sign-in attempts. Try again in 2 minutes.");
    expect(signInMessage(waitCode(900))).toBe("Too many sign-in attempts. Try again in 15 minutes.");
    expect(signInMessage(waitCode(0))).toBe("Too many sign-in attempts. Try again in 1 second.");
  });
});
