// growth.spec.js -- a pet's growth diary: reached from the pet's page,
// empty at first; records added through the form draw the Chart.js line
// chart (weight, and length when given) with the table as its text
// alternative and the summary of the change; a record edited and one
// deleted; the CSV downloaded with the token and read back; a period
// chosen. Refusals in Korean next to their fields (a future date, three
// decimals, a taken date, from after to) leave nothing behind; another
// user's diary is not found.
import { readFileSync } from "node:fs";
import { test, expect, signIn, checkA11y, shot } from "./fixtures.js";

const ZONE = "Asia/Seoul"; // a new user's zone and the browser's (playwright.config.js)

// YYYY-MM-DD of today + days in ZONE.
function dateFromToday(days) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [y, m, d] = today.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

async function newPet(server, user, name = "Bori") {
  const r = await server.api("POST", "/pets", { token: user.token, body: { name, size: "SMALL", species: "Maltese" } });
  expect(r.status).toBe(201);
  return r.body.id;
}

async function diary(server, user, petId) {
  const r = await server.api("GET", `/pets/${petId}/growth`, { token: user.token });
  expect(r.status).toBe(200);
  return r.body;
}

// How many pixels of the canvas are drawn (not transparent).
const drawnPixels = (canvas) =>
  canvas.evaluate((c) => {
    const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  });

test("keeps a growth diary: chart, summary, edit, delete, CSV and a period", async ({ page, server }) => {
  const user = await server.newUser();
  const petId = await newPet(server, user);
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/pets/" + petId);
  await page.getByRole("link", { name: "Growth diary" }).click();
  await expect(page).toHaveURL(new RegExp(`/app/pets/${petId}/growth$`));
  await expect(page.getByRole("heading", { level: 1, name: "Bori's growth diary" })).toBeVisible();
  await expect(page.getByTestId("growth-empty")).toHaveText("No records for Bori yet. Add a first weight.");
  await expect(page.getByTestId("growth-chart")).toHaveCount(0);
  await expect(page.getByLabel("Date", { exact: true })).toHaveValue(dateFromToday(0));
  await checkA11y(page);
  await shot(page, "growth-empty");

  const entries = [
    { date: dateFromToday(-60), weight: "3", length: "30.5", note: "" },
    { date: dateFromToday(-30), weight: "3.45", length: "", note: 'after a walk, "hungry"' },
    { date: dateFromToday(-1), weight: "4.1", length: "33", note: "=vet visit" },
  ];
  for (const e of entries) {
    await page.getByLabel("Date", { exact: true }).fill(e.date);
    await page.getByLabel("Weight (kg)", { exact: true }).fill(e.weight);
    await page.getByLabel("Length (cm, optional)").fill(e.length);
    await page.getByLabel("Note (optional)").fill(e.note);
    await page.getByRole("button", { name: "Add record" }).click();
    await expect(page.locator(".growth-status")).toContainText("was added.");
    await expect(page.getByLabel("Weight (kg)", { exact: true })).toHaveValue("");
  }
  const rows = page.locator(".growth-table tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1).locator("td").nth(0)).toHaveText("3.45");
  await expect(rows.nth(1).locator("td").nth(2)).toHaveText('after a walk, "hungry"');
  await expect(page.getByTestId("growth-change")).toHaveText("+1.10 kg (+36.7%)");

  // the chart: drawn, an image whose description is the table
  const canvas = page.getByTestId("growth-chart");
  await expect(canvas).toHaveAttribute("role", "img");
  await expect(canvas).toHaveAttribute("aria-label", /^Chart of weight over 3 records from /);
  await expect(canvas).toHaveAttribute("aria-describedby", "growth-records");
  await expect(page.locator("table#growth-records")).toBeVisible();
  await expect.poll(() => drawnPixels(canvas)).toBeGreaterThan(500);
  const stored = await diary(server, user, petId);
  expect(stored.records.map((r) => [r.date, r.weightKg, r.lengthCm, r.note])).toEqual([
    [entries[0].date, 3, 30.5, null],
    [entries[1].date, 3.45, null, entries[1].note],
    [entries[2].date, 4.1, 33, "=vet visit"],
  ]);
  expect(stored.summary).toMatchObject({ count: 3, changeKg: 1.1, changePercent: 36.7, minKg: 3, maxKg: 4.1 });
  await checkA11y(page);
  await shot(page, "growth-chart");

  // edit the middle record: a new weight, the note cleared
  await page.getByRole("button", { name: /^Edit the record of / }).nth(1).click();
  await expect(page.getByRole("heading", { name: /^Edit the record of / })).toBeVisible();
  await expect(page.getByLabel("Weight (kg)", { exact: true })).toHaveValue("3.45");
  await page.getByLabel("Weight (kg)", { exact: true }).fill("3.5");
  await page.getByLabel("Note (optional)").fill("");
  await page.getByRole("button", { name: "Save record" }).click();
  await expect(page.locator(".growth-status")).toContainText("was saved.");
  await expect(rows.nth(1).locator("td").nth(0)).toHaveText("3.50");
  let body = await diary(server, user, petId);
  expect([body.records[1].weightKg, body.records[1].note]).toEqual([3.5, null]);

  // the CSV, fetched with the token and saved from a blob
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`pet-${petId}-growth.csv`);
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv).toBe(
    "date,weight_kg,length_cm,note\r\n" +
      `${entries[0].date},3.00,30.5,\r\n` +
      `${entries[1].date},3.50,,\r\n` +
      `${entries[2].date},4.10,33.0,'=vet visit\r\n`,
  );

  // delete the first record
  await page.getByRole("button", { name: /^Delete the record of / }).first().click();
  await expect(page.locator(".growth-status")).toContainText("was deleted.");
  await expect(rows).toHaveCount(2);
  body = await diary(server, user, petId);
  expect(body.records.map((r) => r.date)).toEqual([entries[1].date, entries[2].date]);

  // a period with one record: its change needs two
  await page.getByLabel("From", { exact: true }).fill(dateFromToday(-5));
  await page.getByRole("button", { name: "Show period" }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("growth-change")).toHaveText("Shown from two records on.");
  await page.getByLabel("From", { exact: true }).fill(dateFromToday(-400));
  await page.getByLabel("To", { exact: true }).fill(dateFromToday(-300));
  await page.getByRole("button", { name: "Show period" }).click();
  await expect(page.getByTestId("growth-empty")).toHaveText("No records in this period.");
});

test("refusals in Korean next to their fields leave nothing behind", async ({ page, server }) => {
  const user = await server.newUser();
  const petId = await newPet(server, user, "나비");
  await signIn(page, user, { lang: "ko" });
  await page.goto(`/app/pets/${petId}/growth`);
  await expect(page.getByRole("heading", { level: 1, name: "나비의 성장 기록" })).toBeVisible();

  const date = page.getByLabel("날짜", { exact: true });
  const weight = page.getByLabel("몸무게 (kg)", { exact: true });
  await date.fill(dateFromToday(2));
  await weight.fill("12.345");
  await page.getByLabel("몸길이 (cm, 선택)").fill("0.05");
  await page.getByRole("button", { name: "기록하기" }).click();
  await expect(date).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field").filter({ has: date }).locator(".field-error")).toHaveText("오늘이나 그 이전의 실제 날짜를 입력해 주세요.");
  await expect(page.locator(".field").filter({ has: weight }).locator(".field-error")).toHaveText("몸무게는 0.01–200kg, 소수점 둘째 자리까지 입력해 주세요.");
  await expect(page.locator(".field").filter({ has: page.getByLabel("몸길이 (cm, 선택)") }).locator(".field-error")).toHaveText(
    "몸길이는 0.1–300cm, 소수점 첫째 자리까지 입력해 주세요.",
  );
  await checkA11y(page);
  await shot(page, "growth-errors-ko");
  // a weight that is not a number is named too
  await weight.fill("열두");
  await page.getByRole("button", { name: "기록하기" }).click();
  await expect(weight).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field").filter({ has: weight }).locator(".field-error")).toHaveText("몸무게는 0.01–200kg, 소수점 둘째 자리까지 입력해 주세요.");
  expect((await diary(server, user, petId)).records).toEqual([]);

  // fixed: it is added; the same date again is refused
  await date.fill(dateFromToday(0));
  await weight.fill("4.2");
  await page.getByLabel("몸길이 (cm, 선택)").fill("");
  await page.getByRole("button", { name: "기록하기" }).click();
  await expect(page.locator(".growth-table tbody tr")).toHaveCount(1);
  await weight.fill("4.3");
  await page.getByRole("button", { name: "기록하기" }).click();
  await expect(page.locator(".form-error")).toHaveText("그 날짜에는 이미 기록이 있습니다. 표에서 그 기록을 수정해 주세요.");
  const body = await diary(server, user, petId);
  expect(body.records.map((r) => r.weightKg)).toEqual([4.2]);

  // a period that ends before it starts
  await page.getByLabel("시작일").fill(dateFromToday(-1));
  await page.getByLabel("종료일").fill(dateFromToday(-3));
  await page.getByRole("button", { name: "기간 적용" }).click();
  await expect(page.locator(".field").filter({ has: page.getByLabel("종료일") }).locator(".field-error")).toHaveText("종료일은 시작일 이후의 실제 날짜여야 합니다.");
  await checkA11y(page);
});

test("another user's growth diary is not found", async ({ page, server }) => {
  const owner = await server.newUser();
  const other = await server.newUser();
  const petId = await newPet(server, owner, "Coco");
  const added = await server.api("POST", `/pets/${petId}/growth`, { token: owner.token, body: { date: dateFromToday(-1), weightKg: 7.25 } });
  expect(added.status).toBe(201);
  await signIn(page, other, { lang: "en" });
  await page.goto(`/app/pets/${petId}/growth`);
  await expect(page.getByRole("heading", { name: "Pet not found" })).toBeVisible();
  expect((await diary(server, owner, petId)).records.map((r) => r.weightKg)).toEqual([7.25]);
});
