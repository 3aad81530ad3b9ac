// admin.spec.js -- the admin pages: a USER is turned away; members
// (suspend and restore, grant and remove ADMIN, the server's refusals);
// daily questions (create on a free date, a taken date refused next to
// the date, edit and the state machine, in Korean); places (coordinates
// required without a geocoder, create, edit, photos, delete, restore;
// geocoded through a local stand-in for Kakao when one is configured).
import { execFile } from "node:child_process";
import http from "node:http";
import { promisify } from "node:util";
import { test, expect, signIn, checkA11y, shot, unique, pngBytes, startServer } from "./fixtures.js";

const run = promisify(execFile);

// Destructive actions ask first: the tests say yes.
function acceptDialogs(page) {
  page.on("dialog", (d) => d.accept());
}

async function userStatus(server, id) {
  const { stdout } = await server.ctl("--json", "user", "show", "--id", String(id));
  return JSON.parse(stdout);
}

// Every question on a date, whatever its status.
async function questionsOn(server, admin, date) {
  const found = [];
  for (const path of ["/daily-questions", "/daily-questions/deleted"]) {
    for (let page = 0; ; page++) {
      const r = await server.api("GET", `${path}?page=${page}&size=100`, { token: admin.token });
      expect(r.status).toBe(200);
      found.push(...r.body.content.filter((q) => q.date === date));
      if (page + 1 >= r.body.totalPages) break;
    }
  }
  return found;
}

// Every calendar day ships with a question and a deleted question keeps
// its date, so a free date exists only once a row is gone from the file.
async function freeDate(server, date) {
  await run("sqlite3", [server.db, `DELETE FROM daily_questions WHERE date='${date}'`]);
}

// Opens a member's card by number; the card opened (the first of that
// member's cards) is there once the server has answered.
async function openMember(page, id) {
  await page.getByLabel("Member number", { exact: true }).fill(String(id));
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/admin/users/" + id);
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await answered;
  const card = page.getByTestId("user-" + id).first();
  await expect(card).toBeVisible();
  return card;
}

test("a plain user is not allowed in and sees no admin data", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  const adminCalls = [];
  page.on("request", (r) => {
    // API calls only (the page's own /app/admin/... documents do not count)
    if (/^\/(admin\/|daily-questions)/.test(new URL(r.url()).pathname)) adminCalls.push(r.url());
  });
  for (const path of ["/app/admin", "/app/admin/users", "/app/admin/questions", "/app/admin/places/new"]) {
    await page.goto(path);
    await expect(page.getByText("You are not allowed to see this.")).toBeVisible();
    await expect(page.getByRole("heading", { name: /Members|Daily questions|Add a place|Administration/ })).toHaveCount(0);
  }
  await expect(page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  expect(adminCalls).toEqual([]);
  await checkA11y(page);
  await shot(page, "admin-forbidden");
});

test("the overview links to every admin page, also on a phone", async ({ page, server }) => {
  const admin = await server.newAdmin();
  await signIn(page, admin, { lang: "en" });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/app/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  await checkA11y(page);
  await shot(page, "admin-overview-mobile");
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(/\/app\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await page.getByRole("link", { name: "Administration" }).click();
  await page.getByRole("link", { name: "Daily questions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Daily questions" })).toBeVisible();
  await page.goBack();
  await page.getByRole("link", { name: "Places" }).last().click();
  await expect(page.getByRole("heading", { level: 1, name: "Places" })).toBeVisible();
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(360);
});

test("members are found by email or nickname", async ({ page, server }) => {
  const admin = await server.newAdmin();
  const nick = unique("findme").slice(0, 20);
  const target = await server.newUser({ nickname: nick });
  await signIn(page, admin, { lang: "en" });
  await page.goto("/app/admin/users");
  await page.getByLabel("Email or nickname").fill(nick.toUpperCase());
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByText("Members found: 1")).toBeVisible();
  const card = page.getByTestId("user-" + target.id);
  await expect(card.getByRole("heading", { name: nick })).toBeVisible();
  await expect(card.getByTestId("user-roles")).toHaveText("USER");
  await page.getByLabel("Email or nickname").fill(target.email);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByTestId("user-" + target.id)).toBeVisible();
  await checkA11y(page);
  await shot(page, "admin-users-search");
});

test("a member is suspended and restored, the server follows; suspending oneself is refused", async ({ page, server }) => {
  acceptDialogs(page);
  const admin = await server.newAdmin();
  const target = await server.newUser();
  await signIn(page, admin, { lang: "en" });
  await page.goto("/app/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();

  const self = await openMember(page, admin.id);
  await self.getByRole("button", { name: "Suspend" }).click();
  await expect(self.getByRole("alert")).toHaveText("You cannot suspend yourself.");
  expect((await userStatus(server, admin.id)).status).toBe("ACTIVE");

  const card = await openMember(page, target.id);
  await card.getByRole("button", { name: "Suspend" }).click();
  await expect(card.getByRole("status")).toHaveText("Suspended.");
  expect((await userStatus(server, target.id)).status).toBe("SUSPENDED");
  expect((await server.api("GET", "/users/me", { token: target.token })).status).toBe(401);
  await checkA11y(page);
  await shot(page, "admin-users");

  await card.getByRole("button", { name: "Lift suspension" }).click();
  await expect(card.getByRole("status")).toHaveText("Suspension lifted.");
  expect((await userStatus(server, target.id)).status).toBe("ACTIVE");
  await server.login(target);
});

test("관리자 권한을 주고 회수한다; 마지막 권한은 지킨다", async ({ page, server }) => {
  acceptDialogs(page);
  const admin = await server.newAdmin();
  const target = await server.newUser();
  await signIn(page, admin, { lang: "ko" });
  await page.goto("/app/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "회원 관리" })).toBeVisible();
  await page.getByLabel("회원 번호", { exact: true }).fill(String(target.id));
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/admin/users/" + target.id);
  await page.getByRole("button", { name: "열기" }).click();
  await answered;
  const card = page.getByTestId("user-" + target.id).first();
  await expect(card).toBeVisible();

  await card.getByRole("button", { name: "ADMIN 권한 부여" }).click();
  await expect(card.getByRole("status")).toHaveText("ADMIN 권한을 부여했습니다.");
  // the same member in the results below agrees with the opened card
  await expect(page.getByTestId("user-" + target.id).last().getByTestId("user-roles")).toContainText("ADMIN");
  let me = await server.api("GET", "/users/me", { token: target.token });
  expect(me.body.roles.sort()).toEqual(["ADMIN", "USER"]);

  await card.getByRole("button", { name: "ADMIN 권한 회수" }).click();
  await expect(card.getByRole("status")).toHaveText("ADMIN 권한을 회수했습니다.");
  me = await server.api("GET", "/users/me", { token: target.token });
  expect(me.body.roles).toEqual(["USER"]);

  await card.getByRole("button", { name: "USER 권한 회수" }).click();
  await expect(card.getByRole("alert")).toHaveText("계정에는 권한이 하나 이상 있어야 합니다.");
  me = await server.api("GET", "/users/me", { token: target.token });
  expect(me.body.roles).toEqual(["USER"]);
  await checkA11y(page);
  await shot(page, "admin-users-ko");
});

test("a question is created on a free date; a taken date is refused next to the date", async ({ page, server }) => {
  const admin = await server.newAdmin();
  await freeDate(server, "11-30");
  await signIn(page, admin, { lang: "en" });
  await page.goto("/app/admin/questions");
  await expect(page.getByRole("tab", { name: "Active and inactive" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("question-01-01")).toBeVisible();
  await page.getByText("New question").click();
  const text = "What made your pet smile today? " + unique("q");
  await page.getByLabel("Question (Korean)").fill(text);
  await page.getByLabel("Month").selectOption("11");
  await page.getByLabel("Day").selectOption("30");
  await checkA11y(page);
  await shot(page, "admin-questions");
  await page.getByRole("button", { name: "Create question" }).click();
  await expect(page.getByText("Question for 30 November created.")).toBeVisible();
  let rows = await questionsOn(server, admin, "11-30");
  expect(rows.map((q) => [q.question, q.status])).toEqual([[text, "ACTIVE"]]);

  await page.getByLabel("Question (Korean)").fill("A second question for the same day");
  await page.getByLabel("Month").selectOption("11");
  await page.getByLabel("Day").selectOption("30");
  await page.getByRole("button", { name: "Create question" }).click();
  const dateBox = page.locator("fieldset.admin-monthday");
  await expect(dateBox.getByRole("alert")).toHaveText("Another question has this date already.");
  await expect(page.getByLabel("Month")).toHaveAttribute("aria-invalid", "true");
  rows = await questionsOn(server, admin, "11-30");
  expect(rows.map((q) => q.question)).toEqual([text]);

  // an impossible day is not offered; the server names a missing one
  await page.getByLabel("Month").selectOption("02");
  await expect(page.getByLabel("Day").locator("option")).toHaveCount(30);
  await page.getByLabel("Day").selectOption("");
  await page.getByRole("button", { name: "Create question" }).click();
  await expect(dateBox.getByRole("alert")).toBeVisible();
});

test("질문을 고치고 비활성화, 활성화, 삭제, 복구한다", async ({ page, server }) => {
  acceptDialogs(page);
  const admin = await server.newAdmin();
  await signIn(page, admin, { lang: "ko" });
  await page.goto("/app/admin/questions");
  const row = page.getByTestId("question-01-05");
  await expect(row).toBeVisible();
  const id = (await server.api("GET", "/daily-questions?size=50", { token: admin.token })).body.content.find((q) => q.date === "01-05").id;
  const state = async () => (await server.api("GET", "/daily-questions/" + id, { token: admin.token })).body;

  await row.getByRole("button", { name: "수정" }).click();
  const edited = "오늘 반려동물과 무엇을 했나요? " + unique("e");
  await row.getByLabel("질문 (한국어)").fill(edited);
  await row.getByRole("button", { name: "저장" }).click();
  await expect(row.getByText(edited)).toBeVisible();
  expect((await state()).question).toBe(edited);

  // moving it onto a taken date is refused next to the date
  await row.getByRole("button", { name: "수정" }).click();
  await row.getByLabel("일", { exact: true }).selectOption("06");
  await row.getByRole("button", { name: "저장" }).click();
  await expect(row.locator("fieldset").getByRole("alert")).toHaveText("이 날짜에는 이미 질문이 있습니다.");
  expect((await state()).date).toBe("01-05");
  await row.getByRole("button", { name: "취소" }).click();

  await row.getByRole("button", { name: "비활성화" }).click();
  await expect(row.getByText("비활성", { exact: true })).toBeVisible();
  expect((await state()).status).toBe("INACTIVE");
  await page.getByRole("tab", { name: "비활성", exact: true }).click();
  await expect(page.getByTestId("question-01-05")).toBeVisible();
  await page.getByRole("tab", { name: "비활성", exact: true }).press("ArrowLeft");
  await expect(page.getByRole("tab", { name: "활성·비활성" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tab", { name: "활성·비활성" })).toBeFocused();

  await row.getByRole("button", { name: "활성화" }).click();
  await expect(row.getByText("활성", { exact: true })).toBeVisible();
  expect((await state()).status).toBe("ACTIVE");

  await row.getByRole("button", { name: "삭제" }).click();
  await expect(row).toHaveCount(0);
  const deleted = await server.api("GET", "/daily-questions/deleted", { token: admin.token });
  expect(deleted.body.content.map((q) => q.id)).toContain(id);
  await page.getByRole("tab", { name: "삭제됨" }).click();
  const gone = page.getByTestId("question-01-05");
  await expect(gone.getByText("삭제됨", { exact: true })).toBeVisible();
  await checkA11y(page);
  await shot(page, "admin-questions-ko");
  await gone.getByRole("button", { name: "복구" }).click();
  await expect(page.getByText("이 상태의 질문이 없습니다.")).toBeVisible();
  expect((await state()).status).toBe("ACTIVE");
});

test("a place: coordinates needed without a geocoder, created, edited, photographed, deleted and restored", async ({ page, server }) => {
  acceptDialogs(page);
  const admin = await server.newAdmin();
  await signIn(page, admin, { lang: "en" });
  const name = unique("Cafe").slice(0, 20);
  const address = "Seoul, Mapo-gu " + unique("a");

  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/app/admin/places/new");
  await expect(page.getByRole("heading", { level: 1, name: "Add a place" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Description").fill("Dogs welcome on the terrace.");
  await page.getByLabel("Type").selectOption("CAFE");
  await page.getByLabel("Address").fill(address);
  await page.getByRole("button", { name: "Add place" }).click();
  const latField = page.locator(".field").filter({ has: page.getByLabel("Latitude") });
  await expect(latField.getByRole("alert")).toContainText("no geocoding provider");
  await expect(page.getByLabel("Longitude")).toHaveAttribute("aria-invalid", "true");
  expect((await server.api("GET", "/places?placeName=" + encodeURIComponent(name))).body.totalElements).toBe(0);
  await checkA11y(page);
  await shot(page, "admin-place-new-mobile");
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByLabel("Latitude").fill("37.5563");
  await page.getByLabel("Longitude").fill("126.9236");
  await page.getByRole("button", { name: "Add place" }).click();
  await expect(page).toHaveURL(/\/app\/admin\/places\/\d+\?created=1$/);
  await expect(page.getByText("Place added.")).toBeVisible();
  const id = Number(/places\/(\d+)/.exec(page.url())[1]);
  let place = (await server.api("GET", "/places/" + id)).body;
  expect([place.placeName, place.placeType, place.latitude, place.longitude, place.placeStatus]).toEqual([name, "CAFE", 37.5563, 126.9236, "ACTIVE"]);

  const renamed = name + " Two";
  await page.getByLabel("Name").fill(renamed);
  await page.getByLabel("Type").selectOption("RESTAURANT");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  place = (await server.api("GET", "/places/" + id)).body;
  expect([place.placeName, place.placeType, place.address]).toEqual([renamed, "RESTAURANT", address]);

  await page.getByLabel("Add photos").setInputFiles({ name: "terrace.png", mimeType: "image/png", buffer: pngBytes() });
  await expect(page.getByText("Done", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Attach the chosen photos" }).click();
  await expect(page.getByRole("img", { name: "Place photo 1" })).toBeVisible();
  expect((await server.api("GET", "/places/" + id)).body.images).toHaveLength(1);
  await checkA11y(page);
  await shot(page, "admin-place-edit");

  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("Deleted.", { exact: true })).toBeVisible();
  expect((await server.api("GET", "/places/" + id, { token: admin.token })).status).toBe(404);

  // the deep link of a deleted place still offers the restore
  await page.reload();
  await expect(page.getByText("This place is deleted or does not exist.")).toBeVisible();
  await page.getByRole("button", { name: "Restore as inactive" }).click();
  await expect(page.getByText("Restored. Status: Inactive")).toBeVisible();
  expect((await server.api("GET", "/places/" + id, { token: admin.token })).body.placeStatus).toBe("INACTIVE");
  await page.getByRole("button", { name: "Restore as active" }).click();
  await expect(page.getByText("Restored. Status: Active")).toBeVisible();
  expect((await server.api("GET", "/places/" + id)).body.placeStatus).toBe("ACTIVE");

  await page.goto("/app/admin/places");
  await page.getByLabel("Place name").fill(renamed);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: renamed })).toBeVisible();
  await checkA11y(page);
  await shot(page, "admin-places");
  await page.getByRole("link", { name: renamed }).click();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
});

test("a second place with the same name and address is refused as a whole", async ({ page, server }) => {
  const admin = await server.newAdmin();
  const name = unique("Vet").slice(0, 20);
  const body = { placeName: name, placeType: "HOSPITAL", address: "Busan 1", latitude: 35.1, longitude: 129.0 };
  expect((await server.api("POST", "/places", { body, token: admin.token })).status).toBe(201);
  await signIn(page, admin, { lang: "ko" });
  await page.goto("/app/admin/places/new");
  await page.getByLabel("이름").fill(name);
  await page.getByLabel("종류").selectOption("HOSPITAL");
  await page.getByLabel("주소").fill("Busan 1");
  await page.getByLabel("위도").fill("35.1");
  await page.getByLabel("경도").fill("129.0");
  await page.getByRole("button", { name: "등록" }).click();
  await expect(page.locator(".form-error")).toHaveText("같은 이름과 주소의 장소가 이미 있습니다.");
  await expect(page).toHaveURL(/\/places\/new$/);
  expect((await server.api("GET", "/places?placeName=" + encodeURIComponent(name))).body.totalElements).toBe(1);
  await checkA11y(page);
  await shot(page, "admin-place-new-ko");
});

test("a place without coordinates is geocoded by the configured provider (a local stand-in for Kakao)", async ({ page }) => {
  // the provider: Kakao Local's address search, as petory-httpd calls it
  const seen = [];
  const kakao = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const q = url.searchParams.get("query") || "";
    seen.push([url.pathname, q, req.headers.authorization]);
    const docs = q.startsWith("서울") ? [{ address_name: q, x: "126.9779692", y: "37.566535" }] : [];
    res.writeHead(req.headers.authorization === "KakaoAK web-test-key" ? 200 : 401, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ documents: docs, meta: { total_count: docs.length } }));
  });
  await new Promise((resolve) => kakao.listen(0, "127.0.0.1", resolve));
  const kakaoUrl = `http://127.0.0.1:${kakao.address().port}/v2/local/search/address.json`;
  const server = await startServer(["--kakao-api-key", "web-test-key", "--kakao-local-url", kakaoUrl]);
  try {
    acceptDialogs(page);
    const admin = await server.newAdmin();
    await signIn(page, admin, { lang: "ko" });
    await page.goto(server.url + "/app/admin/places/new");
    const name = unique("카페").slice(0, 20);
    await page.getByLabel("이름").fill(name);
    await page.getByLabel("종류").selectOption("CAFE");
    // an address the provider does not know: refused next to the address
    await page.getByLabel("주소").fill("어딘가 모르는 곳 1");
    await page.getByRole("button", { name: "등록" }).click();
    await expect(page.locator(".field").filter({ has: page.getByLabel("주소") }).getByRole("alert")).toBeVisible();
    expect((await server.api("GET", "/places?placeName=" + encodeURIComponent(name))).body.totalElements).toBe(0);
    // a known one: the place gets the provider's coordinates
    await page.getByLabel("주소").fill("서울특별시 중구 세종대로 110");
    await page.getByRole("button", { name: "등록" }).click();
    await expect(page).toHaveURL(/\/app\/admin\/places\/\d+\?created=1$/);
    const id = Number(/places\/(\d+)/.exec(page.url())[1]);
    const place = (await server.api("GET", "/places/" + id)).body;
    expect([place.placeName, place.latitude, place.longitude]).toEqual([name, 37.566535, 126.9779692]);
    expect(seen.map((s) => s[1])).toEqual(["어딘가 모르는 곳 1", "서울특별시 중구 세종대로 110"]);
    expect(seen.every((s) => s[2] === "KakaoAK web-test-key")).toBe(true);
  } finally {
    await server.stop();
    kakao.close();
  }
});
