// Groups end to end, against the real app (playwright.config.ts): starting a group,
// inviting by link and by email, joining, removing, links that can't be used, ending
// sessions from the account page, and the accessibility of every page on the way.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { SCREENSHOT_DIR, expectNoAxeViolations, readyForScreenshot, waitForHydration } from "./helpers";
import {
  PASSWORD,
  addMember,
  createGroup,
  createInvite,
  escapeRegExp,
  expect,
  expectNoLeak,
  expectStatus,
  json,
  membersOf,
  myGroups,
  newPerson,
  sessionUser,
  signIn,
  signUp,
  signUpHere,
  test,
  trySignIn,
  uniqueEmail,
  uniqueName,
  withDatabase,
  type Actor,
  type SignedIn,
} from "./fixtures";

const CANT_BE_USED = "This invitation can’t be used";
const REFUSALS = {
  unknown: "This invitation link is not valid. Check that you copied all of it, or ask for a new one.",
  expired: "This invitation has expired. Ask the group’s facilitator for a new link.",
  revoked: "This invitation was withdrawn. Ask the group’s facilitator for a new link.",
  "used-up": "This invitation has been used as many times as it allows. Ask for a new link.",
};

test.beforeAll(() => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

async function screenshot(page: Page, name: string) {
  await readyForScreenshot(page);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Creates a group through the form on /groups and returns its id from the URL it lands on. */
async function createGroupInUi(page: Page, name: string, description = "") {
  await page.goto("/groups");
  await waitForHydration(page);
  await page.getByLabel("Group name", { exact: true }).fill(name);
  if (description) await page.getByLabel("Description (optional)", { exact: true }).fill(description);
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page).toHaveURL(/\/groups\/[a-z0-9]{20,40}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

/** Makes an invitation link with the panel on the group page and reads it from its input. */
async function makeLinkInUi(page: Page) {
  await waitForHydration(page);
  await page.getByRole("button", { name: "Make an invitation link" }).click();
  const input = page.getByLabel("Share this link — it is shown only once");
  await expect(input).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(input).toHaveAttribute("readonly", "");
  return input.inputValue();
}

const membersList = (page: Page) => page.getByRole("list", { name: "Members" });
const memberRow = (page: Page, name: string) =>
  membersList(page).getByRole("listitem").filter({ has: page.getByText(name, { exact: true }) });

test.describe("a group from the first invitation to a removal", () => {
  test("a facilitator starts a group, invites someone by link, sees them join, and removes them", async ({ newActor, baseURL }) => {
    // The facilitator signs up through the form and starts a group.
    const facilitator = await newActor();
    const ana = newPerson("ana", "Ana Facilitator");
    await signUp(facilitator.page, ana);
    await expect(facilitator.page).toHaveURL(/\/groups$/);
    await expect(facilitator.page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Ana");

    const groupName = uniqueName("Thursday Readers");
    const groupId = await createGroupInUi(facilitator.page, groupName, "We read Kollontai on Thursdays.");
    await expect(facilitator.page.getByText("1 member · you are a facilitator")).toBeVisible();
    const link = await makeLinkInUi(facilitator.page);
    expect(new URL(link).origin).toBe(baseURL);

    // Someone signed out opens the link and creates an account from it.
    const guest = await newActor();
    const bea = newPerson("bea", "Bea Newcomer");
    const invitePage = await guest.page.goto(link);
    expect(invitePage?.status()).toBe(200);
    await expect(guest.page.getByRole("heading", { level: 1 })).toHaveText(`Join “${groupName}”`);
    await expect(guest.page.getByText("Ana Facilitator invited you")).toBeVisible();
    await guest.page.getByRole("link", { name: "Create an account to join" }).click();
    await expect(guest.page).toHaveURL(/\/sign-up\?callbackUrl=%2Finvite%2F/);
    await signUpHere(guest.page, bea);

    // Back on the invitation, signed in: one more click joins the group.
    const invitePath = new URL(link).pathname;
    await expect(guest.page).toHaveURL(new RegExp(`${escapeRegExp(invitePath)}$`));
    await expect(guest.page.getByText("Signed in as Bea Newcomer.")).toBeVisible();
    await guest.page.getByRole("button", { name: `Join ${groupName}` }).click();
    await expect(guest.page).toHaveURL(new RegExp(`/groups/${groupId}(\\?joined=1)?$`));
    await expect(guest.page.getByRole("heading", { level: 1 })).toHaveText(groupName);
    await expect(guest.page.getByText("2 members · you are a member")).toBeVisible();

    // The facilitator sees them among the members.
    await facilitator.page.reload();
    await expect(memberRow(facilitator.page, "Bea Newcomer")).toContainText("Member");
    await expect(memberRow(facilitator.page, "Bea Newcomer")).toContainText(bea.email);
    await expect(facilitator.page.getByText("2 members · you are a facilitator")).toBeVisible();

    // …and removes them.
    await waitForHydration(facilitator.page);
    await memberRow(facilitator.page, "Bea Newcomer").getByRole("button", { name: "Remove Bea Newcomer" }).click();
    await expect(facilitator.page.getByText("Bea Newcomer was removed from the group.")).toBeVisible();
    await expect(memberRow(facilitator.page, "Bea Newcomer")).toHaveCount(0);
    await expect(facilitator.page.getByText("1 member · you are a facilitator")).toBeVisible();

    // The removed person's next look at the group is the 404 page, which names nothing.
    const gone = await guest.page.goto(`/groups/${groupId}`);
    expect(gone?.status()).toBe(404);
    await expect(guest.page.getByRole("heading", { level: 1 })).toHaveText("This page doesn’t exist");
    expect(await guest.page.title()).not.toContain(groupName);
    await expect(guest.page.getByText(groupName)).toHaveCount(0);
    const api = await guest.api.get(`/api/groups/${groupId}`);
    await expectStatus(api, 404);
    expect(await json(api)).toEqual({ error: "That group was not found." });
    await expectStatus(await guest.api.get(`/api/groups/${groupId}/members`), 404);
    expect((await myGroups(guest)).map((g) => g.id)).not.toContain(groupId);
  });
});

test.describe("invitation by email", () => {
  test("links name the app's own address, whatever Host the request claims; a forwarded invitation lets nobody else in", async ({
    signedUp,
    newActor,
    baseURL,
  }) => {
    const facilitator = await signedUp(newPerson("hostfac"));
    const group = await createGroup(facilitator, uniqueName("Host Circle"));
    const invitee = uniqueEmail("forged");
    // A request that says it came to another site, consistently (Origin and X-Forwarded-Host agree).
    const forged = { origin: "http://evil.example", headers: { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http" } };
    for (const body of [{ expiresInDays: 7 }, { email: invitee, expiresInDays: 7 }]) {
      const response = await facilitator.api.post(`/api/groups/${group.id}/invites`, body, forged);
      // Refusing the request outright is fine too; what it must never do is hand out evil.example.
      expect([201, 400]).toContain(response.status());
      const text = await response.text();
      expect(text).not.toContain("evil.example");
      if (response.status() === 201) expect(new URL((JSON.parse(text) as { invite: { url: string } }).invite.url).origin).toBe(new URL(baseURL!).origin);
    }
    const sent = await facilitator.api.post(`/api/groups/${group.id}/invites`, { email: invitee, expiresInDays: 7 });
    await expectStatus(sent, 201, "invite by email");
    const reader = await newActor();
    await reader.page.goto("/dev/outbox");
    const messages = reader.page.getByRole("article").filter({ hasText: `To ${invitee}` });
    for (const href of await messages.getByRole("link").evaluateAll((links) => links.map((l) => l.getAttribute("href") ?? "")))
      expect(new URL(href, baseURL).origin).toBe(new URL(baseURL!).origin);
    // Someone the mail was forwarded to cannot use it.
    const { invite } = await json<{ invite: { url: string } }>(sent);
    const stranger = await signedUp(newPerson("forwarded"));
    const refused = await stranger.api.post(`/api/invites/${new URL(invite.url).pathname.split("/").at(-1)}`);
    expect(refused.status()).toBe(409);
    expect(await refused.text()).toContain("sent to a different email address");
    expect((await membersOf(facilitator, group.id)).map((m) => m.id)).not.toContain(stranger.user.id);
  });

  test("writes a message to /dev/outbox whose link lets a new account join, once", async ({ signedUp, newActor }) => {
    const facilitator = await signedUp(newPerson("fac", "Farid Facilitator"));
    const group = await createGroup(facilitator, uniqueName("Mail Circle"));
    const invitee = uniqueEmail("invitee");

    await facilitator.page.goto(`/groups/${group.id}`);
    await waitForHydration(facilitator.page);
    await facilitator.page.getByLabel("Email address", { exact: true }).fill(invitee);
    await facilitator.page.getByRole("button", { name: "Send invitation" }).click();
    await expect(facilitator.page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();
    // It is listed among the open invitations.
    await expect(facilitator.page.getByRole("button", { name: `Withdraw invitation ${invitee}` })).toBeVisible();

    // The message is in the outbox (anyone may read it on the embedded database).
    const reader = await newActor();
    await reader.page.goto("/dev/outbox");
    const message = reader.page.getByRole("article").filter({ hasText: `To ${invitee}` });
    await expect(message).toHaveCount(1);
    await expect(message.getByRole("heading", { level: 2 })).toHaveText(`Farid Facilitator invited you to “${group.name}”`);
    const link = await message.getByRole("link").getAttribute("href");
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

    // The invitee follows the mailed link, creates an account and joins.
    const newcomer = await newActor();
    await newcomer.page.goto(link!);
    await expect(newcomer.page.getByRole("heading", { level: 1 })).toHaveText(`Join “${group.name}”`);
    await newcomer.page.getByRole("link", { name: "Create an account to join" }).click();
    await signUpHere(newcomer.page, { name: "Ines Invitee", email: invitee, password: PASSWORD });
    await newcomer.page.getByRole("button", { name: `Join ${group.name}` }).click();
    await expect(newcomer.page).toHaveURL(new RegExp(`/groups/${group.id}`));
    await expect(newcomer.page.getByRole("heading", { level: 1 })).toHaveText(group.name);
    expect((await membersOf(facilitator, group.id)).map((m) => m.email)).toContain(invitee);

    // A mailed invitation is for one person: the next one to try it is turned away.
    const latecomer = await signedUp(newPerson("late"));
    await latecomer.page.goto(link!);
    await expect(latecomer.page.getByRole("heading", { level: 1 })).toHaveText(CANT_BE_USED);
    await expect(latecomer.page.getByText(REFUSALS["used-up"])).toBeVisible();
    expect((await myGroups(latecomer)).map((g) => g.id)).not.toContain(group.id);
  });
});

test.describe("invitation links that can't be used", () => {
  type Case = { state: keyof typeof REFUSALS; status: number; make: (facilitator: SignedIn, groupId: string) => Promise<string> };

  const CASES: Record<string, Case> = {
    expired: {
      state: "expired",
      status: 410,
      make: async (facilitator, groupId) => {
        const invite = await createInvite(facilitator, groupId, { expiresInDays: 1 });
        // No API makes a link from the past: move this one's expiry an hour back in the database.
        await withDatabase((db) => db.query(`UPDATE "Invite" SET "expiresAt" = now() - interval '1 hour' WHERE id = $1`, [invite.id]));
        return invite.url;
      },
    },
    withdrawn: {
      state: "revoked",
      status: 410,
      make: async (facilitator, groupId) => {
        const invite = await createInvite(facilitator, groupId);
        await expectStatus(await facilitator.api.delete(`/api/groups/${groupId}/invites/${invite.id}`), 204);
        return invite.url;
      },
    },
    "used up": {
      state: "used-up",
      status: 410,
      // Made with one use; the test has someone else use it first.
      make: async (facilitator, groupId) => (await createInvite(facilitator, groupId, { expiresInDays: 7, maxUses: 1 })).url,
    },
    forged: {
      state: "unknown",
      status: 404,
      make: async () => `/invite/${"A".repeat(20)}${"b".repeat(23)}`,
    },
    "cut short": {
      state: "unknown",
      status: 404,
      make: async (facilitator, groupId) => (await createInvite(facilitator, groupId)).url.slice(0, -5),
    },
  };

  for (const [label, { state, status, make }] of Object.entries(CASES)) {
    test(`${label}: a clear page, and joining changes nothing`, async ({ signedUp, newActor }) => {
      const facilitator = await signedUp(newPerson("fac"));
      const group = await createGroup(facilitator, uniqueName("Closed Door"));
      const member = await signedUp(newPerson("mem"));
      await addMember(facilitator, group.id, member);
      const url = await make(facilitator, group.id);
      if (state === "used-up") {
        const first = await signedUp(newPerson("first"));
        await first.page.goto(url);
        await first.page.getByRole("button", { name: `Join ${group.name}` }).click();
        await expect(first.page).toHaveURL(new RegExp(`/groups/${group.id}`));
      }
      const before = await membersOf(facilitator, group.id);

      // Signed in: the page says why, and offers the way to one's groups.
      const visitor = await signedUp(newPerson("visitor"));
      const response = await visitor.page.goto(url);
      expect(response?.status()).toBe(200);
      await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText(CANT_BE_USED);
      await expect(visitor.page.getByText(REFUSALS[state])).toBeVisible();
      await expect(visitor.page.getByRole("link", { name: "Go to your groups" })).toHaveAttribute("href", "/groups");
      await expect(visitor.page.getByRole("button", { name: /^Join / })).toHaveCount(0);
      await expect(visitor.page.getByText(group.name)).toHaveCount(0);

      // Trying the API anyway: refused with the same words, and nothing changes.
      const token = new URL(url, "http://x").pathname.split("/").at(-1)!;
      const accept = await visitor.api.post(`/api/invites/${token}`);
      await expectStatus(accept, status);
      const body = await accept.text();
      expect(JSON.parse(body)).toEqual({ error: REFUSALS[state] });
      expectNoLeak(body, `accept ${label}`);
      expect(await membersOf(facilitator, group.id)).toEqual(before);
      expect((await myGroups(visitor)).map((g) => g.id)).not.toContain(group.id);

      // Signed out: the same page, pointing to the library.
      const stranger = await newActor();
      await stranger.page.goto(url);
      await expect(stranger.page.getByRole("heading", { level: 1 })).toHaveText(CANT_BE_USED);
      await expect(stranger.page.getByText(REFUSALS[state])).toBeVisible();
      await expect(stranger.page.getByRole("link", { name: "Go to the library" })).toHaveAttribute("href", "/");
      await expect(stranger.page.getByRole("link", { name: "Create an account to join" })).toHaveCount(0);
      expect(await membersOf(facilitator, group.id)).toEqual(before);

      if (label === "expired") {
        await expectNoAxeViolations(visitor.page, "invitation can't be used");
        await screenshot(visitor.page, "invite-cant-be-used");
      }
    });
  }
});

test.describe("ending sessions from the account page", () => {
  /** The same person signed in on a second browser, through the credentials endpoint. */
  async function secondBrowser(me: SignedIn, newActor: () => Promise<Actor>) {
    const other = await newActor();
    await signIn(other.context, me.user.email, me.user.password);
    await other.page.goto("/groups");
    await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(/Welcome|Your study groups/);
    return other;
  }

  async function expectSignedOut(other: Actor) {
    expect(await sessionUser(other.context)).toBeNull();
    await other.page.goto("/groups");
    await expect(other.page).toHaveURL(/\/sign-in\?callbackUrl=(%2F|\/)groups$/);
    await expect(other.page.getByRole("heading", { level: 1 })).toHaveText("Welcome back");
    await expectStatus(await other.api.get("/api/groups"), 401);
  }

  async function expectStillSignedIn(me: SignedIn, groupId: string) {
    expect((await sessionUser(me.context))?.id).toBe(me.user.id);
    const response = await me.page.goto(`/groups/${groupId}`);
    expect(response?.status()).toBe(200);
    expect((await myGroups(me)).map((g) => g.id)).toContain(groupId);
  }

  test("“Sign out everywhere else” ends the other browser's session and keeps this one", async ({ signedUp, newActor }) => {
    const me = await signedUp(newPerson("sessions"));
    const group = await createGroup(me);
    const other = await secondBrowser(me, newActor);

    await me.page.goto("/account");
    await expect(me.page.getByText("You are signed in on 2 browsers, including this one.")).toBeVisible();
    await waitForHydration(me.page);
    await me.page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(me.page.getByText("Signed out of 1 other session.")).toBeVisible();

    await expectSignedOut(other);
    await expectStillSignedIn(me, group.id);
    await me.page.goto("/account");
    await expect(me.page.getByText("You are signed in on 1 browser, including this one.")).toBeVisible();
    await expect(me.page.getByRole("button", { name: "Sign out everywhere else" })).toBeDisabled();
  });

  test("changing the password ends the other browser's session, keeps this one, and only the new password works", async ({
    signedUp,
    newActor,
    request,
  }) => {
    const me = await signedUp(newPerson("password"));
    const group = await createGroup(me);
    const other = await secondBrowser(me, newActor);
    const newPassword = "an even longer passphrase";

    await me.page.goto("/account");
    await waitForHydration(me.page);
    const section = me.page.getByRole("region", { name: "Password" });
    await section.getByLabel("Current password", { exact: true }).fill(me.user.password);
    await section.getByLabel("New password", { exact: true }).fill(newPassword);
    await section.getByRole("button", { name: "Change password" }).click();
    await expect(section.getByText("Password changed. You were signed out everywhere else.")).toBeVisible();
    // The form does not keep passwords around.
    await expect(section.getByLabel("Current password", { exact: true })).toHaveValue("");

    await expectSignedOut(other);
    await expectStillSignedIn(me, group.id);

    expect(await trySignIn(request, me.user.email, me.user.password)).toEqual({ ok: false, error: "CredentialsSignin" });
    await signIn(request, me.user.email, newPassword);
  });
});

test.describe("accessibility and screenshots", () => {
  test("sign-in, sign-up, groups, group home, invitation and account pages have no axe violations", async ({
    newActor,
    signedUp,
  }) => {
    const visitor = await newActor();
    await visitor.page.goto("/sign-in");
    await waitForHydration(visitor.page);
    await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText("Welcome back");
    await expectNoAxeViolations(visitor.page, "sign-in");
    await screenshot(visitor.page, "sign-in");

    await visitor.page.goto("/sign-up");
    await waitForHydration(visitor.page);
    await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText("Create your account");
    await expectNoAxeViolations(visitor.page, "sign-up");
    await screenshot(visitor.page, "sign-up");

    // A facilitator with a group that has a few people in it and an open invitation.
    const facilitator = await signedUp(newPerson("maria", "María José Fernández"));
    await facilitator.page.goto("/groups");
    await expect(facilitator.page.getByRole("heading", { level: 1 })).toHaveText("Welcome, María");
    await expectNoAxeViolations(facilitator.page, "groups, none yet");
    await screenshot(facilitator.page, "groups-empty");

    const group = await createGroup(facilitator, "Kollontai Reading Group", "We read one chapter a week and meet on Thursday evenings.");
    await createGroup(facilitator, "Lenin, slowly");
    for (const name of ["Tomás Ortega", "Grace Lee"]) await addMember(facilitator, group.id, await signedUp(newPerson("m", name)));
    const invite = await createInvite(facilitator, group.id, { expiresInDays: 7, maxUses: 10 });

    await facilitator.page.goto("/groups");
    await expect(facilitator.page.getByRole("heading", { level: 1 })).toHaveText("Your study groups");
    await waitForHydration(facilitator.page);
    await expectNoAxeViolations(facilitator.page, "groups list");
    await screenshot(facilitator.page, "groups-list");

    await facilitator.page.goto(`/groups/${group.id}`);
    await expect(facilitator.page.getByRole("heading", { level: 1 })).toHaveText("Kollontai Reading Group");
    await expect(membersList(facilitator.page).getByRole("listitem")).toHaveCount(3);
    await waitForHydration(facilitator.page);
    await expectNoAxeViolations(facilitator.page, "group home, facilitator");
    await screenshot(facilitator.page, "group-home");
    // With a fresh link showing too.
    await makeLinkInUi(facilitator.page);
    await expectNoAxeViolations(facilitator.page, "group home with a new link");

    await visitor.page.goto(invite.url);
    await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText("Join “Kollontai Reading Group”");
    await waitForHydration(visitor.page);
    await expectNoAxeViolations(visitor.page, "invitation, signed out");
    await screenshot(visitor.page, "invite");

    await facilitator.page.goto("/account");
    await expect(facilitator.page.getByRole("heading", { level: 1 })).toHaveText("Your account");
    await waitForHydration(facilitator.page);
    await expectNoAxeViolations(facilitator.page, "account");
    await screenshot(facilitator.page, "account");
  });

  test("the group home as a member, on a phone, fits the screen", async ({ signedUp, browser, baseURL }) => {
    const facilitator = await signedUp(newPerson("fac", "Farah Facilitator"));
    const group = await createGroup(facilitator, "Tuesday Readers of The Workers’ Opposition", "A long description ".repeat(10).trim() + ".");
    const member = await signedUp(newPerson("mem", "Maximilian Alexander Member-Longname"));
    await addMember(facilitator, group.id, member);

    const phone = await browser.newContext({
      baseURL,
      viewport: { width: 390, height: 844 },
      extraHTTPHeaders: { "X-Forwarded-For": member.address },
      storageState: await member.context.storageState(),
    });
    try {
      const page = await phone.newPage();
      await page.goto(`/groups/${group.id}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(group.name);
      await expect(page.getByText("2 members · you are a member")).toBeVisible();
      // A member sees no management controls and no email addresses.
      await expect(page.getByRole("button", { name: /^Remove|^Make / })).toHaveCount(0);
      await expect(page.getByText(facilitator.user.email)).toHaveCount(0);
      await expect(page.getByRole("heading", { name: "Invite people" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Leave group" })).toBeVisible();
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth)).toBe(false);
      await waitForHydration(page);
      await expectNoAxeViolations(page, "group home, member, phone");
      await screenshot(page, "group-home-member-phone");
    } finally {
      await phone.close();
    }
  });
});

