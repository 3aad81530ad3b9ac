// places.spec.js -- the places pages: the list (type, name, pages in the
// URL), the map's markers without tiles, "near me" by the browser's
// location and by a click on the map, the phone layout, a place's like
// (optimistic, rolled back when the server refuses, signed-out visitors
// sent to log in), reviews (field errors, DUPLICATE_REVIEW, edit and
// delete), reports (ALREADY_REPORT_PLACE) and the ranking per type.
import { test, expect, signIn, useLanguage, checkA11y, shot } from "./fixtures.js";

// The imported places of a type (most recent first, as GET /places).
async function placesOf(server, type, size = 50) {
  await server.importPlaces();
  const r = await server.api("GET", `/places?size=${size}` + (type ? `&placeType=${type}` : ""));
  expect(r.status).toBe(200);
  return r.body;
}

const likes = (n) => (n === 1 ? "1 like" : `${n} likes`);
const row = (page, name) => page.locator(".places-list > li").filter({ has: page.getByRole("link", { name, exact: true }) });

test("the list: types, name search and pages live in the URL; markers show without tiles", async ({ page, server }) => {
  const all = await placesOf(server, null, 10);
  const bars = await placesOf(server, "BAR");
  await useLanguage(page, "en");
  await page.goto("/app/places");
  await expect(page.getByRole("heading", { name: "Pet-friendly places", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: `${all.totalElements} places` })).toBeVisible();
  await expect(page.locator(".places-list > li")).toHaveCount(10);
  await expect(row(page, all.content[0].placeName)).toBeVisible();
  // one marker per listed place, drawn although no tile can load
  const map = page.getByRole("region", { name: "Map of places" });
  await expect(map.locator(".place-pin")).toHaveCount(10);
  await expect(map.getByRole("button", { name: all.content[0].placeName })).toBeVisible();
  await checkA11y(page);
  await shot(page, "places-list");
  // the map does not keep keyboard focus: Tab leaves it after its markers and controls
  await map.focus();
  let left = false;
  for (let i = 0; i < 25 && !left; i++) {
    await page.keyboard.press("Tab");
    left = await page.evaluate(() => !document.activeElement.closest(".place-map"));
  }
  expect(left).toBe(true);

  // a type
  await page.getByLabel("Type").selectOption("BAR");
  await expect(page).toHaveURL(/[?&]type=BAR/);
  await expect(page.getByRole("heading", { name: `${bars.totalElements} places` })).toBeVisible();
  await expect(page.locator(".places-list > li")).toHaveCount(bars.content.length);
  for (const b of bars.content) await expect(row(page, b.placeName).getByText("Bar", { exact: true })).toBeVisible();

  // a name (within the type)
  const wanted = bars.content[bars.content.length - 1];
  await page.getByLabel("Name").fill(wanted.placeName.slice(0, 3));
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(row(page, wanted.placeName)).toBeVisible();
  const named = await server.api("GET", `/places?placeType=BAR&placeName=${encodeURIComponent(wanted.placeName.slice(0, 3))}`);
  await expect(page.locator(".places-list > li")).toHaveCount(named.body.content.length);

  // nothing matches: the empty state
  await page.getByLabel("Name").fill("없는장소이름zz");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("No place matches.")).toBeVisible();

  // pages: back to all types, page 2 is in the URL and survives a reload
  await page.goto("/app/places");
  const second = await server.api("GET", "/places?page=1&size=10");
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/[?&]page=1/);
  await expect(row(page, second.body.content[0].placeName)).toBeVisible();
  await page.reload();
  await expect(page.getByText(`2 of ${all.totalPages}`)).toBeVisible();
  await expect(row(page, second.body.content[0].placeName)).toBeVisible();

  // a marker is a button reached by keyboard; its popup links to its place
  const target = second.body.content[1];
  await map.getByRole("button", { name: target.placeName }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("link", { name: `Open ${target.placeName}` }).click();
  await expect(page).toHaveURL(new RegExp(`/app/places/${target.id}$`));
  await expect(page.getByRole("heading", { name: target.placeName, level: 1 })).toBeVisible();
});

test("near me (Korean): the browser's location, then a radius, then a point clicked on the map", async ({ page, context, server }) => {
  const restaurants = await placesOf(server, "RESTAURANT");
  const here = restaurants.content[0];
  await context.grantPermissions(["geolocation"]);
  await context.setGeolocation({ latitude: here.latitude + 0.0003, longitude: here.longitude });
  await useLanguage(page, "ko");
  await page.goto("/app/places");
  await expect(page.getByRole("heading", { name: "반려동물 동반 장소", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "내 위치로 찾기" }).click();
  await expect(page).toHaveURL(/lat=37\.\d+&lng=127\.\d+&radius=5000/);
  await expect(page.getByText("선택한 지점에서 5km 안, 가까운 순")).toBeVisible();
  // nearest first, each with its distance, as the server orders them
  const url = new URL(page.url());
  const expected = await server.api(
    "GET",
    `/places?lat=${url.searchParams.get("lat")}&lng=${url.searchParams.get("lng")}&radius=5000&size=10`,
  );
  const first = expected.body.content[0];
  expect(first.id).toBe(here.id);
  await expect(page.locator(".places-list > li").first().getByRole("link")).toHaveText(here.placeName);
  await expect(page.locator(".places-list > li").first().locator(".distance")).toContainText(/\d+m/);
  await expect(page.locator(".places-list > li")).toHaveCount(expected.body.content.length);
  await checkA11y(page);
  await shot(page, "places-near-ko");

  // a smaller radius goes into the URL and the list
  await page.getByLabel("반경").selectOption("1000");
  await expect(page).toHaveURL(/radius=1000/);
  const within = await server.api(
    "GET",
    `/places?lat=${url.searchParams.get("lat")}&lng=${url.searchParams.get("lng")}&radius=1000&size=10`,
  );
  await expect(page.locator(".places-list > li")).toHaveCount(within.body.content.length);

  // a click on the map picks another point
  const box = await page.locator(".place-map").boundingBox();
  await page.locator(".place-map").click({ position: { x: box.width - 14, y: box.height / 2 } });
  await expect.poll(() => new URL(page.url()).searchParams.get("lng")).not.toBe(url.searchParams.get("lng"));
  expect(new URL(page.url()).searchParams.get("radius")).toBe("1000");

  // and clearing the point goes back to the whole list
  await page.getByRole("button", { name: "위치 조건 지우기" }).click();
  await expect(page).not.toHaveURL(/lat=/);
  // the map's centre is the keyboard's way to pick a point
  await page.getByRole("button", { name: "지도 중심으로 찾기" }).click();
  await expect(page).toHaveURL(/lat=\d+\.\d+&lng=\d+\.\d+&radius=1000/);
  await expect(page.getByText("선택한 지점에서 1km 안, 가까운 순")).toBeVisible();
});

test("near me refused: a denied location says how to pick a point instead", async ({ page, context, server }) => {
  await server.importPlaces();
  await context.clearPermissions();
  await useLanguage(page, "en");
  await page.goto("/app/places");
  await page.getByRole("button", { name: "Use my location" }).click();
  await expect(page.getByText("Location permission was refused. Click the map to pick a point instead.")).toBeVisible();
  await expect(page).not.toHaveURL(/lat=/);
});

test("phones: a List/Map switch shows one at a time", async ({ page, server }) => {
  const all = await placesOf(server, null, 10);
  await page.setViewportSize({ width: 360, height: 740 });
  await useLanguage(page, "en");
  await page.goto("/app/places");
  const list = page.getByRole("button", { name: "List", exact: true });
  const mapButton = page.getByRole("button", { name: "Map", exact: true });
  await expect(list).toHaveAttribute("aria-pressed", "true");
  await expect(row(page, all.content[0].placeName)).toBeVisible();
  await expect(page.locator(".place-map")).toBeHidden();
  await checkA11y(page);
  await shot(page, "places-list-phone");
  await mapButton.click();
  await expect(mapButton).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(".place-map")).toBeVisible();
  await expect(page.locator(".places-list")).toBeHidden();
  await expect(page.locator(".place-map .place-pin").first()).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await checkA11y(page);
  await shot(page, "places-map-phone");
});

test("a like shows at once, rolls back when the server refuses, and sends a signed-out visitor to log in", async ({ page, server }) => {
  const bars = await placesOf(server, "BAR");
  const place = bars.content[0];
  const start = place.likeCount;
  await useLanguage(page, "en");

  // signed out
  await page.goto(`/app/places/${place.id}`);
  await expect(page.getByRole("heading", { name: place.placeName, level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Like" }).click();
  await expect(page).toHaveURL(new RegExp(`/app/login\\?next=${encodeURIComponent(`/app/places/${place.id}`)}`));

  // signed in
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto(`/app/places/${place.id}`);
  const like = page.getByRole("button", { name: "Like" });
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText(likes(start + 1), { exact: true })).toBeVisible();
  await expect
    .poll(async () => (await server.api("GET", `/places/${place.id}`, { token: user.token })).body.liked)
    .toBe(true);

  // the server refuses the unlike: the count goes back, with a message
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(`**/places/${place.id}/like`, async (route) => {
    await held;
    await route.fulfill({
      status: 503,
      contentType: "application/problem+json",
      body: JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, code: "UNAVAILABLE", detail: "try later" }),
    });
  });
  await like.click();
  // optimistic: shown before the server has answered
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByText(likes(start), { exact: true })).toBeVisible();
  release();
  await expect(page.getByRole("alert")).toHaveText("Your like could not be saved. Please try again.");
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText(likes(start + 1), { exact: true })).toBeVisible();
  const after = await server.api("GET", `/places/${place.id}`, { token: user.token });
  expect(after.body.liked).toBe(true);
  expect(after.body.likeCount).toBe(start + 1);

  // a 500 on a new like rolls back the other way
  await page.unroute(`**/places/${place.id}/like`);
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByText(likes(start), { exact: true })).toBeVisible();
  await page.route(`**/places/${place.id}/like`, (route) => route.fulfill({ status: 500, body: "" }));
  await like.click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByText(likes(start), { exact: true })).toBeVisible();
  expect((await server.api("GET", `/places/${place.id}`, { token: user.token })).body.liked).toBe(false);
  await checkA11y(page);
});

test("reviews in Korean: field errors, a review, DUPLICATE_REVIEW, edit and delete", async ({ page, server }) => {
  const restaurants = await placesOf(server, "RESTAURANT");
  const place = restaurants.content[1];
  // someone else's 5-star review first
  const other = await server.newUser();
  const r = await server.api("POST", `/places/${place.id}/reviews`, { token: other.token, body: { content: "최고예요", ratio: 5 } });
  expect(r.status).toBe(201);

  const user = await server.newUser();
  await signIn(page, user, { lang: "ko" });
  await page.goto(`/app/places/${place.id}`);
  await expect(page.getByRole("heading", { name: place.placeName, level: 1 })).toBeVisible();
  await expect(page.getByText("최고예요")).toBeVisible();
  const form = page.locator("form.review-form").first();
  await expect(form.getByRole("heading", { name: "리뷰 쓰기" })).toBeVisible();

  // no stars, no text: both fields say so
  await form.getByRole("button", { name: "리뷰 등록" }).click();
  await expect(form.getByText("별점을 1점에서 5점 사이로 골라 주세요.")).toBeVisible();
  await form.getByRole("radio", { name: "4점" }).check();
  // too long
  await form.getByLabel("내용").fill("가".repeat(256));
  await expect(form.getByText("256/255자")).toBeVisible();
  await form.getByRole("button", { name: "리뷰 등록" }).click();
  await expect(form.getByText("내용은 1자 이상 255자 이하로 써 주세요.")).toBeVisible();
  await expect(form.getByLabel("내용")).toHaveAttribute("aria-invalid", "true");
  let place1 = await server.api("GET", `/places/${place.id}`);
  expect(place1.body.reviews.length).toBe(1);

  // a good one
  await form.getByLabel("내용").fill("조용하고 친절해요");
  await form.getByRole("button", { name: "리뷰 등록" }).click();
  await expect(page.locator(".review-list").getByText("조용하고 친절해요")).toBeVisible();
  await expect(page.locator(".place-detail dd").getByRole("img", { name: "5점 만점에 4.5점" })).toBeVisible();
  place1 = await server.api("GET", `/places/${place.id}`);
  expect(place1.body.ratio).toBe(4.5);
  await checkA11y(page);
  await shot(page, "places-detail-ko");

  // a second review of the same place is refused
  await form.getByRole("radio", { name: "3점" }).check();
  await form.getByLabel("내용").fill("또 왔어요");
  await form.getByRole("button", { name: "리뷰 등록" }).click();
  await expect(form.getByRole("alert")).toHaveText("이미 이 장소에 리뷰를 남겼습니다. 기존 리뷰를 수정해 주세요.");

  // edit one's own (another's has no buttons)
  const mine = page.locator(".review-list > li").filter({ hasText: "조용하고 친절해요" });
  const theirs = page.locator(".review-list > li").filter({ hasText: "최고예요" });
  await expect(theirs.getByRole("button", { name: "수정" })).toHaveCount(0);
  await mine.getByRole("button", { name: "수정" }).click();
  const edit = page.locator("form.review-form.editing");
  await expect(edit.getByRole("radio", { name: "4점" })).toBeChecked();
  await edit.getByRole("radio", { name: "2점" }).check();
  await edit.getByLabel("내용").fill("주차가 불편해요");
  await edit.getByRole("button", { name: "수정 저장" }).click();
  await expect(page.locator(".review-list").getByText("주차가 불편해요")).toBeVisible();
  await expect(page.locator(".place-detail dd").getByRole("img", { name: "5점 만점에 3.5점" })).toBeVisible();

  // delete it
  const edited = page.locator(".review-list > li").filter({ hasText: "주차가 불편해요" });
  await edited.getByRole("button", { name: "삭제" }).click();
  await edited.getByRole("button", { name: "예" }).click();
  await expect(page.locator(".review-list").getByText("주차가 불편해요")).toHaveCount(0);
  const final = await server.api("GET", `/places/${place.id}`);
  expect(final.body.reviews.map((x) => x.content)).toEqual(["최고예요"]);
});

test("reviews in English: stars read as 'x out of 5'; a signed-out visitor is asked to log in", async ({ page, server }) => {
  const restaurants = await placesOf(server, "RESTAURANT");
  const place = restaurants.content[2];
  for (const ratio of [4, 5]) {
    const u = await server.newUser();
    expect((await server.api("POST", `/places/${place.id}/reviews`, { token: u.token, body: { content: `stars ${ratio}`, ratio } })).status).toBe(201);
  }
  await useLanguage(page, "en");
  await page.goto(`/app/places/${place.id}`);
  await expect(page.locator(".place-detail dd").getByRole("img", { name: "4.5 out of 5" })).toBeVisible();
  await expect(page.locator(".review-list > li").first().getByRole("img", { name: "5.0 out of 5" })).toBeVisible();
  await expect(page.getByText("Log in to write a review.")).toBeVisible();
  await page.getByText("Report this place", { exact: true }).click();
  await expect(page.getByText("Log in to report this place.")).toBeVisible();
  await checkA11y(page);
  await shot(page, "places-detail-en");
});

test("older reviews: the newest 10 come with the place, more from the review feed", async ({ page, server }) => {
  const restaurants = await placesOf(server, "RESTAURANT");
  const place = restaurants.content[3];
  for (let i = 1; i <= 11; i++) {
    const u = await server.newUser();
    const r = await server.api("POST", `/places/${place.id}/reviews`, { token: u.token, body: { content: `review number ${i}`, ratio: 1 + (i % 5) } });
    expect(r.status).toBe(201);
  }
  const detail = (await server.api("GET", `/places/${place.id}`)).body;
  expect(detail.reviews.length).toBe(10);
  const oldest = detail.reviews[9];
  // the page asks the server's review feed for what comes before the
  // oldest review it shows
  const asked = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname === `/places/${place.id}/reviews` && r.method() === "GET") asked.push(url.searchParams.get("before"));
  });
  await useLanguage(page, "en");
  await page.goto(`/app/places/${place.id}`);
  await expect(page.locator(".review-list > li")).toHaveCount(10);
  await expect(page.getByText("review number 11", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "More reviews" }).click();
  await expect(page.locator(".review-list > li")).toHaveCount(11);
  await expect(page.getByText("review number 1", { exact: true })).toBeVisible();
  expect(asked).toEqual([String(oldest.id)]);
  await expect(page.getByRole("button", { name: "More reviews" })).toHaveCount(0);
});

test("a report: its field error, then sent, then ALREADY_REPORT_PLACE", async ({ page, server }) => {
  const stays = await placesOf(server, "ACCOMMODATION");
  const place = stays.content[0];
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto(`/app/places/${place.id}`);
  await page.getByText("Report this place", { exact: true }).click();
  const report = page.locator("details.report");
  await report.getByRole("button", { name: "Send report" }).click();
  await expect(report.getByText("Write 1 to 255 characters.")).toBeVisible();
  await report.getByLabel("Reason").fill("The place is closed for good.");
  await report.getByRole("button", { name: "Send report" }).click();
  await expect(report.getByRole("status")).toHaveText("Thank you. We will look into it.");
  await report.getByLabel("Reason").fill("Still closed.");
  await report.getByRole("button", { name: "Send report" }).click();
  await expect(report.getByRole("alert")).toHaveText("You have already reported this place.");
  await checkA11y(page);
});

test("the ranking: most liked first, per type, with like counts", async ({ page, server }) => {
  const camping = await placesOf(server, "CAMPING");
  const [a, b] = [camping.content[3], camping.content[4]];
  const users = [await server.newUser(), await server.newUser(), await server.newUser()];
  for (const u of users) expect((await server.api("PUT", `/places/${a.id}/like`, { token: u.token })).status).toBe(200);
  expect((await server.api("PUT", `/places/${b.id}/like`, { token: users[0].token })).status).toBe(200);
  const rank = await server.api("GET", "/places/rank?placeType=CAMPING&size=20");
  const ia = rank.body.findIndex((p) => p.id === a.id);
  const ib = rank.body.findIndex((p) => p.id === b.id);
  expect(ia).toBeLessThan(ib);

  await useLanguage(page, "en");
  await page.goto("/app/places");
  await page.getByRole("link", { name: "Most liked" }).click();
  await expect(page.getByRole("heading", { name: "Most liked places", level: 1 })).toBeVisible();
  const tabs = page.getByRole("navigation", { name: "Ranking by type" });
  await tabs.getByRole("link", { name: "Camping" }).click();
  await expect(page).toHaveURL(/\/app\/places\/rank\?type=CAMPING/);
  await expect(tabs.getByRole("link", { name: "Camping" })).toHaveAttribute("aria-current", "page");
  const items = page.locator(".places-list > li");
  await expect(items).toHaveCount(rank.body.length);
  await expect(items.nth(ia).getByRole("link")).toHaveText(a.placeName);
  await expect(items.nth(ia)).toContainText(`No. ${ia + 1}`);
  await expect(items.nth(ia)).toContainText(likes(rank.body[ia].likeCount));
  await expect(items.nth(ib).getByRole("link")).toHaveText(b.placeName);
  await checkA11y(page);
  await shot(page, "places-rank");

  // a type nobody liked yet: the empty state; Korean names
  await page.goto("/app/places/rank?type=SCHOOL");
  await expect(page.getByText("No place has been liked yet.")).toBeVisible();
  await page.getByLabel("Language").selectOption("ko");
  await expect(page.getByRole("heading", { name: "인기 장소 순위", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "종류별 순위" }).getByRole("link", { name: "유치원·훈련" })).toHaveAttribute("aria-current", "page");
});
