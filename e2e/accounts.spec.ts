// Accounts: a password sign-up makes nothing usable until the address is confirmed by
// the mailed link, which works once; the sign-up form answers the same for any address.
import { expectNoAxeViolations, waitForHydration } from "./helpers";
import {
  confirmationLink,
  expect,
  expectCheckYourMail,
  fillSignUp,
  newPerson,
  sessionUser,
  signInHere,
  test,
  trySignIn,
  withDatabase,
} from "./fixtures";

test.describe("signing up", () => {
  test("the account exists only once the mailed link is confirmed, and the link works once", async ({ newActor }) => {
    const person = newPerson("confirm", "Cora Confirm");
    const me = await newActor();
    await me.page.goto("/sign-up?callbackUrl=%2Faccount");
    await fillSignUp(me.page, person);
    await expectCheckYourMail(me.page, person.email);
    await expectNoAxeViolations(me.page, "sign-up: check your mail");

    // Not yet an account: the password signs no one in, and nothing is stored but the request.
    expect(await trySignIn(me.context, person.email, person.password)).toEqual({ ok: false, error: "CredentialsSignin" });
    expect(await sessionUser(me.context)).toBeNull();
    const rows = await withDatabase(async (db) => ({
      users: (await db.query(`SELECT 1 FROM "User" WHERE email = $1`, [person.email])).rowCount,
      requests: (await db.query(`SELECT "tokenHash" FROM "SignUpRequest" WHERE email = $1`, [person.email])).rows as { tokenHash: string }[],
    }));
    expect(rows.users).toBe(0);
    expect(rows.requests).toHaveLength(1);

    // The mailed link; only its hash is stored.
    const link = await confirmationLink(me.context, person.email);
    const token = link.split("/").at(-1)!;
    expect(rows.requests[0]!.tokenHash).not.toContain(token);

    // Opening the link changes nothing by itself; its button makes the account.
    await me.page.goto(link);
    await waitForHydration(me.page);
    await expect(me.page.getByRole("heading", { level: 1 })).toHaveText("Confirm your address");
    await expect(me.page.getByRole("main")).toContainText(person.email);
    await expectNoAxeViolations(me.page, "confirm your address");
    expect(await trySignIn(me.context, person.email, person.password)).toEqual({ ok: false, error: "CredentialsSignin" });
    await me.page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(me.page).toHaveURL(/\/sign-in\?confirmed=1/, { timeout: 20_000 });
    await expect(me.page.getByRole("main").getByRole("status").first()).toHaveText(
      "Your address is confirmed and your account is ready. Sign in to continue.",
    );
    await expectNoAxeViolations(me.page, "sign-in after confirming");
    // Signing in goes on to where the sign-up began.
    await signInHere(me.page, person.email, person.password);
    await expect(me.page).toHaveURL(/\/account$/, { timeout: 20_000 });
    expect((await sessionUser(me.context))?.email).toBe(person.email);

    // The link is used up.
    const other = await newActor();
    await other.page.goto(link);
    await expect(other.page.getByRole("heading", { level: 1 })).toHaveText("This link can’t be used");
    await expect(other.page.getByRole("main")).toContainText("It may have been used already");
    await expectNoAxeViolations(other.page, "a used confirmation link");
  });

  test("a link past its 24 hours makes no account", async ({ newActor }) => {
    const person = newPerson("late");
    const me = await newActor();
    await me.page.goto("/sign-up");
    await fillSignUp(me.page, person);
    await expectCheckYourMail(me.page, person.email);
    const link = await confirmationLink(me.context, person.email);
    // No page makes an old request: move this one's expiry back in the database.
    await withDatabase((db) => db.query(`UPDATE "SignUpRequest" SET "expiresAt" = now() - interval '1 minute' WHERE email = $1`, [person.email]));
    await me.page.goto(link);
    await expect(me.page.getByRole("heading", { level: 1 })).toHaveText("This link can’t be used");
    await expect(me.page.getByRole("main")).toContainText("This confirmation link has expired.");
    expect(await trySignIn(me.context, person.email, person.password)).toEqual({ ok: false, error: "CredentialsSignin" });
  });
});
