// notifications.spec.js -- the notifications page and the bell: a
// comment on the member's post arrives live (bell up, item on top, no
// reload), read-all sets the bell to zero, delete removes an item, the
// unread filter, opening an item leads to its page and marks it read,
// a refused delete shown; Korean and English.
import { test, expect, signIn, checkA11y, shot, unique } from "./fixtures.js";

async function post(server, writer) {
  const r = await server.api("POST", "/owner-boards", {
    token: writer.token,
    body: { title: "Walk " + unique("p").slice(0, 10), content: "Our walk in the park" },
  });
  expect(r.status).toBe(201);
  return r.body;
}

async function comment(server, user, postId, content = "Lovely!") {
  const r = await server.api("POST", `/owner-boards/${postId}/comments`, { token: user.token, body: { content } });
  expect(r.status).toBe(201);
}

async function serverList(server, user, query = "") {
  const r = await server.api("GET", "/notifications?size=50" + query, { token: user.token });
  expect(r.status).toBe(200);
  return r.body;
}

const bell = (page) => page.getByTestId("unread-count");
const items = (page) => page.locator("li.notif");

test("a comment arrives live: bell and list update without a reload; read-all and delete", async ({ page, server }) => {
  const a = await server.newUser();
  const b = await server.newUser();
  const p = await post(server, a);
  await signIn(page, a, { lang: "en" });
  await page.goto("/app/notifications");
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(page.getByText("No notifications.")).toBeVisible();
  await expect(bell(page)).toHaveCount(0);
  // the live socket is up (the offline banner gone) before anything is pushed
  await expect(page.locator(".offline-banner")).toHaveCount(0);

  await comment(server, b, p.id);
  await expect(bell(page)).toHaveText("1");
  await expect(items(page)).toHaveCount(1);
  await expect(items(page).first()).toContainText(`New comment on "${p.title}"`);
  await expect(items(page).first()).toContainText("Comment");
  await expect(items(page).first().locator(".notif-new")).toHaveText("New");
  await expect(items(page).first().getByRole("link")).toHaveAttribute("href", `/app/community/${p.id}`);

  await comment(server, b, p.id, "Second one");
  await expect(bell(page)).toHaveText("2");
  await expect(items(page)).toHaveCount(2);
  await expect(page.getByTestId("notifications-unread")).toHaveText("2 unread");
  await checkA11y(page);
  await shot(page, "notifications-list");

  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(bell(page)).toHaveCount(0);
  await expect(page.getByTestId("notifications-unread")).toHaveText("0 unread");
  await expect(page.locator(".notif-new")).toHaveCount(0);
  expect((await serverList(server, a)).unreadCount).toBe(0);

  const [first] = (await serverList(server, a)).content;
  await items(page).first().getByRole("button", { name: /^Delete/ }).click();
  await expect(items(page)).toHaveCount(1);
  const left = (await serverList(server, a)).content;
  expect(left.map((n) => n.id)).not.toContain(first.id);
  expect(left.length).toBe(1);
});

test("in Korean: the unread filter, marking one read, opening one leads to its post", async ({ page, server }) => {
  const a = await server.newUser();
  const b = await server.newUser();
  const p1 = await post(server, a);
  const p2 = await post(server, a);
  await comment(server, b, p1.id);
  await comment(server, b, p2.id);
  await signIn(page, a, { lang: "ko" });
  await page.goto("/app/notifications?unread=true");
  await expect(page.getByRole("heading", { name: "알림" })).toBeVisible();
  await expect(page.getByRole("link", { name: "읽지 않음", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(bell(page)).toHaveText("2");
  await expect(items(page)).toHaveCount(2);
  await expect(page.getByTestId("notifications-unread")).toHaveText("읽지 않은 알림 2개");
  await expect(items(page).first()).toContainText("댓글");
  await checkA11y(page);
  await shot(page, "notifications-unread-ko");

  // newest first: p2's comment on top; mark it read with its button
  await items(page).first().getByRole("button", { name: /^읽음으로 표시/ }).click();
  await expect(bell(page)).toHaveText("1");
  await expect(items(page).first().locator(".notif-new")).toHaveCount(0);

  // opening the other follows its link to the post and marks it read
  await items(page).nth(1).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/app/community/${p1.id}$`));
  await expect(bell(page)).toHaveCount(0);
  await expect.poll(async () => (await serverList(server, a)).unreadCount).toBe(0);

  await page.goto("/app/notifications?unread=true");
  await expect(page.getByText("읽지 않은 알림이 없습니다.")).toBeVisible();
  await page.getByRole("link", { name: "전체", exact: true }).click();
  await expect(items(page)).toHaveCount(2);
});

test("a delete the server refuses is shown and the list stays right", async ({ page, server }) => {
  const a = await server.newUser();
  const b = await server.newUser();
  const p = await post(server, a);
  await comment(server, b, p.id);
  await signIn(page, a, { lang: "en" });
  await page.goto("/app/notifications");
  await expect(items(page)).toHaveCount(1);
  // deleted meanwhile elsewhere (another tab)
  const [n] = (await serverList(server, a)).content;
  expect((await server.api("DELETE", `/notifications/${n.id}`, { token: a.token })).status).toBe(204);
  await items(page).first().getByRole("button", { name: /^Delete/ }).click();
  await expect(page.getByRole("alert")).toHaveText("This notification no longer exists. The list has been reloaded.");
  await expect(page.getByText("No notifications.")).toBeVisible();
  expect((await serverList(server, a)).content).toEqual([]);
  await checkA11y(page);
});
