// lostpets.spec.js -- the lost-pets pages: an alert raised from a pet's
// page with the point chosen on the map (a watcher of the area is
// alerted), the map with the alerts near a point and the watched-area
// setting (a circle on the map, radius, enabled), a sighting from another
// user, and FOUND by the owner.
import { test, expect, signIn, checkA11y, shot } from "./fixtures.js";

// A click on the middle of a map region (Seoul City Hall on a fresh map),
// away from its zoom buttons.
async function clickMap(page, name, index = 0) {
  await page.getByRole("region", { name }).nth(index).click();
}

test("an alert raised from the pet's page reaches the watcher; a sighting and FOUND", async ({ page, server }) => {
  const owner = await server.newUser();
  const watcher = await server.newUser();
  const pet = await server.api("POST", "/pets", { body: { name: "Bori", size: "SMALL", species: "Maltese" }, token: owner.token });
  expect(pet.status).toBe(201);
  // the watcher watches most of Seoul, around the map's first view
  const area = await server.api("PUT", "/users/me/alert-area", {
    body: { latitude: 37.5665, longitude: 126.978, radiusM: 10000, enabled: true },
    token: watcher.token,
  });
  expect(area.status).toBe(200);

  await signIn(page, owner, { lang: "en" });
  await page.goto("/app/pets/" + pet.body.id);
  await page.getByRole("link", { name: "Report lost" }).click();
  await expect(page.getByRole("heading", { name: "Report a lost pet" })).toBeVisible();
  await expect(page.getByText("Pet: Bori")).toBeVisible();
  await page.getByRole("button", { name: "Raise the alert" }).click();
  await expect(page.getByText("Choose on the map where the pet was last seen.")).toBeVisible();
  await clickMap(page, "Map of lost pets");
  await expect(page.getByText(/^Last seen at: 37\./)).toBeVisible();
  await page.getByLabel("Description").fill("White Maltese, red collar");
  await page.getByLabel("Contact (optional)").fill("010-0000-0000");
  await shot(page, "lostpets-new");
  await page.getByRole("button", { name: "Raise the alert" }).click();
  await expect(page).toHaveURL(/\/app\/lost-pets\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Bori (Lost)" })).toBeVisible();
  await expect(page.getByTestId("alerted")).toHaveText("1");
  await checkA11y(page);
  await shot(page, "lostpets-alert");
  const id = Number(page.url().split("/").pop());
  const notes = await server.api("GET", "/notifications", { token: watcher.token });
  expect(notes.body.content.map((n) => n.type)).toContain("LOST_PET");

  // a sighting by the watcher
  await signIn(page, watcher, { lang: "en" });
  await page.goto("/app/lost-pets/" + id);
  await clickMap(page, "Report a sighting");
  await page.getByLabel("Note (optional)").fill("By the park");
  await page.getByRole("button", { name: "Send the sighting" }).click();
  await expect(page.getByText("Sent. The owner has been notified.")).toBeVisible();
  await expect(page.getByText("By the park")).toBeVisible();
  await shot(page, "lostpets-sighting");

  // FOUND by the owner
  await signIn(page, owner, { lang: "en" });
  await page.goto("/app/lost-pets/" + id);
  await page.getByRole("button", { name: "Found", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Bori (Found)" })).toBeVisible();
});

test("the map lists alerts near its point and sets the watched area (Korean)", async ({ page, server }) => {
  const owner = await server.newUser();
  const user = await server.newUser();
  const pet = await server.api("POST", "/pets", { body: { name: "초코", size: "SMALL", species: "푸들" }, token: owner.token });
  const raised = await server.api("POST", "/lost-pets", {
    body: {
      petId: pet.body.id,
      lastSeenAt: new Date(Date.now() - 60000).toISOString().replace(/\.\d+Z$/, "Z"),
      latitude: 37.5667,
      longitude: 126.9785,
      description: "갈색 푸들",
    },
    token: owner.token,
  });
  expect(raised.status).toBe(201);
  await signIn(page, user, { lang: "ko" });
  await page.goto("/app/lost-pets");
  await expect(page.getByRole("heading", { level: 1, name: "실종 반려동물" })).toBeVisible();
  await expect(page.getByRole("link", { name: "초코" })).toBeVisible();
  await expect(page.locator(".place-pin")).toHaveCount(1);
  await expect(page.getByText("아직 알림 지역이 없습니다. 지도에서 지점을 고르고 저장하세요.")).toBeVisible();
  await clickMap(page, "실종 신고 지도");
  await page.getByLabel("반경 (미터, 100–10000)").fill("3000");
  await page.getByLabel("이 지역의 실종 알림 받기").uncheck();
  await page.getByRole("button", { name: "지역 저장" }).click();
  await expect(page.getByText("알림 지역을 저장했습니다.")).toBeVisible();
  const area = await server.api("GET", "/users/me/alert-area", { token: user.token });
  expect(area.status).toBe(200);
  expect(area.body.radiusM).toBe(3000);
  expect(area.body.enabled).toBe(false);
  await checkA11y(page);
  await shot(page, "lostpets-map");
});
