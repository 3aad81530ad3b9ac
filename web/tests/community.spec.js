// community.spec.js -- the owner board in a browser: writing a post with a
// photo, reading it (text kept as text), Korean search, paging in the URL,
// comments (80 characters fit, 81 do not; edit and delete), editing and
// deleting a post, an admin's delete, the signed-out "new post" detour
// through the login page, and a 360 px phone.
import { test, expect, signIn, useLanguage, checkA11y, shot, pngBytes, unique } from "./fixtures.js";

async function newPost(server, user, title, content = "내용 " + title) {
  const r = await server.api("POST", "/owner-boards", { token: user.token, body: { title, content } });
  expect(r.status).toBe(201);
  return r.body;
}

test("write a post with a photo, read it as text, edit it (English)", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  page.on("dialog", (d) => d.accept());
  await page.goto("/app/community");
  await expect(page.getByRole("heading", { level: 1, name: "Community" })).toBeVisible();
  await page.getByRole("link", { name: "New post" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New post" })).toBeVisible();

  const title = "Walk " + unique("t").slice(0, 10);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Text").fill("First line\nSecond line <b>not bold</b>");
  await page.setInputFiles('input[type="file"]', { name: "dog.png", mimeType: "image/png", buffer: pngBytes() });
  await expect(page.getByText("Done")).toBeVisible();
  await checkA11y(page);
  await shot(page, "community-new");
  await page.getByRole("button", { name: "Publish" }).click();

  await expect(page).toHaveURL(/\/app\/community\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const content = page.locator(".board-content").first();
  await expect(content).toHaveText("First line\nSecond line <b>not bold</b>");
  await expect(page.locator(".board-content b")).toHaveCount(0);
  await expect(page.getByRole("img", { name: `${title}, photo 1` })).toBeVisible();
  const id = Number(page.url().split("/").pop());
  const stored = await server.api("GET", "/owner-boards/" + id);
  expect(stored.body.images).toHaveLength(1);
  await checkA11y(page);
  await shot(page, "community-post");

  // a reload keeps the page (deep link)
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await page.getByRole("link", { name: "Edit post" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit post" })).toBeVisible();
  await page.getByLabel("Title").fill(title + " 2");
  await page.getByRole("button", { name: "Delete photo 1" }).click();
  await checkA11y(page);
  await shot(page, "community-edit");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title + " 2" })).toBeVisible();
  const after = await server.api("GET", "/owner-boards/" + id);
  expect(after.body.title).toBe(title + " 2");
  expect(after.body.images).toHaveLength(0);

  // the list shows it with its excerpt, writer and comment count
  await page.getByRole("link", { name: "Back to the list" }).click();
  const item = page.locator(".board-item", { hasText: title + " 2" });
  await expect(item).toContainText("by " + user.nickname);
  await expect(item).toContainText("0 comments");

  // delete it: gone from the server, the list says so
  await item.getByRole("link", { name: title + " 2" }).click();
  await page.getByRole("button", { name: "Delete post" }).click();
  await expect(page.getByText("The post was deleted.")).toBeVisible();
  expect((await server.api("GET", "/owner-boards/" + id)).status).toBe(404);
});

test("an empty title is refused next to the title and nothing is created (Korean)", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "ko" });
  const before = (await server.api("GET", "/owner-boards?size=100")).body.totalElements;
  await page.goto("/app/community/new");
  await expect(page.getByRole("heading", { level: 1, name: "새 글 쓰기" })).toBeVisible();
  await page.getByLabel("내용").fill("제목 없는 글");
  await page.getByRole("button", { name: "등록" }).click();
  const titleBox = page.getByLabel("제목");
  await expect(titleBox).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("제목은 1~30자로 써 주세요.")).toBeVisible();
  await expect(page).toHaveURL(/\/app\/community\/new$/);
  expect((await server.api("GET", "/owner-boards?size=100")).body.totalElements).toBe(before);
});

test("Korean search finds the posts about 강아지 and the URL keeps the search and the page", async ({ page, server }) => {
  const user = await server.newUser();
  const tag = unique("s").slice(-5);
  for (let i = 1; i <= 6; i++) await newPost(server, user, `우리 강아지 ${tag} ${i}`, "오늘 산책을 했어요");
  await newPost(server, user, `고양이 ${tag}`, "강아지가 아니라 고양이 이야기");
  await newPost(server, user, `햄스터 ${tag}`, "작은 친구");
  await useLanguage(page, "ko");
  await page.goto("/app/community");
  await page.getByRole("searchbox", { name: "글 검색" }).fill("강아지");
  await page.getByRole("button", { name: "검색" }).click();
  await expect(page).toHaveURL(/q=%EA%B0%95%EC%95%84%EC%A7%80/);
  await expect(page.getByRole("status").filter({ hasText: "검색 결과" })).toContainText("\"강아지\" 검색 결과");
  await expect(page.locator(".board-item")).toHaveCount(5);
  await expect(page.locator(".board-item", { hasText: "햄스터" })).toHaveCount(0);
  await checkA11y(page);
  await shot(page, "community-list");

  // next page, then a reload keeps search and page
  await page.getByRole("button", { name: "다음" }).click();
  await expect(page).toHaveURL(/page=1/);
  await expect(page.getByText("2 / 2")).toBeVisible();
  await page.reload();
  await expect(page.getByText("2 / 2")).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "글 검색" })).toHaveValue("강아지");
  const titles = await page.locator(".board-item h2").allTextContents();
  expect(titles.every((x) => x.includes("강아지") || x.includes("고양이"))).toBe(true);

  // a search with no match says so
  await page.getByRole("searchbox", { name: "글 검색" }).fill("없는말" + tag);
  await page.getByRole("button", { name: "검색" }).click();
  await expect(page.getByText(`"없는말${tag}"에 맞는 글이 없습니다.`)).toBeVisible();
});

test("comments: 80 Korean characters fit, 81 are refused, edit and delete one's own", async ({ page, server }) => {
  const author = await server.newUser();
  const reader = await server.newUser();
  const post = await newPost(server, author, "댓글 달아 주세요");
  await signIn(page, reader, { lang: "ko" });
  page.on("dialog", (d) => d.accept());
  await page.goto("/app/community/" + post.id);
  await expect(page.getByRole("heading", { level: 1, name: "댓글 달아 주세요" })).toBeVisible();
  await expect(page.getByText("아직 댓글이 없습니다.")).toBeVisible();

  const box = page.getByLabel("댓글", { exact: true });
  await box.fill("가".repeat(81));
  await expect(page.getByText("81/80자")).toBeVisible();
  await expect(page.getByText("댓글은 80자까지 쓸 수 있습니다.")).toBeVisible();
  await page.getByRole("button", { name: "댓글 등록" }).click();
  await expect(box).toHaveValue("가".repeat(81));
  expect((await server.api("GET", `/owner-boards/${post.id}/comments`)).body.totalElements).toBe(0);

  const eighty = "강".repeat(80);
  await box.fill(eighty);
  await expect(page.getByText("80/80자")).toBeVisible();
  await page.getByRole("button", { name: "댓글 등록" }).click();
  await expect(page.locator(".board-comment").getByText(eighty)).toBeVisible();
  await expect(box).toHaveValue("");
  await expect(page.getByRole("heading", { name: "댓글 1" })).toBeVisible();
  const list = await server.api("GET", `/owner-boards/${post.id}/comments`);
  expect(list.body.content.map((c) => c.content)).toEqual([eighty]);
  await checkA11y(page);

  // edit it
  await page.getByRole("button", { name: `${reader.nickname}님의 댓글 수정` }).click();
  const edit = page.getByLabel("댓글 수정");
  await expect(edit).toBeFocused();
  await edit.fill("고쳐 쓴 댓글");
  await page.getByRole("button", { name: "저장" }).click();
  await expect(page.locator(".board-comment").getByText("고쳐 쓴 댓글")).toBeVisible();
  expect((await server.api("GET", `/owner-boards/${post.id}/comments`)).body.content[0].content).toBe("고쳐 쓴 댓글");
  await shot(page, "community-comments");

  // the author of the post sees no edit button on the reader's comment
  // (checked through the API: a stranger's PUT is refused)
  const cid = list.body.content[0].id;
  const foreign = await server.api("PUT", `/owner-boards/${post.id}/comments/${cid}`, { token: author.token, body: { content: "x" } });
  expect(foreign.status).toBe(403);

  // delete it
  await page.getByRole("button", { name: `${reader.nickname}님의 댓글 삭제` }).click();
  await expect(page.getByText("아직 댓글이 없습니다.")).toBeVisible();
  expect((await server.api("GET", `/owner-boards/${post.id}/comments`)).body.totalElements).toBe(0);
});

test("comments are paged, oldest first", async ({ page, server }) => {
  const user = await server.newUser();
  const post = await newPost(server, user, "Many comments");
  for (let i = 1; i <= 12; i++) {
    const r = await server.api("POST", `/owner-boards/${post.id}/comments`, { token: user.token, body: { content: "comment " + i } });
    expect(r.status).toBe(201);
  }
  await useLanguage(page, "en");
  await page.goto("/app/community/" + post.id);
  await expect(page.getByRole("heading", { name: "Comments (12)" })).toBeVisible();
  await expect(page.locator(".board-comment")).toHaveCount(10);
  await expect(page.locator(".board-comment").first()).toContainText("comment 1");
  const pager = page.getByRole("navigation", { name: "Pages" });
  await pager.getByRole("button", { name: "Next" }).click();
  await expect(page.locator(".board-comment")).toHaveCount(2);
  await expect(page.locator(".board-comment").last()).toContainText("comment 12");
  // signed out: a link to log in instead of the form
  await expect(page.getByRole("link", { name: "Log in to comment." })).toBeVisible();
});

test("a signed-out visitor's 'new post' goes through the login page and back", async ({ page, server }) => {
  const user = await server.newUser();
  await useLanguage(page, "en");
  await page.goto("/app/community");
  await page.getByRole("link", { name: "New post" }).click();
  await expect(page).toHaveURL(/\/app\/login\?next=%2Fapp%2Fcommunity%2Fnew/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: /log in/i }).click();
  await expect(page).toHaveURL(/\/app\/community\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "New post" })).toBeVisible();
});

test("an admin may delete anyone's post; other users see no delete", async ({ page, server }) => {
  const author = await server.newUser();
  const other = await server.newUser();
  const admin = await server.newAdmin();
  const post = await newPost(server, author, "Spam " + unique("x").slice(-4));
  await signIn(page, other, { lang: "en" });
  await page.goto("/app/community/" + post.id);
  await expect(page.getByRole("heading", { level: 1, name: post.title })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete post" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Edit post" })).toHaveCount(0);

  const adminPage = await page.context().browser().newPage({ baseURL: server.url });
  await signIn(adminPage, admin, { lang: "en" });
  adminPage.on("dialog", (d) => d.accept());
  await adminPage.goto("/app/community/" + post.id);
  await expect(adminPage.getByRole("link", { name: "Edit post" })).toHaveCount(0);
  await adminPage.getByRole("button", { name: "Delete post" }).click();
  await expect(adminPage.getByText("The post was deleted.")).toBeVisible();
  expect((await server.api("GET", "/owner-boards/" + post.id)).status).toBe(404);
  await adminPage.close();
});

test("the board on a 360 px phone", async ({ page, server }) => {
  const user = await server.newUser();
  await newPost(server, user, "작은 화면에서 읽는 글", "휴대폰으로도 잘 보여요.\n두 번째 줄");
  await page.setViewportSize({ width: 360, height: 740 });
  await useLanguage(page, "ko");
  await page.goto("/app/community");
  await expect(page.getByRole("link", { name: "작은 화면에서 읽는 글" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await checkA11y(page);
  await shot(page, "community-list-phone");
});
