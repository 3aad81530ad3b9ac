// today.spec.js -- the daily question page: anonymous reading in Korean
// and English (re-fetched on a language switch), answering with a live
// character count, the server's refusals (too long, a second answer the
// same day), editing, hiding and showing again, answers grouped by year,
// and the friendly state when there is no question today.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { test, expect, signIn, useLanguage, checkA11y, shot } from "./fixtures.js";

const run = promisify(execFile);

async function todayQuestion(server, lang, token) {
  const r = await server.api("GET", "/daily-questions/today?lang=" + lang, { token });
  expect(r.status).toBe(200);
  return r.body;
}

async function myAnswers(server, user, questionId) {
  const r = await server.api("GET", `/daily-questions/${questionId}/daily-answers`, { token: user.token });
  expect(r.status).toBe(200);
  return r.body;
}

test("an anonymous visitor reads today's question in Korean and English, on a phone", async ({ page, server }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await useLanguage(page, "ko");
  const ko = await todayQuestion(server, "ko");
  const en = await todayQuestion(server, "en");
  expect(ko.question).not.toBe(en.question);
  await page.goto("/app/today");
  await expect(page.getByRole("heading", { level: 1, name: "오늘의 질문" })).toBeVisible();
  await expect(page.getByTestId("today-question")).toHaveText(ko.question);
  const login = page.getByRole("link", { name: "로그인하고 답하기" });
  await expect(login).toHaveAttribute("href", "/app/login?next=%2Fapp%2Ftoday");
  await expect(page.getByLabel("나의 답", { exact: true })).toHaveCount(0);
  await checkA11y(page);
  await shot(page, "today-anonymous-ko-mobile");

  await page.getByLabel("언어").selectOption("en");
  await expect(page.getByTestId("today-question")).toHaveText(en.question);
  await page.getByRole("link", { name: "Log in to answer" }).click();
  await expect(page).toHaveURL(/\/app\/login\?next=%2Fapp%2Ftoday$/);
});

test("a member answers with a live count, edits, hides and shows the answer again", async ({ page, server }) => {
  const user = await server.newUser();
  const q = await todayQuestion(server, "en", user.token);
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/today");
  await expect(page.getByTestId("today-question")).toHaveText(q.question);
  await expect(page.getByText("You have not answered this question yet.")).toBeVisible();
  await expect(page.getByText("You have no hidden answers.")).toBeVisible();

  const box = page.getByLabel("Your answer");
  await expect(page.getByTestId("answer-count")).toHaveText("0 / 255 characters");
  // characters, not bytes or UTF-16 units: a Korean syllable and an emoji count 1 each
  await box.fill("산책 🐶");
  await expect(page.getByTestId("answer-count")).toHaveText("4 / 255 characters");
  // the server's limit: 256 characters are refused next to the field
  await box.fill("가".repeat(256));
  await expect(page.getByTestId("answer-count")).toHaveText("256 / 255 characters");
  await page.getByRole("button", { name: "Post answer" }).click();
  await expect(page.locator(".field-invalid .field-error")).toBeVisible();
  expect(await myAnswers(server, user, q.id)).toHaveLength(0);

  await box.fill("We walked by the river 🐶");
  await page.getByRole("button", { name: "Post answer" }).click();
  const year = new Date().getFullYear();
  await expect(page.getByRole("heading", { level: 3, name: `${year} (this year)` })).toBeVisible();
  await expect(page.getByTestId("my-answer")).toHaveCount(1);
  await expect(page.getByTestId("my-answer")).toContainText("We walked by the river 🐶");
  await expect(page.getByText("You already answered this question today.")).toBeVisible();
  await expect(page.getByLabel("Your answer")).toHaveCount(0);
  let saved = await myAnswers(server, user, q.id);
  expect(saved.map((a) => a.answer)).toEqual(["We walked by the river 🐶"]);
  await checkA11y(page);
  await shot(page, "today-member-en");

  // edit in place
  await page.getByTestId("my-answer").getByRole("button", { name: "Edit" }).click();
  const edit = page.getByLabel("Edit answer");
  await expect(edit).toHaveValue("We walked by the river 🐶");
  await edit.fill("We walked by the river, then napped");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("my-answer")).toContainText("We walked by the river, then napped");
  saved = await myAnswers(server, user, q.id);
  expect(saved[0].answer).toBe("We walked by the river, then napped");

  // hide, then show again
  await page.getByTestId("my-answer").getByRole("button", { name: "Hide" }).click();
  await expect(page.getByTestId("my-answer")).toHaveCount(0);
  await expect(page.getByTestId("hidden-answer")).toHaveCount(1);
  await expect(page.getByTestId("hidden-answer")).toContainText("then napped");
  expect(await myAnswers(server, user, q.id)).toHaveLength(0);
  const hidden = await server.api("GET", "/daily-questions/daily-answers/hide", { token: user.token });
  expect(hidden.body.content.map((a) => a.id)).toEqual([saved[0].id]);
  await checkA11y(page);

  await page.getByTestId("hidden-answer").getByRole("button", { name: "Show again" }).click();
  await expect(page.getByTestId("hidden-answer")).toHaveCount(0);
  await expect(page.getByText("You have no hidden answers.")).toBeVisible();
  await expect(page.getByTestId("my-answer")).toContainText("then napped");
  expect(await myAnswers(server, user, q.id)).toHaveLength(1);
});

test("a second answer the same day is refused with ALREADY_WRITTEN_TODAY", async ({ page, server }) => {
  const user = await server.newUser();
  const q = await todayQuestion(server, "ko", user.token);
  await signIn(page, user, { lang: "ko" });
  await page.goto("/app/today");
  await expect(page.getByTestId("today-question")).toHaveText(q.question);
  const box = page.getByLabel("나의 답", { exact: true });
  await expect(box).toBeVisible();
  // meanwhile the same user answers on another device
  const other = await server.api("POST", `/daily-questions/${q.id}/daily-answers`, {
    token: user.token,
    body: { answer: "다른 기기에서 쓴 답" },
  });
  expect(other.status).toBe(201);
  await box.fill("두 번째 답");
  await page.getByRole("button", { name: "답 남기기" }).click();
  await expect(page.getByRole("alert")).toHaveText("오늘은 이미 이 질문에 답했어요. 하루에 한 번만 답할 수 있습니다.");
  await expect(page.getByTestId("my-answer")).toHaveCount(1);
  await expect(page.getByTestId("my-answer")).toContainText("다른 기기에서 쓴 답");
  const saved = await myAnswers(server, user, q.id);
  expect(saved.map((a) => a.answer)).toEqual(["다른 기기에서 쓴 답"]);
  await checkA11y(page);
  await shot(page, "today-already-written-ko");
});

test("answers to the same question in past years are grouped by year", async ({ page, server }) => {
  const user = await server.newUser();
  const q = await todayQuestion(server, "ko", user.token);
  const first = await server.api("POST", `/daily-questions/${q.id}/daily-answers`, {
    token: user.token,
    body: { answer: "작년의 답" },
  });
  expect(first.status).toBe(201);
  // the API only writes today's answers: move this one a year back
  await run("sqlite3", [
    server.db,
    `UPDATE daily_answers SET created_at = created_at - 366*86400000, updated_at = updated_at - 366*86400000, ` +
      `day = date(day, '-1 year') WHERE id = ${first.body.id}`,
  ]);
  const second = await server.api("POST", `/daily-questions/${q.id}/daily-answers`, {
    token: user.token,
    body: { answer: "올해의 답" },
  });
  expect(second.status).toBe(201);

  await signIn(page, user, { lang: "ko" });
  await page.goto("/app/today");
  const year = new Date().getFullYear();
  const thisYear = page.getByRole("region", { name: `${year}년 (올해)` });
  const lastYear = page.getByRole("region", { name: `${year - 1}년` });
  await expect(thisYear.getByTestId("my-answer")).toHaveText([/올해의 답/]);
  await expect(lastYear.getByTestId("my-answer")).toHaveText([/작년의 답/]);
  // newest first
  await expect(page.getByTestId("my-answer").first()).toContainText("올해의 답");
  await checkA11y(page);
  await shot(page, "today-years-ko");
});

test("with no question today the page says so kindly", async ({ page, server }) => {
  const admin = await server.newAdmin();
  const q = await todayQuestion(server, "en", admin.token);
  const off = await server.api("PATCH", `/daily-questions/${q.id}/inactive`, { token: admin.token });
  expect(off.status).toBe(204);
  try {
    const user = await server.newUser();
    expect((await server.api("GET", "/daily-questions/today", { token: user.token })).status).toBe(404);
    await signIn(page, user, { lang: "en" });
    await page.goto("/app/today");
    await expect(page.getByRole("heading", { name: "No question today" })).toBeVisible();
    await expect(page.getByText("Come back tomorrow for a new one!")).toBeVisible();
    await expect(page.getByLabel("Your answer")).toHaveCount(0);
    await checkA11y(page);
    await shot(page, "today-none-en");
  } finally {
    await server.api("PATCH", `/daily-questions/${q.id}/activate/restore`, { token: admin.token });
  }
});
