// calendar.spec.js -- the calendar page: a weekly Mon/Wed x4 event built
// with the rule editor (4 occurrences shown, the same rule on the
// server), month/week views kept in the URL across a reload, editing,
// skipping one occurrence and deleting (Korean), pets' birthdays as
// D-day markers and an all-day event for a pet, the server's refusal of
// an end before the start, and an expired session.
import { test, expect, signIn, checkA11y, shot, unique } from "./fixtures.js";

async function events(server, user, start, end) {
  const r = await server.api("GET", `/users/events?start=${start}&end=${end}`, { token: user.token });
  expect(r.status).toBe(200);
  return r.body;
}

// YYYY-MM-DD in Seoul (the users' zone), n days from now.
function seoulDate(days = 0) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(new Date(Date.now() + days * 86400000));
}

test("a weekly Mon/Wed rule with COUNT=4 makes four occurrences; views survive a reload", async ({ page, server }) => {
  const user = await server.newUser();
  const me = await server.api("GET", "/users/me", { token: user.token });
  const title = unique("Vet walk ");
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/calendar?view=month&date=2026-03-01");
  await expect(page.getByTestId("calendar-title")).toHaveText("March 2026");
  await expect(page.getByText("No events in this period.")).toBeVisible();

  await page.getByRole("button", { name: "New event" }).click();
  const dialog = page.getByRole("dialog", { name: "New event" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByLabel("Start").fill("2026-03-23T10:00");
  await dialog.getByLabel("End", { exact: true }).fill("2026-03-23T11:00");
  await expect(dialog.getByLabel("Time zone")).toHaveValue(me.body.timezone);
  await dialog.getByLabel("Repeats").selectOption("WEEKLY");
  // the start's weekday is chosen for a start
  await expect(dialog.getByRole("checkbox", { name: "Mon" })).toBeChecked();
  await dialog.getByRole("checkbox", { name: "Wed" }).check();
  await dialog.getByRole("radio", { name: "After a number of times" }).check();
  await dialog.getByLabel("Number of times", { exact: true }).fill("4");
  await expect(dialog.getByTestId("rule-preview")).toHaveText("RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4");
  await dialog.getByRole("radio", { name: "Tomato" }).check();
  await dialog.getByLabel("Reminder").selectOption("30");
  await dialog.getByLabel("Notes").fill("Bring the leash");
  await checkA11y(page);
  await shot(page, "calendar-dialog-en");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Event created." })).toBeVisible();

  // exactly four occurrences: 23, 25, 30 March and 1 April (all in March's grid)
  const shown = page.locator(".fc-event").filter({ hasText: title });
  await expect(shown).toHaveCount(4);
  await expect(page.getByTestId("agenda").getByRole("button", { name: title })).toHaveCount(4);

  // the server holds what the editor promised
  const list = (await events(server, user, "2026-03-01", "2026-06-01")).filter((o) => o.title === title);
  expect(list.map((o) => o.startDate)).toEqual([
    "2026-03-23T10:00:00+09:00",
    "2026-03-25T10:00:00+09:00",
    "2026-03-30T10:00:00+09:00",
    "2026-04-01T10:00:00+09:00",
  ]);
  const saved = await server.api("GET", `/users/events/${list[0].id}`, { token: user.token });
  expect(saved.body).toMatchObject({
    title,
    timeZone: me.body.timezone,
    isAllDay: false,
    recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4"],
    color: "TOMATO",
    remindBefore: 30,
    description: "Bring the leash",
  });
  await checkA11y(page);
  await shot(page, "calendar-month-en");

  // next month: the URL follows and a reload keeps it
  await page.getByRole("button", { name: "Next month" }).click();
  await expect(page.getByTestId("calendar-title")).toHaveText("April 2026");
  await expect(page).toHaveURL(/view=month&date=2026-04-01/);
  await expect(shown).toHaveCount(2); // 30 March and 1 April in April's first week
  await page.reload();
  await expect(page.getByTestId("calendar-title")).toHaveText("April 2026");
  await expect(shown).toHaveCount(2);

  // week view, kept across a reload too
  await page.getByRole("button", { name: "Week", exact: true }).click();
  await expect(page).toHaveURL(/view=week&date=2026-04-01/);
  await page.reload();
  await expect(page.getByRole("button", { name: "Week", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(".fc-timeGridWeek-view")).toBeVisible();
  await expect(shown).toHaveCount(2);
  await checkA11y(page);
  await shot(page, "calendar-week-en");
  await page.getByRole("button", { name: "Next week" }).click();
  await expect(shown).toHaveCount(0);

  // the app's language reaches FullCalendar at once
  await page.getByLabel("Language").selectOption("ko");
  await expect(page.getByTestId("calendar-title")).toContainText("2026년 4월");
  await expect(page.getByRole("button", { name: "다음 주" })).toBeVisible();
  // Korean weeks start on Sunday
  await expect(page.locator(".fc-col-header-cell").first()).toContainText("(일)");
});

test("edit, skip one occurrence and delete an event, in Korean", async ({ page, server }) => {
  const user = await server.newUser();
  const created = await server.api("POST", "/users/events", {
    token: user.token,
    body: {
      title: "목욕",
      startDate: "2026-03-02T10:00",
      endDate: "2026-03-02T11:00",
      timeZone: "Asia/Seoul",
      recurrence: ["RRULE:FREQ=WEEKLY;COUNT=3"],
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  await signIn(page, user, { lang: "ko" });
  await page.goto("/app/calendar?view=month&date=2026-03-01");
  await expect(page.getByRole("heading", { level: 1, name: "캘린더" })).toBeVisible();
  const shown = page.locator(".fc-event").filter({ hasText: "목욕" });
  await expect(shown).toHaveCount(3);

  // the second occurrence (9 March): the series' rule in the editor, and skip this date
  await shown.nth(1).click();
  const dialog = page.getByRole("dialog", { name: "일정 수정" });
  await expect(dialog.getByLabel("제목")).toHaveValue("목욕");
  await expect(dialog.getByText("반복 일정입니다. 저장하면 모든 반복에 적용됩니다.")).toBeVisible();
  await expect(dialog.getByLabel("반복 주기")).toHaveValue("WEEKLY");
  await expect(dialog.getByRole("radio", { name: "횟수 후 종료" })).toBeChecked();
  await expect(dialog.getByLabel("반복 횟수")).toHaveValue("3");
  await checkA11y(page);
  await shot(page, "calendar-edit-ko");
  await dialog.getByRole("button", { name: /이 날짜만 건너뛰기/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "일정을 저장했습니다." })).toBeVisible();
  await expect(shown).toHaveCount(2);
  let saved = await server.api("GET", `/users/events/${id}`, { token: user.token });
  expect(saved.body.recurrence).toEqual(["RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE:20260309T100000"]);

  // edit the title from the agenda (the same dialog, by keyboard-reachable buttons)
  await page.getByTestId("agenda").getByRole("button", { name: "목욕" }).first().click();
  await expect(dialog.getByTestId("exdates")).toContainText("2026. 3. 9.");
  await dialog.getByLabel("제목").fill("목욕과 발톱 손질");
  await dialog.getByRole("button", { name: "저장" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(".fc-event").filter({ hasText: "목욕과 발톱 손질" })).toHaveCount(2);
  saved = await server.api("GET", `/users/events/${id}`, { token: user.token });
  expect(saved.body.title).toBe("목욕과 발톱 손질");
  expect(saved.body.recurrence).toEqual(["RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE:20260309T100000"]);

  // delete, after a confirmation
  await shown.first().click();
  await dialog.getByRole("button", { name: "삭제", exact: true }).click();
  await expect(dialog.getByText("이 일정을 삭제할까요?")).toBeVisible();
  await dialog.getByRole("button", { name: "삭제하기" }).click();
  await expect(dialog).toBeHidden();
  await expect(shown).toHaveCount(0);
  await expect(page.getByText("이 기간에는 일정이 없습니다.")).toBeVisible();
  expect((await server.api("GET", `/users/events/${id}`, { token: user.token })).status).toBe(404);
});

test("pets' birthdays show as D-day markers; an all-day event for a pet, on a phone", async ({ page, server }) => {
  const user = await server.newUser();
  const birthday = seoulDate(5); // five days from today, this year
  const pet = await server.api("POST", "/pets", {
    token: user.token,
    body: { name: "코코", size: "SMALL", species: "푸들", birthday: "2020" + birthday.slice(4) },
  });
  expect(pet.status).toBe(201);
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, user, { lang: "ko" });
  await page.goto(`/app/calendar?view=month&date=${birthday}`);
  await expect(page.locator(".fc-event").filter({ hasText: "🎂 코코" })).toHaveCount(1);
  const agendaLink = page.getByTestId("agenda").getByRole("link", { name: "코코의 생일" });
  await expect(agendaLink).toHaveText("🎂 코코");
  await expect(page.getByTestId("agenda")).toContainText("D-5");
  await checkA11y(page);
  await shot(page, "calendar-birthday-ko-mobile");

  // an all-day event for the pet, on the birthday
  await page.getByRole("button", { name: "새 일정" }).click();
  const dialog = page.getByRole("dialog", { name: "새 일정" });
  await dialog.getByLabel("제목").fill("생일 파티");
  await dialog.getByRole("checkbox", { name: "종일 일정" }).check();
  await dialog.getByLabel("시작").fill(birthday);
  await dialog.getByLabel("종료 (마지막 날 포함)").fill(birthday);
  await dialog.getByLabel("반려동물").selectOption({ label: "코코" });
  await dialog.getByRole("button", { name: "저장" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(".fc-event").filter({ hasText: "생일 파티" })).toHaveCount(1);
  const list = await events(server, user, birthday, birthday.slice(0, 8) + "28");
  const party = list.find((o) => o.title === "생일 파티");
  expect(party).toMatchObject({ isAllDay: true, startDate: birthday, endDate: birthday });
  const saved = await server.api("GET", `/users/events/${party.id}`, { token: user.token });
  expect(saved.body.petId).toBe(pet.body.id);

  // the marker leads to the pet
  await agendaLink.click();
  await expect(page).toHaveURL(new RegExp(`/app/pets/${pet.body.id}$`));
});

test("an end before the start is refused by the server next to the End field", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/calendar?view=week&date=2026-03-10");
  await page.getByRole("button", { name: "New event" }).click();
  const dialog = page.getByRole("dialog", { name: "New event" });
  await dialog.getByLabel("Title").fill("Backwards");
  await dialog.getByLabel("Start").fill("2026-03-10T10:00");
  await dialog.getByLabel("End", { exact: true }).fill("2026-03-10T09:00");
  await dialog.getByRole("button", { name: "Save" }).click();
  const end = dialog.locator(".field-invalid").filter({ hasText: "End" });
  await expect(end.locator(".field-error")).toContainText("must not be before startDate");
  await expect(dialog.getByLabel("End", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(dialog).toBeVisible();
  expect(await events(server, user, "2026-03-01", "2026-04-01")).toEqual([]);
  await checkA11y(page);
  await shot(page, "calendar-end-before-start-en");

  // fixed, and made daily until 12 March except the 11th, it saves
  await dialog.getByLabel("End", { exact: true }).fill("2026-03-10T11:30");
  await dialog.getByLabel("Repeats").selectOption("DAILY");
  await dialog.getByRole("radio", { name: "On a date" }).check();
  await dialog.getByLabel("End date").fill("2026-03-12");
  await dialog.getByLabel("Add a date to skip").fill("2026-03-11");
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await expect(dialog.getByTestId("exdates")).toContainText("11 Mar 2026");
  await expect(dialog.getByTestId("rule-preview")).toHaveText("RRULE:FREQ=DAILY;UNTIL=20260312T235959\nEXDATE:20260311T100000");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const list = await events(server, user, "2026-03-01", "2026-04-01");
  expect(list.map((o) => o.startDate)).toEqual(["2026-03-10T10:00:00+09:00", "2026-03-12T10:00:00+09:00"]);
  await expect(page.locator(".fc-event").filter({ hasText: "Backwards" })).toHaveCount(2);
});

test("an expired session sends the user to the login page with a notice", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/calendar");
  await expect(page.getByRole("heading", { level: 1, name: "Calendar" })).toBeVisible();
  await expect(page).toHaveURL(/\/app\/calendar\?view=month&date=\d{4}-\d\d-\d\d$/);
  await page.evaluate(() => localStorage.setItem("petory.tokens", JSON.stringify({ accessToken: "x", refreshToken: "y" })));
  await page.reload();
  await expect(page).toHaveURL(/\/app\/login\?next=/);
  await expect(page.getByText("Your session has expired. Please log in again.")).toBeVisible();
});
