// pets.spec.js -- the pets pages: add a pet with photos, its page with its
// age and birthday countdown, a photo deleted, edit (more photos), delete
// with undo; field errors of a refused form (Korean); "today is the
// birthday"; another user's pet not found; the list on a 360 px phone.
import { test, expect, signIn, checkA11y, shot, pngBytes } from "./fixtures.js";

const ZONE = "Asia/Seoul"; // a new user's zone and the browser's (playwright.config.js)

// YYYY-MM-DD of today + days in ZONE, with the year moved by years.
function dateFromToday(days, years = 0) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [y, m, d] = today.split("-").map(Number);
  const when = new Date(Date.UTC(y, m - 1, d + days));
  when.setUTCFullYear(when.getUTCFullYear() + years);
  return when.toISOString().slice(0, 10);
}

const uploadKey = (server, user, purpose = "pet") => server.upload(user, purpose);

const png = (name) => ({ name, mimeType: "image/png", buffer: pngBytes() });

// Every <img> in the locator has loaded its bytes (the signed URLs work).
async function expectImagesLoaded(images) {
  await expect
    .poll(() => images.evaluateAll((list) => list.length > 0 && list.every((img) => img.complete && img.naturalWidth > 0)))
    .toBe(true);
}

test("adds a pet with photos, shows its birthday countdown, edits it, deletes it and undoes that", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/pets");
  await expect(page.getByText("You have not added a pet yet.")).toBeVisible();

  await page.getByRole("link", { name: "Add a pet" }).click();
  await expect(page.getByRole("heading", { name: "Add a pet" })).toBeVisible();
  const birthday = dateFromToday(12, -4); // 3 years old, 12 days before turning 4
  await page.getByLabel("Name (1–30 characters)").fill("Bori");
  await page.getByLabel("Species (e.g. Maltese, tabby cat)").fill("Maltese");
  await page.getByLabel("Size").selectOption("SMALL");
  await page.getByLabel("Gender").selectOption("FEMALE");
  await page.getByLabel("Birthday").fill(birthday);
  await page.getByLabel("Photos").setInputFiles([png("one.png"), png("two.png")]);
  await expect(page.locator(".upload-done")).toHaveCount(2);
  await expect(page.getByRole("progressbar", { name: "Upload progress of two.png" })).toBeVisible();
  await checkA11y(page);
  await shot(page, "pets-new");
  await page.getByRole("button", { name: "Add pet" }).click();

  await expect(page).toHaveURL(/\/app\/pets\/\d+$/);
  const id = Number(page.url().split("/").pop());
  await expect(page.getByRole("heading", { level: 1, name: "Bori" })).toBeVisible();
  await expect(page.getByTestId("pet-dday")).toHaveText("D-12 to the birthday");
  await expect(page.getByTestId("pet-age")).toHaveText("3 years old");
  await expect(page.getByText("Female")).toBeVisible();
  await expectImagesLoaded(page.getByRole("img", { name: /^Photo \d of Bori$/ }));
  await expect(page.getByRole("img", { name: /^Photo \d of Bori$/ })).toHaveCount(2);
  let pet = await server.api("GET", "/pets/" + id, { token: user.token });
  expect(pet.body).toMatchObject({ name: "Bori", species: "Maltese", size: "SMALL", gender: "FEMALE", birthday });
  expect(pet.body.images).toHaveLength(2);
  await checkA11y(page);
  await shot(page, "pets-detail");

  // a photo deleted
  await page.getByRole("button", { name: "Delete photo 1" }).click();
  await expect(page.getByText("The photo was deleted.")).toBeVisible();
  await expect(page.getByRole("img", { name: /^Photo \d of Bori$/ })).toHaveCount(1);
  pet = await server.api("GET", "/pets/" + id, { token: user.token });
  expect(pet.body.images).toHaveLength(1);

  // edit: a new name and one more photo; a reload of the form keeps working
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page).toHaveURL(new RegExp(`/app/pets/${id}/edit$`));
  await page.reload();
  await expect(page.getByRole("heading", { name: "Edit Bori" })).toBeVisible();
  await expect(page.getByLabel("Name (1–30 characters)")).toHaveValue("Bori");
  await expect(page.getByLabel("Birthday")).toHaveValue(birthday);
  await page.getByLabel("Name (1–30 characters)").fill("Bori Kim");
  await page.getByLabel("Add photos").setInputFiles([png("three.png")]);
  await expect(page.locator(".upload-done")).toHaveCount(1);
  await checkA11y(page);
  await shot(page, "pets-edit");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Bori Kim" })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Photo \d of Bori Kim$/ })).toHaveCount(2);
  pet = await server.api("GET", "/pets/" + id, { token: user.token });
  expect(pet.body).toMatchObject({ name: "Bori Kim", species: "Maltese", birthday });
  expect(pet.body.images).toHaveLength(2);

  // delete, then undo from the list
  await page.getByRole("button", { name: "Delete pet" }).click();
  await expect(page).toHaveURL(/\/app\/pets$/);
  await expect(page.getByText("Bori Kim was deleted.")).toBeVisible();
  expect((await server.api("GET", "/pets/" + id, { token: user.token })).status).toBe(404);
  await expect(page.getByText("You have not added a pet yet.")).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText("Bori Kim is back.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Bori Kim" })).toBeVisible();
  await expect(page.locator(".pet-card").getByText("D-12 to the birthday")).toBeVisible();
  await expectImagesLoaded(page.locator(".pet-thumb"));
  expect((await server.api("GET", "/pets/" + id, { token: user.token })).status).toBe(200);
  await checkA11y(page);
  await shot(page, "pets-list");
});

test("a refused pet (Korean): empty name and a future birthday shown next to their fields, nothing created", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "ko" });
  await page.goto("/app/pets/new");
  await expect(page.getByRole("heading", { name: "반려동물 등록" })).toBeVisible();
  await page.getByRole("button", { name: "등록하기" }).click();
  const name = page.getByLabel("이름 (1–30자)");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field").filter({ has: name }).locator(".field-error")).toHaveText("이름을 1–30자로 입력해 주세요.");
  await expect(page.locator(".field").filter({ has: page.getByLabel("크기") }).locator(".field-error")).toHaveText("크기를 골라 주세요.");

  await name.fill("나비");
  await page.getByLabel("종 (예: 말티즈, 코리안숏헤어)").fill("코리안숏헤어");
  await page.getByLabel("크기").selectOption("MEDIUM");
  await page.getByLabel("생일").fill(dateFromToday(3, 1));
  await page.getByRole("button", { name: "등록하기" }).click();
  const birthday = page.getByLabel("생일");
  await expect(birthday).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field").filter({ has: birthday }).locator(".field-error")).toHaveText("생일은 실제 날짜여야 하며 미래일 수 없습니다.");
  await expect(name).not.toHaveAttribute("aria-invalid", "true");
  await checkA11y(page);
  await shot(page, "pets-new-errors-ko");
  const list = await server.api("GET", "/pets", { token: user.token });
  expect(list.body.totalElements).toBe(0);

  // fixed: it is created
  await birthday.fill(dateFromToday(0, -2));
  await page.getByRole("button", { name: "등록하기" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "나비" })).toBeVisible();
  await expect(page.getByTestId("pet-dday")).toHaveText("오늘은 나비의 생일이에요!");
  await expect(page.getByTestId("pet-age")).toHaveText("2살");
  await expect(page.getByText("사진이 없습니다.")).toBeVisible();
  await checkA11y(page);
  await shot(page, "pets-detail-ko");
});

test("another user's pet is not found; the list pages on a 360 px phone", async ({ page, server }) => {
  const owner = await server.newUser();
  const other = await server.newUser();
  const key = await uploadKey(server, owner);
  const created = await server.api("POST", "/pets", { token: owner.token, body: { name: "Coco", size: "LARGE", species: "Jindo", imageKeys: [key] } });
  expect(created.status).toBe(201);
  for (let i = 0; i < 7; i++)
    await server.api("POST", "/pets", { token: other.token, body: { name: "Pet " + i, size: "SMALL", species: "Cat" } });

  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, other, { lang: "en" });
  await page.goto("/app/pets/" + created.body.id);
  await expect(page.getByRole("heading", { name: "Pet not found" })).toBeVisible();
  await checkA11y(page);
  await shot(page, "pets-not-found");
  await page.goto("/app/pets/" + created.body.id + "/edit");
  await expect(page.getByRole("heading", { name: "Pet not found" })).toBeVisible();
  const pet = await server.api("GET", "/pets/" + created.body.id, { token: owner.token });
  expect(pet.body.name).toBe("Coco");

  // seven pets: the newest six, then the seventh on the next page
  await page.getByRole("link", { name: "All my pets" }).click();
  await expect(page.locator(".pet-card")).toHaveCount(6);
  await expect(page.getByRole("link", { name: "Pet 6" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await checkA11y(page);
  await shot(page, "pets-list-360");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/\?page=1$/);
  await expect(page.getByRole("link", { name: "Pet 0" })).toBeVisible();
  await expect(page.locator(".pet-card")).toHaveCount(1);
});
