// Mail without an SMTP server goes to the outbox table; templates escape what people typed.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { listOutbox, sendMail } from "./index";
import { confirmationMail, invitationMail, signUpAttemptMail } from "./templates";

const invitation = (overrides: Partial<Parameters<typeof invitationMail>[0]> = {}) =>
  invitationMail({
    to: "guest@example.org",
    inviter: "Ana López",
    group: "Capital, vol. 1",
    url: "https://circle.example/invite/abc",
    expiresAt: new Date("2031-03-04T12:34:56Z"),
    ...overrides,
  });

describe("sendMail without SMTP_URL", () => {
  it("runs without SMTP in tests (precondition)", () => {
    expect(env.SMTP_URL).toBeUndefined();
  });

  it("keeps the message in the outbox, exactly as given", async () => {
    const mail = { to: "reader@example.org", subject: "Hello", text: "Plain words", html: "<p>Plain words</p>" };
    const before = await db.outboxMessage.count();
    await sendMail(mail);
    expect(await db.outboxMessage.count()).toBe(before + 1);
    const [stored] = await db.outboxMessage.findMany({ where: { to: "reader@example.org" } });
    expect(stored).toMatchObject(mail);
    expect(stored!.createdAt).toBeInstanceOf(Date);
  });

  it("listOutbox shows the newest first, up to the limit", async () => {
    for (const n of [1, 2, 3]) {
      await sendMail({ to: `n${n}@example.org`, subject: `#${n}`, text: "", html: "" });
      // Timestamps a second apart, so the order does not depend on the clock's resolution.
      await db.outboxMessage.updateMany({ where: { subject: `#${n}` }, data: { createdAt: new Date(Date.now() + n * 1000) } });
    }
    const latest = await listOutbox(2);
    expect(latest.map((m) => m.subject)).toEqual(["#3", "#2"]);
  });
});

describe("invitationMail", () => {
  it("names the inviter, the group, the link and the date", () => {
    const mail = invitation();
    expect(mail.to).toBe("guest@example.org");
    expect(mail.subject).toBe("Ana López invited you to “Capital, vol. 1”");
    expect(mail.text).toContain("Ana López invited you to read with “Capital, vol. 1” on Study Circle.");
    expect(mail.text).toContain("Join the group: https://circle.example/invite/abc");
    expect(mail.text).toContain("Tue, 04 Mar 2031");
    expect(mail.html).toContain('href="https://circle.example/invite/abc"');
    expect(mail.html).toContain("Tue, 04 Mar 2031");
  });

  it("escapes HTML in the inviter's name", () => {
    const mail = invitation({ inviter: "<script>alert(1)</script>" });
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.html).not.toMatch(/<script/i);
    // The plain-text part is not HTML: it keeps the name as typed.
    expect(mail.text).toContain("<script>alert(1)</script> invited you");
  });

  it("escapes HTML in the group's name, attributes and ampersands included", () => {
    const mail = invitation({ group: `"><img src=x onerror=alert(1)> & 'friends'` });
    expect(mail.html).not.toMatch(/<img/i);
    expect(mail.html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;friends&#39;");
  });

  it("escapes the link inside the href attribute", () => {
    const mail = invitation({ url: `https://circle.example/invite/abc"onmouseover="alert(1)` });
    expect(mail.html).not.toContain(`"onmouseover="`);
    expect(mail.html).toContain("abc&quot;onmouseover=&quot;alert(1)");
  });

  it("a mail sent through sendMail is stored escaped", async () => {
    await sendMail(invitation({ to: "escaped@example.org", inviter: "<b>Bold</b>" }));
    const stored = await db.outboxMessage.findFirstOrThrow({ where: { to: "escaped@example.org" } });
    expect(stored.html).toContain("&lt;b&gt;Bold&lt;/b&gt;");
    expect(stored.html).not.toContain("<b>");
  });
});

describe("account mail", () => {
  it("the confirmation carries its link in both bodies and escapes the name in HTML", () => {
    const mail = confirmationMail({ to: "new@example.org", name: "Ana <b>López</b>", url: "https://circle.example/confirm/tok" });
    expect(mail.subject).toBe("Confirm your address for Study Circle");
    expect(mail.text).toContain("Confirm your address: https://circle.example/confirm/tok\n");
    expect(mail.text).toContain("the link works once, for 24 hours");
    expect(mail.html).toContain('href="https://circle.example/confirm/tok"');
    expect(mail.html).toContain("Ana &lt;b&gt;López&lt;/b&gt;");
    expect(mail.html).not.toContain("<b>López");
  });

  it("the note to an address's owner carries no confirmation link", () => {
    const mail = signUpAttemptMail({ to: "owner@example.org", name: "Owner", signInUrl: "https://circle.example/sign-in" });
    expect(mail.subject).toBe("Someone tried to sign up with your address");
    expect(mail.text).toContain("Sign in: https://circle.example/sign-in\n");
    expect(`${mail.text}${mail.html}`).not.toContain("/confirm/");
  });
});
