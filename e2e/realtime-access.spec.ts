// Who still hears a group's changes as they happen, in real Chromium against the real
// app, with several people on the same text. A member removed while reading is told, in
// words, that they are no longer a member and that new notes no longer arrive; nothing
// written afterwards reaches their page, and their browser stops asking for the stream
// rather than knocking again. A note a facilitator hides leaves the margins of the other
// members without a reload, while its author still sees it (marked hidden), so does the
// facilitator, and the others' margins go on receiving what is written next.
import type { Page, Request } from "@playwright/test";
import { addMember, createGroup, expect, expectStatus, json, membersOf, newPerson, test, type SignedIn } from "./fixtures";
import { SLUG, openReader, versionOf, write } from "./live";

const card = (page: Page, id: string) => page.locator(`[data-margin] [data-note="${id}"]`);

/** Requests for the group's events stream made by this page, as they happen. */
function eventsRequests(page: Page, groupId: string) {
  const seen: Request[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === `/api/groups/${groupId}/events`) seen.push(request);
  });
  return seen;
}

test("a member removed while reading is told so, receives nothing more, and their browser stops asking for the stream", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Facilitator"));
  const b = await signedUp(newPerson("ben", "Ben Removed"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  const versionId = await versionOf(a, group.id);

  const requests = eventsRequests(b.page, group.id);
  await openReader(b.page, group.id);
  // B's stream is live: a note from A arrives without a reload.
  const before = await write(a, group.id, versionId, 1, "Written while Ben is still with us.");
  await expect(card(b.page, before)).toContainText("Written while Ben is still with us.");
  expect(requests.length, "the page opened the events stream").toBeGreaterThan(0);

  // A removes B from the group.
  await expectStatus(await a.api.delete(`/api/groups/${group.id}/members/${b.user.id}`), 204, "remove member");
  expect((await membersOf(a, group.id)).map((m) => m.id)).not.toContain(b.user.id);

  // Within a few seconds, B's page says so, in words.
  const alert = b.page.getByRole("alert").filter({ hasText: "You are no longer a member of this group" });
  await expect(alert).toBeVisible({ timeout: 10_000 });
  await expect(alert).toContainText("no longer arrive");
  // What B already had stays on the page.
  await expect(card(b.page, before)).toBeVisible();

  // The browser does not reconnect: no request for the stream after the alert.
  const atAlert = requests.length;
  const after = await write(a, group.id, versionId, 2, "Written after Ben has left the group.");
  await b.page.waitForTimeout(5_000);
  expect(requests.slice(atAlert).map((r) => r.url()), "requests for the events stream after the alert").toEqual([]);

  // And the note A wrote after the removal never reaches B's page.
  await expect(b.page.locator(`[data-note="${after}"]`)).toHaveCount(0);
  await expect(b.page.getByText("Written after Ben has left the group.")).toHaveCount(0);
  // A, still a member, sees it.
  await openReader(a.page, group.id);
  await expect(card(a.page, after)).toContainText("Written after Ben has left the group.");
});

test("a note hidden by a facilitator leaves the other members' margins live, and stays with its author and the facilitator", async ({ signedUp }) => {
  const a = await signedUp(newPerson("ana", "Ana Facilitator"));
  const b = await signedUp(newPerson("ben", "Ben Author"));
  const c = await signedUp(newPerson("cleo", "Cleo Reader"));
  const group = await createGroup(a);
  await addMember(a, group.id, b);
  await addMember(a, group.id, c);
  const versionId = await versionOf(a, group.id);

  await openReader(a.page, group.id);
  await openReader(b.page, group.id);
  await openReader(c.page, group.id);
  const navigations: string[] = [];
  c.page.on("framenavigated", (frame) => navigations.push(frame.url()));

  // B writes; all three see it arrive.
  const note = await write(b, group.id, versionId, 1, "A remark the facilitator will hide.");
  await expect(card(c.page, note)).toContainText("A remark the facilitator will hide.");
  await expect(card(b.page, note)).toContainText("A remark the facilitator will hide.");
  await expect(card(a.page, note)).toContainText("A remark the facilitator will hide.");

  // A hides it from the reader's margin.
  await card(a.page, note).getByRole("button", { name: "Hide from the group" }).click();
  await expect(a.page.getByText("Hidden from the group. Its author still sees it.")).toBeVisible();

  // Without a reload, it leaves C's margin…
  await expect(card(c.page, note)).toHaveCount(0, { timeout: 10_000 });
  await expect(c.page.getByText("A remark the facilitator will hide.")).toHaveCount(0);
  // …while its author still sees it, marked…
  await expect(card(b.page, note)).toContainText("Hidden from the group by a facilitator", { timeout: 10_000 });
  await expect(card(b.page, note)).toContainText("A remark the facilitator will hide.");
  // …and so does the facilitator, with the way to show it again.
  await expect(card(a.page, note)).toContainText("Hidden from the group by a facilitator");
  await expect(card(a.page, note).getByRole("button", { name: "Show to the group" })).toBeVisible();

  // C's margin is still live: the next note arrives, and the page was never reloaded.
  const next = await write(b, group.id, versionId, 2, "A second remark, for everyone.");
  await expect(card(c.page, next)).toContainText("A second remark, for everyone.");
  await expect(card(c.page, note)).toHaveCount(0);
  expect(navigations, "no reload").toEqual([]);

  // The server agrees: C cannot list the hidden note, B still can.
  const listed = async (who: SignedIn) =>
    (await json<{ annotations: { id: string }[] }>(await who.api.get(`/api/groups/${group.id}/annotations?text=${SLUG}`))).annotations.map((n) => n.id);
  expect(await listed(c)).not.toContain(note);
  expect(await listed(b)).toContain(note);
});
