// What people (and programs) get when they send the app something it can't take: field
// errors in words under the field, what they typed kept (never the password), nothing
// created, readable messages for wrong passwords and too many attempts, and 400s with
// field errors from the API.
import type { Locator, Page } from "@playwright/test";
import { expectNoAxeViolations, waitForHydration } from "./helpers";
import {
  PASSWORD,
  createGroup,
  expect,
  expectNoLeak,
  expectCheckYourMail,
  expectStatus,
  fillSignUp,
  mailTo,
  json,
  myGroups,
  newPerson,
  sessionUser,
  signIn,
  test,
  trySignIn,
  uniqueEmail,
  uniqueName,
  type Person,
} from "./fixtures";

/** The field's input has aria-invalid and is described by the error, shown in words just below it. */
async function expectFieldError(form: Locator, label: string, message: string) {
  const input = form.getByLabel(label, { exact: true });
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect(input).toHaveAccessibleDescription(new RegExp(escape(message)));
  const errorId = (await input.getAttribute("aria-describedby"))!.split(" ").find((id) => id.endsWith("-error"))!;
  const error = form.locator(`[id="${errorId}"]`);
  await expect(error).toHaveText(message);
  await expect(error).toBeVisible();
  const [inputBox, errorBox] = [await input.boundingBox(), await error.boundingBox()];
  expect(errorBox!.y, `the error for ${label} is under its field`).toBeGreaterThanOrEqual(inputBox!.y + inputBox!.height);
}

async function expectFieldValid(form: Locator, label: string) {
  await expect(form.getByLabel(label, { exact: true })).not.toHaveAttribute("aria-invalid", /.*/);
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Fails the test if the page ever opens a dialog (an alert from injected script, say). */
function forbidDialogs(page: Page) {
  page.on("dialog", (dialog) => {
    void dialog.dismiss();
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
}

// ── Sign-up ───────────────────────────────────────────────────────────────────────

test.describe("sign-up with bad input", () => {
  type Case = {
    what: string;
    person: (email: string) => Person;
    errors: Partial<Record<"Your name" | "Email" | "Password", string>>;
  };
  const CASES: Case[] = [
    {
      what: "empty fields",
      person: () => ({ name: "", email: "", password: "" }),
      errors: { "Your name": "Enter your name.", Email: "Enter your email address.", Password: "Use at least 10 characters." },
    },
    {
      what: "blank name (spaces only)",
      person: (email) => ({ name: "     ", email, password: PASSWORD }),
      errors: { "Your name": "Enter your name." },
    },
    {
      what: "a bad email address",
      person: () => ({ name: "Rosa Tester", email: "rosa@example", password: PASSWORD }),
      errors: { Email: "Enter an email address like name@example.org." },
    },
    {
      what: "a short password",
      person: (email) => ({ name: "Rosa Tester", email, password: "123456789" }),
      errors: { Password: "Use at least 10 characters." },
    },
    {
      what: "a script-laden name",
      person: (email) => ({ name: "<script>alert(1)</script>", email, password: PASSWORD }),
      errors: { "Your name": "Names can’t contain < or >." },
    },
    {
      what: "several problems at once",
      person: () => ({ name: "<b>Rosa</b>", email: "not an email", password: "short" }),
      errors: {
        "Your name": "Names can’t contain < or >.",
        Email: "Enter an email address like name@example.org.",
        Password: "Use at least 10 characters.",
      },
    },
  ];

  for (const { what, person: make, errors } of CASES) {
    test(`${what}: errors under the fields, values kept but the password, no account`, async ({ page, request }) => {
      forbidDialogs(page);
      const person = make(uniqueEmail("badsignup"));
      await page.goto("/sign-up");
      await fillSignUp(page, person);

      const form = page.getByRole("main").locator("form");
      await expect(form.getByRole("status").first()).toHaveText("Some fields need attention.");
      for (const [label, message] of Object.entries(errors)) await expectFieldError(form, label, message);
      for (const label of ["Your name", "Email", "Password"] as const) if (!(label in errors)) await expectFieldValid(form, label);

      // What was typed is still there, except the password.
      await expect(form.getByLabel("Your name", { exact: true })).toHaveValue(person.name);
      await expect(form.getByLabel("Email", { exact: true })).toHaveValue(person.email);
      await expect(form.getByLabel("Password", { exact: true })).toHaveValue("");
      await expect(page).toHaveURL(/\/sign-up$/);
      if (person.password) expect(await page.content()).not.toContain(person.password);

      // Nobody is signed in, and the details do not open an account.
      await expect(page.getByRole("link", { name: "Sign in", exact: true }).first()).toBeVisible();
      if (person.email) expect(await trySignIn(request, person.email, person.password || "x")).toMatchObject({ ok: false });
      if (what === "several problems at once") await expectNoAxeViolations(page, "sign-up with errors");
    });
  }

  test("an overlong name (81 characters): the field stops at 80, and the server refuses 81 in words", async ({ page, request }) => {
    const email = uniqueEmail("longname");
    await page.goto("/sign-up");
    await waitForHydration(page);
    const name = page.getByLabel("Your name", { exact: true });
    await expect(name).toHaveAttribute("maxlength", "80");
    await name.fill("n".repeat(81));
    await expect(name).toHaveValue("n".repeat(80));

    // A browser that ignores maxlength (or a hand-made form) gets the server's answer.
    await name.evaluate((input) => input.removeAttribute("maxlength"));
    await fillSignUp(page, { name: "n".repeat(81), email, password: PASSWORD });
    const form = page.getByRole("main").locator("form");
    await expectFieldError(form, "Your name", "Keep your name under 80 characters.");
    await expect(form.getByLabel("Your name", { exact: true })).toHaveValue("n".repeat(81));
    await expect(form.getByLabel("Email", { exact: true })).toHaveValue(email);
    await expect(form.getByLabel("Password", { exact: true })).toHaveValue("");
    expect(await trySignIn(request, email, PASSWORD)).toEqual({ ok: false, error: "CredentialsSignin" });
  });

  test("a name with a NUL character (pasted from somewhere odd): a field error, not “Something went wrong”", async ({ page, request }) => {
    const person = { name: "Rosa\u0000Luxemburg", email: uniqueEmail("nul"), password: PASSWORD };
    await page.goto("/sign-up");
    await fillSignUp(page, person);
    const form = page.getByRole("main").locator("form");
    await expect(form.getByRole("status").first()).not.toBeEmpty();
    await expect.soft(form.getByRole("status").first()).not.toHaveText("Something went wrong on our side. Please try again.");
    await expect.soft(form.getByLabel("Your name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    expect(await trySignIn(request, person.email, person.password)).toMatchObject({ ok: false });
  });

  test("an email that already has an account: the same answer as a new one, a note to its owner, and no second account", async ({
    signedUp,
    page,
  }) => {
    const existing = await signedUp(newPerson("taken"));
    await page.goto("/sign-up");
    // The same address, typed differently.
    await fillSignUp(page, { name: "Someone Else", email: `  ${existing.user.email.toUpperCase()} `, password: "another long password" });
    // Nothing on the page says the address is taken: that goes to the address's owner.
    await expectCheckYourMail(page, existing.user.email);
    await expect(page.getByRole("main")).not.toContainText(/already (has|exists)/i);
    const note = await mailTo(page.context(), existing.user.email, "Someone tried to sign up with your address");
    expect(note.text).toContain("You already have one, so nothing was changed.");

    // The account is untouched: its own password still works, the new one does not.
    expect(await trySignIn(page.context(), existing.user.email, "another long password")).toEqual({ ok: false, error: "CredentialsSignin" });
    await signIn(page.context(), existing.user.email, existing.user.password);
  });
});

// ── Sign-in ───────────────────────────────────────────────────────────────────────

test.describe("sign-in with bad input", () => {
  async function signInInUi(page: Page, email: string, password: string) {
    await waitForHydration(page);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  }

  test("a wrong password, or an unknown address: one message that gives nothing away", async ({ signedUp, page }) => {
    const me = await signedUp(newPerson("wrongpw"));
    await page.goto("/sign-in");
    const form = page.getByRole("main").locator("form");
    for (const [email, password] of [
      [me.user.email, "not my password"],
      [uniqueEmail("nobody"), "not my password"],
    ] as const) {
      await signInInUi(page, email, password);
      await expect(form.getByRole("status")).toHaveText("That email and password don’t match an account.");
      await expect(page).toHaveURL(/\/sign-in/);
      await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
    }
    await expectNoAxeViolations(page, "sign-in with an error");
  });

  test("wrong passwords from one network slow that network down with a readable wait, never the owner elsewhere", async ({
    signedUp,
    newActor,
  }) => {
    const me = await signedUp(newPerson("limited"));
    const stranger = await newActor();
    await stranger.page.goto("/sign-in");
    await waitForHydration(stranger.page);
    // Five failures are free (lib/auth/sign-in-backoff.ts), counted for this account from this network only.
    for (let i = 0; i < 5; i++)
      expect(await trySignIn(stranger.context, me.user.email, `wrong password ${i}`)).toEqual({ ok: false, error: "CredentialsSignin" });

    // The next try from there waits, even with the right password, and says so in words.
    const form = stranger.page.getByRole("main").locator("form");
    await signInInUi(stranger.page, me.user.email, me.user.password);
    await expect(form.getByRole("status")).toHaveText(/^Too many sign-in attempts\. Try again in \d+ (seconds?|minutes?)\.$/);
    expectNoLeak((await form.getByRole("status").textContent())!, "back-off message");
    await expect(stranger.page).toHaveURL(/\/sign-in/);
    expect(await sessionUser(stranger.context)).toBeNull();

    // The owner, from their own network, signs in at once; the browser they used before is unaffected.
    const owner = await newActor();
    await signIn(owner.context, me.user.email, me.user.password);
    expect((await sessionUser(me.context))?.id).toBe(me.user.id);
  });

  test("a made-up error in the sign-in address shows a calm sentence, never the text it carries", async ({ page }) => {
    await page.goto(`/sign-in?error=${encodeURIComponent("PrismaClientKnownRequestError: connect ECONNREFUSED 127.0.0.1:5432")}`);
    await waitForHydration(page);
    const status = page.getByRole("main").locator("form").getByRole("status");
    await expect(status).toHaveText("Signing in didn’t work just now. Please try again shortly.");
    expectNoLeak((await page.getByRole("main").textContent())!, "sign-in page");
  });
});

// ── Creating a group ──────────────────────────────────────────────────────────────

test.describe("creating a group with bad input", () => {
  const CASES: { what: string; name: string; description?: string; errors: Record<string, string>; unlimited?: boolean }[] = [
    { what: "an empty name", name: "", errors: { "Group name": "Give the group a name." } },
    { what: "a blank name", name: "   \t ", errors: { "Group name": "Give the group a name." } },
    { what: "an overlong name", name: "g".repeat(81), unlimited: true, errors: { "Group name": "Keep the name under 80 characters." } },
    { what: "a script-laden name", name: "<script>alert(1)</script>", errors: { "Group name": "Names can’t contain < or >." } },
    {
      what: "a script-laden description",
      name: "Fine name",
      description: '<img src=x onerror="alert(1)">',
      errors: { "Description (optional)": "The description can’t contain < or >." },
    },
  ];

  for (const { what, name, description, errors, unlimited } of CASES) {
    test(`${what}: errors under the field, values kept, no group created`, async ({ signedUp }) => {
      const me = await signedUp(newPerson("creator"));
      forbidDialogs(me.page);
      const before = await myGroups(me);
      await me.page.goto("/groups");
      await waitForHydration(me.page);
      const form = me.page.getByRole("region", { name: "Start a group" }).locator("form");
      const nameInput = form.getByLabel("Group name", { exact: true });
      if (unlimited) {
        // The field itself stops at 80; only a browser that ignores maxlength sends more.
        await nameInput.fill(name);
        await expect(nameInput).toHaveValue(name.slice(0, 80));
        await nameInput.evaluate((input) => input.removeAttribute("maxlength"));
      }
      await nameInput.fill(name);
      if (description !== undefined) await form.getByLabel("Description (optional)", { exact: true }).fill(description);
      await form.getByRole("button", { name: "Create group" }).click();

      await expect(form.getByRole("status").first()).toHaveText("Some fields need attention.");
      for (const [label, message] of Object.entries(errors)) await expectFieldError(form, label, message);
      await expect(nameInput).toHaveValue(name);
      if (description !== undefined) await expect(form.getByLabel("Description (optional)", { exact: true })).toHaveValue(description);
      await expect(me.page).toHaveURL(/\/groups$/);
      expect(await myGroups(me)).toEqual(before);
      if (what === "a script-laden name") await expectNoAxeViolations(me.page, "create group with an error");
    });
  }
});

// ── The API ───────────────────────────────────────────────────────────────────────

test.describe("the API with wrongly typed input", () => {
  const HUMAN = (message: string) => !/^Invalid input|expected .*, received/i.test(message) && /[.!]$/.test(message);

  test("POST /api/groups with wrong types: 400 with field errors on the right fields, nothing created", async ({ signedUp }) => {
    const me = await signedUp(newPerson("api"));
    const before = await myGroups(me);
    const bodies: [unknown, string[]][] = [
      [{}, ["name"]],
      [{ name: 42 }, ["name"]],
      [{ name: null }, ["name"]],
      [{ name: ["Reading group"] }, ["name"]],
      [{ name: { toString: "Reading group" } }, ["name"]],
      [{ name: true }, ["name"]],
      [{ name: "   " }, ["name"]],
      [{ name: "x".repeat(81) }, ["name"]],
      [{ name: "<b>Group</b>" }, ["name"]],
      [{ name: "Fine", description: 5 }, ["description"]],
      [{ name: "Fine", description: ["a"] }, ["description"]],
      [{ name: "Fine", description: "d".repeat(501) }, ["description"]],
      [{ name: 1, description: false }, ["name", "description"]],
    ];
    for (const [body, fields] of bodies) {
      const response = await me.api.post("/api/groups", body);
      const label = `POST /api/groups ${JSON.stringify(body).slice(0, 60)}`;
      await expectStatus(response, 400, label);
      const answer = await json<{ error: string; fieldErrors: Record<string, string[]> }>(response);
      expect(answer.error, label).toBe("Some fields need attention.");
      expect(Object.keys(answer.fieldErrors).sort(), label).toEqual([...fields].sort());
      for (const field of fields) expect(answer.fieldErrors[field]!.length, `${label} ${field}`).toBeGreaterThan(0);
      // The name's messages are written for people, whatever was sent.
      for (const message of answer.fieldErrors.name ?? []) expect(HUMAN(message), `${label}: “${message}”`).toBe(true);
      expectNoLeak(JSON.stringify(answer), label);
    }
    expect(await myGroups(me)).toEqual(before);
  });

  test("other routes with wrong types: 400 with field errors", async ({ signedUp }) => {
    const me = await signedUp(newPerson("api"));
    const group = await createGroup(me);
    const cases: ["PATCH" | "POST", string, unknown, string, string][] = [
      ["PATCH", `/api/groups/${group.id}`, { name: 7 }, "name", "Give the group a name."],
      ["PATCH", `/api/groups/${group.id}`, { name: "" }, "name", "Give the group a name."],
      ["PATCH", `/api/groups/${group.id}/members/${me.user.id}`, { role: "owner" }, "role", "Role must be facilitator or member."],
      ["PATCH", `/api/groups/${group.id}/members/${me.user.id}`, { role: 1 }, "role", "Role must be facilitator or member."],
      ["POST", `/api/groups/${group.id}/invites`, { expiresInDays: "soon" }, "expiresInDays", "Choose how long the link works."],
      ["POST", `/api/groups/${group.id}/invites`, { expiresInDays: 90 }, "expiresInDays", "At most 30 days."],
      ["POST", `/api/groups/${group.id}/invites`, { expiresInDays: 7, maxUses: 0 }, "maxUses", "At least one use."],
      ["POST", `/api/groups/${group.id}/invites`, { email: 12 }, "email", "Enter your email address."],
      ["POST", `/api/groups/${group.id}/invites`, { email: "someone@" }, "email", "Enter an email address like name@example.org."],
    ];
    for (const [method, url, body, field, message] of cases) {
      const response = await me.api.send(method, url, { data: body });
      const label = `${method} ${url} ${JSON.stringify(body)}`;
      await expectStatus(response, 400, label);
      const answer = await json<{ fieldErrors?: Record<string, string[]> }>(response);
      expect(answer.fieldErrors?.[field], label).toContain(message);
    }
    // A PATCH that names no field says so.
    const empty = await me.api.patch(`/api/groups/${group.id}`, {});
    await expectStatus(empty, 400);
    expect(JSON.stringify(await json(empty))).toContain("Send a name, a description, a time zone or whether members may add texts to change.");
  });

  test("a NUL character in a name or description is refused with a field error, not a server error", async ({ signedUp }) => {
    const me = await signedUp(newPerson("nul"));
    const group = await createGroup(me);
    const before = await myGroups(me);
    for (const [method, url, body, field] of [
      ["POST", "/api/groups", { name: "Reading\u0000Circle" }, "name"],
      ["POST", "/api/groups", { name: "Fine", description: "a\u0000b" }, "description"],
      ["PATCH", `/api/groups/${group.id}`, { name: "Renamed\u0000" }, "name"],
    ] as const) {
      const response = await me.api.send(method, url, { data: body });
      const label = `${method} ${url} with U+0000 in ${field}`;
      const text = await response.text();
      expectNoLeak(text, label);
      expect.soft(response.status(), `${label} → ${text}`).toBe(400);
      if (response.status() === 400) expect.soft(JSON.parse(text).fieldErrors?.[field], label).toBeDefined();
    }
    expect(await myGroups(me)).toEqual(before);
  });

  test("creating a group with a good name through the API still works (the refusals above were about the input)", async ({ signedUp }) => {
    const me = await signedUp(newPerson("api"));
    const name = uniqueName("  Padded name  ").trim();
    const response = await me.api.post("/api/groups", { name: `  ${name}  `, description: "  Trimmed.  ", role: "ignored", id: "forged" });
    await expectStatus(response, 201);
    const { group } = await json<{ group: { id: string; name: string } }>(response);
    expect(group.name).toBe(name);
    expect(group.id).not.toBe("forged");
    expect((await myGroups(me)).find((g) => g.id === group.id)).toMatchObject({ name, description: "Trimmed.", role: "facilitator" });
  });
});
