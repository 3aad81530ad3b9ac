// market.spec.js -- the trade board in a browser: listing something with a
// photo and editing it, refused fields, the category filter / search /
// paging kept in the URL, the seller's status changes (a refused move
// shown, the status unchanged on the server), "chat with the seller",
// my listings with a hidden one, deleting, and a 360 px phone.
import { test, expect, signIn, useLanguage, checkA11y, shot, pngBytes, unique } from "./fixtures.js";

async function newListing(server, user, fields = {}) {
  const body = { category: "TOYS", title: "Ball " + unique("b").slice(-5), content: "A good ball", price: 5000, ...fields };
  const r = await server.api("POST", "/trade-boards", { token: user.token, body });
  expect(r.status).toBe(201);
  return r.body;
}

test("list something with a photo, read it, edit it (Korean)", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "ko" });
  await page.goto("/app/market");
  await expect(page.getByRole("heading", { level: 1, name: "중고거래" })).toBeVisible();
  await page.getByRole("link", { name: "판매 글 쓰기" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "판매 글 쓰기" })).toBeVisible();
  await page.getByLabel("분류").selectOption({ label: "하우스·이동장" });
  await page.getByLabel("제목").fill("강아지 이동장 팝니다");
  await page.getByLabel("가격(원)").fill("15000");
  await page.getByLabel("설명").fill("한 번 썼어요.\n깨끗합니다.");
  await page.setInputFiles('input[type="file"]', { name: "carrier.png", mimeType: "image/png", buffer: pngBytes() });
  await expect(page.getByText("완료")).toBeVisible();
  await checkA11y(page);
  await shot(page, "market-new");
  await page.getByRole("button", { name: "등록" }).click();

  await expect(page).toHaveURL(/\/app\/market\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: "강아지 이동장 팝니다" })).toBeVisible();
  await expect(page.locator(".market-listing .market-price")).toHaveText("15,000원");
  await expect(page.locator(".market-listing .market-badge")).toHaveText("판매 중");
  await expect(page.getByText("하우스·이동장")).toBeVisible();
  await expect(page.locator(".market-listing .board-content")).toHaveText("한 번 썼어요.\n깨끗합니다.");
  await expect(page.getByRole("img", { name: "강아지 이동장 팝니다 사진 1" })).toBeVisible();
  await expect(page.getByRole("button", { name: "판매자와 채팅하기" })).toHaveCount(0);
  const id = Number(page.url().split("/").pop());
  const stored = (await server.api("GET", "/trade-boards/" + id)).body;
  expect(stored).toMatchObject({ category: "HOUSES_AND_CARRIERS", price: 15000, status: "FOR_SALE" });
  expect(stored.images).toHaveLength(1);
  await checkA11y(page);
  await shot(page, "market-listing");

  await page.getByRole("link", { name: "판매 글 수정" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "판매 글 수정" })).toBeVisible();
  await expect(page.getByLabel("가격(원)")).toHaveValue("15000");
  await page.getByLabel("가격(원)").fill("12,000");
  await page.setInputFiles('input[type="file"]', { name: "second.png", mimeType: "image/png", buffer: pngBytes() });
  await expect(page.getByText("완료")).toBeVisible();
  await checkA11y(page);
  await shot(page, "market-edit");
  await page.getByRole("button", { name: "저장" }).click();
  await expect(page.locator(".market-listing .market-price")).toHaveText("12,000원");
  const after = (await server.api("GET", "/trade-boards/" + id)).body;
  expect(after.price).toBe(12000);
  expect(after.images).toHaveLength(2);
});

test("refused fields show next to their fields and nothing is listed (English)", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  const before = (await server.api("GET", "/trade-boards/my-board", { token: user.token })).body.totalElements;
  await page.goto("/app/market/new");
  // nothing filled in: the server names the missing category and price
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Choose a category.")).toBeVisible();
  await expect(page.getByText("The price must be a whole number from 0 to 100,000,000.")).toBeVisible();
  await expect(page.getByLabel("Price (KRW)")).toHaveAttribute("aria-invalid", "true");
  await checkA11y(page);

  // a price that is not a number
  await page.getByLabel("Category").selectOption({ label: "Toys" });
  await page.getByLabel("Price (KRW)").fill("cheap");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Choose a category.")).toHaveCount(0);
  await expect(page.getByText("The price must be a whole number from 0 to 100,000,000.")).toBeVisible();

  // a price, but no title and no description
  await page.getByLabel("Price (KRW)").fill("3000");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("A title needs 1 to 30 characters.")).toBeVisible();
  await expect(page.getByText("The description needs 1 to 1000 characters.")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Price (KRW)")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/app\/market\/new$/);
  expect((await server.api("GET", "/trade-boards/my-board", { token: user.token })).body.totalElements).toBe(before);
});

test("category filter, search and page live in the URL (English)", async ({ page, server }) => {
  const seller = await server.newUser();
  const tag = unique("m").slice(-5);
  for (let i = 1; i <= 11; i++) await newListing(server, seller, { category: "HEALTH", title: `Vitamins ${tag} ${i}`, price: 1000 * i });
  await newListing(server, seller, { category: "TOYS", title: `Rope toy ${tag}` });
  await useLanguage(page, "en");
  await page.goto("/app/market");
  await expect(page.getByRole("link", { name: `Rope toy ${tag}` })).toBeVisible();

  await page.getByRole("combobox", { name: "Category" }).selectOption({ label: "Health" });
  await expect(page).toHaveURL(/category=HEALTH/);
  await expect(page.getByRole("link", { name: `Rope toy ${tag}` })).toHaveCount(0);
  await expect(page.locator(".market-item")).toHaveCount(10);
  await expect(page.locator(".market-item").first()).toContainText("₩11,000");
  await checkA11y(page);
  await shot(page, "market-list");

  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/category=HEALTH.*page=1|page=1.*category=HEALTH/);
  await page.reload();
  await expect(page.locator(".market-item")).toHaveCount(1);
  await expect(page.getByRole("link", { name: `Vitamins ${tag} 1`, exact: true })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Category" })).toHaveValue("HEALTH");

  // search within everything
  await page.getByRole("link", { name: "Clear filters" }).click();
  await page.getByRole("searchbox", { name: "Search listings" }).fill("rope toy " + tag);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=rope/);
  await expect(page.locator(".market-item")).toHaveCount(1);
  await expect(page.getByRole("link", { name: `Rope toy ${tag}` })).toBeVisible();

  await page.getByRole("searchbox", { name: "Search listings" }).fill("nothing-like-this-" + tag);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No listings match.")).toBeVisible();
});

test("the seller changes the status; a refused move is shown and the status stays", async ({ page, server }) => {
  const seller = await server.newUser();
  const item = await newListing(server, seller);
  await signIn(page, seller, { lang: "en" });
  await page.goto("/app/market/" + item.id);
  const badge = page.locator(".market-listing .market-badge");
  await expect(badge).toHaveText("For sale");
  const select = page.getByLabel("New status");

  await select.selectOption("RESERVED");
  await page.getByRole("button", { name: "Change status" }).click();
  await expect(badge).toHaveText("Reserved");
  await expect(page.getByText('The status is now "Reserved".')).toBeVisible();

  await select.selectOption("SOLD_OUT");
  await page.getByRole("button", { name: "Change status" }).click();
  await expect(badge).toHaveText("Sold");
  expect((await server.api("GET", "/trade-boards/" + item.id)).body.status).toBe("SOLD_OUT");

  await select.selectOption("FOR_SALE");
  await page.getByRole("button", { name: "Change status" }).click();
  await expect(page.getByRole("alert")).toHaveText("The listing cannot move from its current status to that one.");
  await expect(badge).toHaveText("Sold");
  await expect(select).toHaveValue("SOLD_OUT");
  expect((await server.api("GET", "/trade-boards/" + item.id)).body.status).toBe("SOLD_OUT");
  await checkA11y(page);
  await shot(page, "market-status-refused");
});

test("a buyer opens the chat with the seller; the seller and a visitor see no chat button", async ({ page, server }) => {
  const seller = await server.newUser();
  const buyer = await server.newUser();
  const item = await newListing(server, seller, { title: "Cat tree" });

  await useLanguage(page, "en");
  await page.goto("/app/market/" + item.id);
  await expect(page.getByRole("link", { name: "Log in to chat with the seller" })).toHaveAttribute(
    "href",
    "/app/login?next=" + encodeURIComponent("/app/market/" + item.id),
  );
  await expect(page.getByRole("heading", { name: "Change the status" })).toHaveCount(0);

  const buyerPage = await page.context().browser().newPage({ baseURL: server.url });
  await signIn(buyerPage, buyer, { lang: "en" });
  await buyerPage.goto("/app/market/" + item.id);
  await expect(buyerPage.getByRole("heading", { level: 1, name: "Cat tree" })).toBeVisible();
  await expect(buyerPage.getByRole("heading", { name: "Change the status" })).toHaveCount(0);
  await buyerPage.getByRole("button", { name: "Chat with the seller" }).click();
  await expect(buyerPage).toHaveURL(/\/app\/chat\/\d+$/);
  const roomId = Number(buyerPage.url().split("/").pop());
  const rooms = await server.api("GET", "/chat", { token: buyer.token });
  expect(rooms.body.content.some((r) => r.chatRoomId === roomId && r.tradeBoardId === item.id)).toBe(true);
  await buyerPage.close();
});

test("my listings show hidden ones; deleting a listing (Korean)", async ({ page, server }) => {
  const seller = await server.newUser();
  const shown = await newListing(server, seller, { title: "보이는 장난감" });
  const hidden = await newListing(server, seller, { title: "숨긴 장난감", category: "FOOD_AND_TREATS" });
  expect((await server.api("PATCH", `/trade-boards/${hidden.id}?status=HIDDEN`, { token: seller.token })).status).toBe(200);
  await signIn(page, seller, { lang: "ko" });
  page.on("dialog", (d) => d.accept());

  await page.goto("/app/market");
  await expect(page.getByRole("link", { name: "보이는 장난감" })).toBeVisible();
  await expect(page.getByRole("link", { name: "숨긴 장난감" })).toHaveCount(0);
  await page.getByRole("link", { name: "내 판매 글" }).click();
  await expect(page).toHaveURL(/\/app\/market\/mine$/);
  await expect(page.getByRole("heading", { level: 1, name: "내 판매 글" })).toBeVisible();
  const hiddenItem = page.locator(".market-item", { hasText: "숨긴 장난감" });
  await expect(hiddenItem.locator(".market-badge")).toHaveText("숨김");
  await checkA11y(page);
  await shot(page, "market-mine");

  await page.getByRole("link", { name: "보이는 장난감" }).click();
  await page.getByRole("button", { name: "판매 글 삭제" }).click();
  await expect(page).toHaveURL(/\/app\/market\/mine$/);
  await expect(page.getByText("판매 글을 삭제했습니다.")).toBeVisible();
  await expect(page.getByRole("link", { name: "보이는 장난감" })).toHaveCount(0);
  expect((await server.api("GET", "/trade-boards/" + shown.id)).status).toBe(404);
});

test("a signed-out visitor's 'sell something' goes through the login page and back", async ({ page, server }) => {
  const user = await server.newUser();
  await useLanguage(page, "en");
  await page.goto("/app/market");
  await page.getByRole("link", { name: "Sell something" }).click();
  await expect(page).toHaveURL(/\/app\/login\?next=%2Fapp%2Fmarket%2Fnew/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: /log in/i }).click();
  await expect(page).toHaveURL(/\/app\/market\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sell something" })).toBeVisible();
});

test("the market on a 360 px phone", async ({ page, server }) => {
  const seller = await server.newUser();
  await newListing(server, seller, { title: "휴대폰으로 보는 장난감", price: 100000000 });
  await page.setViewportSize({ width: 360, height: 740 });
  await useLanguage(page, "ko");
  await page.goto("/app/market");
  await expect(page.getByRole("link", { name: "휴대폰으로 보는 장난감" })).toBeVisible();
  await expect(page.getByText("100,000,000원").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await checkA11y(page);
  await shot(page, "market-list-phone");
});
