// albums.spec.js -- the albums pages: today's album saved, a second one
// the same day refused (409, nothing created); a file too large refused on
// its row (Korean); an admin's album of three photos with the viewer
// (keyboard and buttons), the public/private switch, the text, photos
// added and deleted, the album deleted; everyone's public albums and one
// user's albums; another user's private album not found; a 360 px phone.
import { test, expect, signIn, checkA11y, shot, pngBytes } from "./fixtures.js";

const png = (name) => ({ name, mimeType: "image/png", buffer: pngBytes() });

const uploadKey = (server, user) => server.upload(user, "album");

async function newAlbum(server, user, albumVisibility, content) {
  const res = await server.api("POST", "/users/albums", {
    token: user.token,
    body: { content, albumVisibility, imageKeys: [await uploadKey(server, user)] },
  });
  expect(res.status).toBe(201);
  return res.body;
}

const myAlbums = async (server, user) => (await server.api("GET", "/users/my/albums", { token: user.token })).body;

// Every <img> in the locator has loaded its bytes (the URLs work).
async function expectImagesLoaded(images) {
  await expect
    .poll(() => images.evaluateAll((list) => list.length > 0 && list.every((img) => img.complete && img.naturalWidth > 0)))
    .toBe(true);
}

test("today's album is saved; a second one today is refused and nothing is created", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/albums");
  await expect(page.getByRole("heading", { level: 1, name: "My albums" })).toBeVisible();
  await expect(page.getByText("No albums yet.")).toBeVisible();
  await expect(page.getByText("One photo per album. Each photo up to 10 MB (JPEG, PNG, GIF or WebP).")).toBeVisible();

  await page.getByLabel("Today's story (up to 255 characters)").fill("A walk by the river");
  await page.getByRole("radio", { name: "Everyone" }).check();
  await page.getByLabel("Choose photos").setInputFiles([png("river.png")]);
  await expect(page.locator(".upload-done")).toHaveCount(1);
  await page.getByRole("button", { name: "Save today's album" }).click();
  await expect(page.getByText("Today's album is saved.")).toBeVisible();
  await expect(page.locator(".album-card")).toHaveCount(1);
  await expectImagesLoaded(page.locator(".album-card img"));
  let mine = await myAlbums(server, user);
  expect(mine.totalElements).toBe(1);
  const first = mine.content[0];
  expect(first.albumVisibility).toBe("PUBLIC");
  await checkA11y(page);
  await shot(page, "albums-mine");

  // a second album the same day
  await page.getByLabel("Choose photos").setInputFiles([png("again.png")]);
  await expect(page.locator(".upload-done")).toHaveCount(1);
  await page.getByRole("button", { name: "Save today's album" }).click();
  await expect(page.locator(".form-error")).toHaveText(
    "You have saved today's album already: one album a day. Come back tomorrow.",
  );
  mine = await myAlbums(server, user);
  expect(mine.totalElements).toBe(1);
  expect(mine.content[0].albumId).toBe(first.albumId);
  await checkA11y(page);
  await shot(page, "albums-mine-refused");

  // the saved album opens from its card
  await page.getByRole("link", { name: /^Album of / }).click();
  await expect(page).toHaveURL(new RegExp(`/app/albums/${first.albumId}$`));
  await expect(page.locator(".album-content")).toHaveText("A walk by the river");
});

test("a file too large is refused on its own row and no album is made (Korean)", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "ko" });
  await page.goto("/app/albums");
  await expect(page.getByRole("heading", { level: 1, name: "내 앨범" })).toBeVisible();
  await page.getByLabel("오늘의 이야기 (255자까지)").fill("너무 큰 사진");
  const big = { name: "big.png", mimeType: "image/png", buffer: Buffer.alloc(11 * 1024 * 1024, 1) };
  await page.getByLabel("사진 선택").setInputFiles([big]);
  const row = page.locator(".upload-list li").filter({ hasText: "big.png" });
  await expect(row.getByRole("alert")).toHaveText("파일이 너무 큽니다 (최대 10MB).");
  await expect(row).toHaveClass(/upload-failed/);
  await expect(row.getByRole("progressbar", { name: "big.png 업로드 진행률" })).toBeVisible();
  await expect(page.getByText("사진 한 장은 10MB까지입니다 (JPEG, PNG, GIF, WebP).", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "오늘의 앨범 저장" }).click();
  await expect(page.getByText("사진을 한 장 이상 올려 주세요.")).toBeVisible();
  expect((await myAlbums(server, user)).totalElements).toBe(0);
  await expect(page.getByText("아직 앨범이 없습니다.")).toBeVisible();
  await checkA11y(page);
  await shot(page, "albums-mine-too-large-ko");
});

test("an album of three photos: the viewer, public/private, its text, photos added and deleted, deleted", async ({ page, server }) => {
  const admin = await server.newAdmin(); // an ADMIN may put 20 photos in one album
  const other = await server.newUser();
  await signIn(page, admin, { lang: "en" });
  await page.goto("/app/albums");
  await expect(page.getByText(/^From 1 to 20 photos\. /).first()).toBeVisible();
  await page.getByLabel("Today's story (up to 255 characters)").fill("Three photos");
  await page.getByLabel("Choose photos").setInputFiles([png("a.png"), png("b.png"), png("c.png")]);
  for (const name of ["a.png", "b.png", "c.png"])
    await expect(page.getByRole("progressbar", { name: `Upload progress of ${name}` })).toBeVisible();
  await expect(page.locator(".upload-done")).toHaveCount(3);
  await page.getByRole("button", { name: "Save today's album" }).click();
  await page.getByRole("link", { name: "Open it" }).click();
  await expect(page).toHaveURL(/\/app\/albums\/\d+$/);
  const id = Number(page.url().split("/").pop());
  let album = (await server.api("GET", "/users/albums/" + id, { token: admin.token })).body;
  expect(album).toMatchObject({ content: "Three photos", albumVisibility: "PRIVATE" });
  expect(album.images).toHaveLength(3);
  await expect(page.getByTestId("album-visibility")).toHaveText("Only you can see this album.");
  expect((await server.api("GET", "/users/albums/" + id, { token: other.token })).status).toBe(404);
  await expectImagesLoaded(page.locator(".album-photo img"));
  await checkA11y(page);
  await shot(page, "albums-album");

  // the viewer: a modal dialog, keys and buttons, Escape, focus back
  const opener = page.getByRole("button", { name: "Open photo 1 of 3" });
  await opener.click();
  const viewer = page.getByRole("dialog", { name: "Photo 1 of 3" });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Close" })).toBeFocused();
  await expectImagesLoaded(viewer.getByRole("img"));
  await checkA11y(page);
  await shot(page, "albums-viewer");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("dialog", { name: "Photo 2 of 3" })).toBeVisible();
  await page.getByRole("button", { name: "Next photo" }).click();
  await expect(page.getByRole("dialog", { name: "Photo 3 of 3" })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("dialog", { name: "Photo 1 of 3" })).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("dialog", { name: "Photo 3 of 3" })).toBeVisible();
  await page.getByRole("button", { name: "Previous photo" }).click();
  await expect(page.getByRole("dialog", { name: "Photo 2 of 3" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(opener).toBeFocused();

  // public, then the text
  await page.getByRole("button", { name: "Make it public" }).click();
  await expect(page.getByTestId("album-visibility")).toHaveText("Everyone can see this album.");
  expect((await server.api("GET", "/users/albums/" + id, { token: other.token })).body.albumVisibility).toBe("PUBLIC");
  await page.getByLabel("Album text (up to 255 characters)").fill("Three photos by the sea");
  await page.getByRole("button", { name: "Save text" }).click();
  await expect(page.getByText("The text is saved.")).toBeVisible();
  await expect(page.locator(".album-content")).toHaveText("Three photos by the sea");

  // a photo deleted, two added
  await page.getByRole("button", { name: "Delete photo 3" }).click();
  await expect(page.getByText("The photo was deleted.")).toBeVisible();
  await expect(page.locator(".album-photo")).toHaveCount(2);
  await page.getByLabel("Add photos").setInputFiles([png("d.png"), png("e.png")]);
  await expect(page.locator(".album-add .upload-done")).toHaveCount(2);
  await page.getByRole("button", { name: "Add the chosen photos" }).click();
  await expect(page.getByText("The photos were added.")).toBeVisible();
  await expect(page.locator(".album-photo")).toHaveCount(4);
  album = (await server.api("GET", "/users/albums/" + id, { token: admin.token })).body;
  expect(album).toMatchObject({ content: "Three photos by the sea", albumVisibility: "PUBLIC" });
  expect(album.images).toHaveLength(4);

  // deleted, after the confirmation
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Delete album" }).click();
  await expect(page).toHaveURL(/\/app\/albums$/);
  expect((await server.api("GET", "/users/albums/" + id, { token: admin.token })).status).toBe(404);
});

test("everyone's public albums and one user's albums; another user's private album is not found; 360 px; signed out", async ({ page, server, browser }) => {
  const alice = await server.newUser();
  const bob = await server.newUser();
  const visitor = await server.newUser();
  const shared = await newAlbum(server, alice, "PUBLIC", "Alice's day");
  const hidden = await newAlbum(server, bob, "PRIVATE", "Bob's secret");

  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, visitor, { lang: "en" });
  await page.goto("/app/albums/public");
  await expect(page.getByRole("heading", { level: 1, name: "Everyone's albums" })).toBeVisible();
  await expect(page.locator(`a[href="/app/albums/${shared.albumId}"]`)).toBeVisible();
  await expect(page.locator(`a[href="/app/albums/${hidden.albumId}"]`)).toHaveCount(0);
  await expectImagesLoaded(page.locator(".album-card img"));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await checkA11y(page);
  await shot(page, "albums-public-360");

  await page.getByRole("link", { name: `More albums of ${alice.nickname}` }).first().click();
  await expect(page).toHaveURL(new RegExp(`/app/albums/user/${alice.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Albums of ${alice.nickname}` })).toBeVisible();
  await expect(page.locator(".album-card")).toHaveCount(1);
  await checkA11y(page);
  await shot(page, "albums-user");

  await page.locator(`a[href="/app/albums/${shared.albumId}"]`).click();
  await expect(page.getByText("Alice's day")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete album" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete photo/ })).toHaveCount(0);
  await checkA11y(page);

  // Bob's private album does not exist for the visitor
  await page.goto("/app/albums/" + hidden.albumId);
  await expect(page.getByRole("heading", { level: 1, name: "Album not found" })).toBeVisible();
  await expect(page.getByText("Bob's secret")).toHaveCount(0);
  await checkA11y(page);
  await shot(page, "albums-not-found");
  expect((await myAlbums(server, bob)).content[0].albumVisibility).toBe("PRIVATE");

  // a signed-out visitor reads the public albums too
  const context = await browser.newContext({ baseURL: server.url, locale: "en-GB" });
  const anonymous = await context.newPage();
  await anonymous.goto("/app/albums/public");
  await expect(anonymous.getByRole("heading", { level: 1, name: "Everyone's albums" })).toBeVisible();
  await expect(anonymous.getByRole("link", { name: "My albums" })).toHaveCount(0);
  await anonymous.locator(`a[href="/app/albums/${shared.albumId}"]`).click();
  await expect(anonymous.locator(".album-content")).toHaveText("Alice's day");
  await expectImagesLoaded(anonymous.locator(".album-photo img"));
  await context.close();
});
