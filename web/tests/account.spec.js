// account.spec.js -- sign up, log in (and a wrong password), the profile
// and its time zone, log out, an expired session, silent token reissue,
// deep links that survive a reload, Korean and English, account deletion,
// email verification, password change and reset by mail.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import http from "node:http";
import { test, expect, signIn, useLanguage, checkA11y, shot, unique, startServer } from "./fixtures.js";

// The token of the newest mail to `email` that links to /app/<page>, read
// from the outbox of the test server's database (the library keeps only
// hashes: the mail is the one place the token exists, as for a user).
async function mailedToken(server, email, page) {
  const script = [
    "import json, re, sqlite3, sys",
    "con = sqlite3.connect(sys.argv[1])",
    "for (p,) in con.execute(\"SELECT payload FROM outbox WHERE kind = 'MAIL' ORDER BY id DESC\"):",
    "    m = json.loads(p)",
    "    r = re.search('/app/%s#token=([A-Za-z0-9_-]+)' % sys.argv[3], m['body'])",
    "    if m['to'].lower() == sys.argv[2].lower() and r:",
    "        print(r.group(1))",
    "        break",
  ].join("\n");
  const { stdout } = await promisify(execFile)("python3", ["-c", script, server.db, email, page]);
  const token = stdout.trim();
  expect(token, `a ${page} mail to ${email}`).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return token;
}

test("signs up and logs in through the pages, a wrong password is refused", async ({ page, server }) => {
  await useLanguage(page, "en");
  const email = unique("web") + "@example.com";
  const password = "a-good-password-1";
  await page.goto("/app/signup");
  await expect(page.getByRole("heading", { name: "Sign up" })).toBeVisible();
  await checkA11y(page);
  await shot(page, "account-signup-en");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password (8–128 characters)").fill("short");
  await page.getByLabel("Nickname (1–30 characters)").fill("webby");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".field-invalid").filter({ hasText: "Password" }).locator(".field-error")).toBeVisible();
  await page.getByLabel("Password (8–128 characters)").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/app\/login/);
  await expect(page.getByText("Your account is ready")).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  await checkA11y(page);
  await shot(page, "account-login-en");

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/app\/places/);
  await page.goto("/app/me");
  await expect(page.getByTestId("me-email")).toHaveText(email);
});

test("the browser's language comes first, the switch wins and stays", async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url, locale: "ko-KR" });
  const page = await context.newPage();
  await page.goto("/app/login");
  await expect(page.getByRole("heading", { name: "로그인" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await page.getByLabel("이메일").fill("nobody@example.com");
  await page.getByLabel("비밀번호").fill("wrong-password");
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByRole("alert")).toHaveText("이메일 또는 비밀번호가 올바르지 않습니다.");
  await checkA11y(page);
  await shot(page, "account-login-ko");
  await page.getByLabel("언어").selectOption("en");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await context.close();
});

test("the profile: nickname and time zone saved, a bad mobile number refused next to its field", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/me");
  await expect(page.getByTestId("me-email")).toHaveText(user.email);
  await page.getByLabel("Mobile number (10–11 digits)").fill("12ab");
  await page.getByRole("button", { name: "Save" }).click();
  const mobile = page.locator(".field").filter({ has: page.getByLabel("Mobile number (10–11 digits)") });
  await expect(mobile.locator(".field-error")).toBeVisible();
  await expect(page.getByLabel("Mobile number (10–11 digits)")).toHaveAttribute("aria-invalid", "true");
  let me = await server.api("GET", "/users/me", { token: user.token });
  expect(me.body.mobileNum ?? null).toBeNull();

  await page.getByLabel("Mobile number (10–11 digits)").fill("01012345678");
  await page.getByLabel("Nickname").fill("새 닉네임");
  await page.getByLabel("Time zone").selectOption("Europe/Paris");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  me = await server.api("GET", "/users/me", { token: user.token });
  expect(me.body).toMatchObject({ nickname: "새 닉네임", mobileNum: "01012345678", timezone: "Europe/Paris" });
  await checkA11y(page);
  await shot(page, "account-me-en");
  // a deep link survives a reload
  await page.reload();
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Paris");
});

test("an expired access token is reissued silently", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, { ...user, accessToken: "not-a-valid-token" }, { lang: "en" });
  await page.goto("/app/me");
  await expect(page.getByTestId("me-email")).toHaveText(user.email);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("petory.tokens")));
  expect(stored.accessToken).not.toBe("not-a-valid-token");
  expect(stored.refreshToken).not.toBe(user.refreshToken);
  // the old refresh token is spent on the server
  const again = await server.api("POST", "/auth/reissue", { body: { refreshToken: user.refreshToken } });
  expect(again.status).toBe(401);
});

test("an expired session sends the user to log in, then back", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, { ...user, accessToken: "bad", refreshToken: "also-bad" }, { lang: "en" });
  await page.goto("/app/me");
  await expect(page).toHaveURL(/\/app\/login\?next=%2Fapp%2Fme/);
  await expect(page.getByText("Your session has expired. Please log in again.")).toBeVisible();
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/app\/me$/);
  await expect(page.getByTestId("me-email")).toHaveText(user.email);
});

test("log out ends the session on the server too", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/me");
  await expect(page.getByTestId("me-email")).toHaveText(user.email);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/app\/login/);
  expect(await page.evaluate(() => localStorage.getItem("petory.tokens"))).toBeNull();
  expect((await server.api("GET", "/users/me", { token: user.token })).status).toBe(401);
});

test("deleting the account asks first, then logs out", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/me");
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("button", { name: "Delete my account" }).click();
  expect((await server.api("GET", "/users/me", { token: user.token })).status).toBe(200);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/app\/login/);
  expect((await server.api("GET", "/users/me", { token: user.token })).status).toBe(401);
});

test("the Google button shows only when the server lists Google", async ({ page, server }) => {
  await useLanguage(page, "en");
  await page.goto("/app/login");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  // wait for GET /config to have answered before asserting an absence
  await page.waitForResponse((r) => r.url().endsWith("/config")).catch(() => {});
  await expect(page.getByRole("link", { name: "Continue with Google" })).toHaveCount(0);

  const google = await startServer(["--google-client-id", "web-test-client", "--google-client-secret", "s3cret"]);
  try {
    await page.goto(google.url + "/app/login");
    await expect(page.getByRole("link", { name: "Continue with Google" })).toHaveAttribute("href", "/oauth2/authorization/google");
  } finally {
    await google.stop();
  }
});

test("the original's page paths lead into the app; unknown app paths say so", async ({ page }) => {
  await useLanguage(page, "en");
  await page.goto("/login");
  await expect(page).toHaveURL(/\/app\/login$/);
  await page.goto("/myCalendar");
  await expect(page).toHaveURL(/\/app\/(calendar|login)/);
  await page.goto("/app/no-such-page");
  await expect(page.getByRole("heading", { name: "This page does not exist." })).toBeVisible();
});

test("on a 360 px phone the menu opens from its button, by keyboard", async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/app/login");
  const nav = page.getByRole("navigation", { name: "Main menu" });
  await expect(nav).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).focus();
  await page.keyboard.press("Enter");
  await expect(nav).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Sign up" })).toBeVisible();
  await expect(nav).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
  await shot(page, "account-signup-phone");
  await context.close();
});

// Google sign-in, end to end in the browser against a fake provider: the
// binding cookie travels with the browser, the callback hands the page a
// one-time code (never tokens), the page spends it and wipes the address
// bar; a bad or spent code, or tokens planted in the fragment (the old
// callback, a login-CSRF link), sign no one in.
test.describe("Google sign-in callback", () => {
  // A Google-compatible provider that signs in `email` at once: /authorize
  // sends the browser straight back with a code, /token and /userinfo
  // answer petory-httpd.
  async function fakeGoogle(email) {
    const codes = new Map();
    const tokens = new Map();
    const srv = http.createServer((req, res) => {
      const u = new URL(req.url, "http://x");
      const json = (status, body) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (u.pathname === "/authorize") {
        const code = unique("code");
        codes.set(code, email);
        const back = new URL(u.searchParams.get("redirect_uri"));
        back.searchParams.set("code", code);
        back.searchParams.set("state", u.searchParams.get("state"));
        res.writeHead(302, { Location: back.toString() });
        return res.end();
      }
      if (u.pathname === "/token" && req.method === "POST") {
        let raw = "";
        req.on("data", (d) => (raw += d));
        req.on("end", () => {
          const form = new URLSearchParams(raw);
          const who = codes.get(form.get("code"));
          codes.delete(form.get("code"));
          if (!who) return json(400, { error: "invalid_grant" });
          const token = unique("tok");
          tokens.set(token, who);
          json(200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
        });
        return;
      }
      if (u.pathname === "/userinfo") {
        const who = tokens.get((req.headers.authorization || "").replace(/^Bearer /, ""));
        if (!who) return json(401, { error: "invalid_token" });
        return json(200, { sub: "1", email: who, email_verified: true, name: "Web Googler" });
      }
      json(404, { error: "not_found" });
    });
    await new Promise((r) => srv.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${srv.address().port}`;
    return { base, close: () => new Promise((r) => srv.close(r)) };
  }

  async function googleServer(email) {
    const google = await fakeGoogle(email);
    const server = await startServer([
      "--google-client-id", "web-test-client", "--google-client-secret", "s3cret",
      "--google-authorize-url", google.base + "/authorize",
      "--google-token-url", google.base + "/token",
      "--google-userinfo-url", google.base + "/userinfo",
    ]);
    return { server, google, stop: async () => (await server.stop(), await google.close()) };
  }

  const storedTokens = (page) => page.evaluate(() => localStorage.getItem("petory.tokens"));

  test("the one-time code is spent and the user lands signed in, with no token in any URL", async ({ page }) => {
    const email = unique("google") + "@gmail.com";
    const g = await googleServer(email);
    try {
      const seen = [];
      page.on("request", (r) => seen.push(r.url()));
      page.on("response", (r) => {
        const loc = r.headers()["location"];
        if (loc) seen.push(loc);
      });
      await useLanguage(page, "en");
      await page.goto(g.server.url + "/app/login");
      await page.getByRole("link", { name: "Continue with Google" }).click();
      await expect(page).toHaveURL(/\/app\/places$/);
      expect(await page.evaluate(() => location.hash)).toBe("");
      const callback = seen.find((u) => u.includes("/app/auth/callback#"));
      expect(callback).toMatch(/\/app\/auth\/callback#code=[A-Za-z0-9_-]{43}$/);
      for (const u of seen) {
        expect(u).not.toMatch(/accessToken|refreshToken|eyJ[A-Za-z0-9_-]+\./);
      }
      const pair = JSON.parse(await storedTokens(page));
      expect(pair.accessToken).toBeTruthy();
      expect(pair.refreshToken).toBeTruthy();
      await page.goto(g.server.url + "/app/me");
      await expect(page.getByTestId("me-email")).toHaveText(email);

      // the same code again: refused, and it says so
      const code = callback.split("#code=")[1];
      await page.evaluate(() => localStorage.removeItem("petory.tokens"));
      await page.goto(g.server.url + "/app/auth/callback#code=" + code);
      await expect(page.getByRole("heading", { name: "Google sign-in failed." })).toBeVisible();
      await expect(page.getByRole("alert")).toHaveText("This sign-in link has expired or was already used. Please log in again.");
      expect(await page.evaluate(() => location.hash)).toBe("");
      expect(await storedTokens(page)).toBeNull();
      await shot(page, "account-oauth-bad-code-en");
    } finally {
      await g.stop();
    }
  });

  test("tokens planted in the fragment are never stored", async ({ page, server }) => {
    const user = await server.newUser();
    await useLanguage(page, "en");
    await page.goto(`/app/auth/callback#accessToken=${user.accessToken}&refreshToken=${user.refreshToken}&tokenType=Bearer`);
    await expect(page.getByRole("heading", { name: "Google sign-in failed." })).toBeVisible();
    expect(await page.evaluate(() => location.hash)).toBe("");
    expect(await storedTokens(page)).toBeNull();
    await checkA11y(page);
    // with a code beside them, only the code counts (here a bad one)
    await page.goto("/app/login");
    await page.goto(`/app/auth/callback#accessToken=${user.accessToken}&refreshToken=${user.refreshToken}&code=${"A".repeat(43)}`);
    await expect(page.getByRole("alert")).toHaveText("This sign-in link has expired or was already used. Please log in again.");
    expect(await storedTokens(page)).toBeNull();
  });
});

test("the mailed link verifies the email; the account page says so and sends a new link", async ({ page, server }) => {
  const user = await server.newUser();
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/me");
  await expect(page.getByTestId("me-email-status")).toContainText("Not verified");
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByText("We sent a new link.")).toBeVisible();
  await checkA11y(page);
  await shot(page, "account-me-unverified-en");

  const token = await mailedToken(server, user.email, "verify-email");
  await page.goto("/app/verify-email#token=" + token);
  await expect(page.getByText("Your email address is verified.", { exact: true })).toBeVisible();
  expect(new URL(page.url()).hash, "the token is wiped from the address bar").toBe("");
  await checkA11y(page);
  await shot(page, "account-verify-email-en");
  await page.goto("/app/me");
  await expect(page.getByTestId("me-email-status")).toHaveText("Verified");
  const me = await server.api("GET", "/users/me", { token: user.token });
  expect(me.body.emailVerified).toBe(true);

  // the link works once
  await page.goto("/app/verify-email#token=" + token);
  await expect(page.getByRole("alert")).toHaveText("This verification link is wrong, used or expired.");
  await page.goto("/app/verify-email");
  await expect(page.getByRole("alert")).toHaveText("This verification link is wrong, used or expired.");
});

test("forgot password: the link by mail sets a new password, the old one stops working (Korean)", async ({ page, server }) => {
  const user = await server.newUser();
  await useLanguage(page, "ko");
  await page.goto("/app/login");
  await page.getByRole("link", { name: "비밀번호를 잊으셨나요?" }).click();
  await expect(page).toHaveURL(/\/app\/forgot-password/);
  await expect(page.getByRole("heading", { name: "비밀번호 재설정" })).toBeVisible();
  await page.getByLabel("이메일").fill(user.email);
  await page.getByRole("button", { name: "재설정 링크 받기" }).click();
  await expect(page.getByText("재설정 링크를 보냈습니다")).toBeVisible();
  await checkA11y(page);
  await shot(page, "account-forgot-password-ko");

  const token = await mailedToken(server, user.email, "reset-password");
  await page.goto("/app/reset-password#token=" + token);
  await expect(page.getByRole("heading", { name: "새 비밀번호 정하기" })).toBeVisible();
  expect(new URL(page.url()).hash).toBe("");
  await page.getByLabel("새 비밀번호 (8–128자)").fill("짧다");
  await page.getByRole("button", { name: "비밀번호 저장" }).click();
  await expect(page.getByLabel("새 비밀번호 (8–128자)")).toHaveAttribute("aria-invalid", "true");
  await checkA11y(page);
  await shot(page, "account-reset-password-ko");
  await page.getByLabel("새 비밀번호 (8–128자)").fill("새로운 비밀번호입니다");
  await page.getByRole("button", { name: "비밀번호 저장" }).click();
  await expect(page).toHaveURL(/\/app\/login\?reset=1/);
  await expect(page.getByText("비밀번호를 바꿨습니다.")).toBeVisible();

  expect((await server.api("POST", "/auth/login", { body: { email: user.email, password: user.password } })).status).toBe(401);
  expect((await server.api("GET", "/users/me", { token: user.token })).status).toBe(401);
  await page.getByLabel("이메일").fill(user.email);
  await page.getByLabel("비밀번호", { exact: true }).fill("새로운 비밀번호입니다");
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page).toHaveURL(/\/app\/places/);

  // the spent link is refused, with a way to get a new one
  await page.goto("/app/reset-password#token=" + token);
  await page.getByLabel("새 비밀번호 (8–128자)").fill("또 다른 비밀번호");
  await page.getByRole("button", { name: "비밀번호 저장" }).click();
  await expect(page.getByRole("alert")).toHaveText("재설정 링크가 올바르지 않거나, 이미 사용되었거나, 만료되었습니다.");
  await expect(page.getByRole("link", { name: "새 재설정 링크 받기" })).toBeVisible();
});

test("the account page changes the password: a wrong current one is refused, other logins end", async ({ page, server }) => {
  const user = await server.newUser();
  const elsewhere = await server.login(user);
  await signIn(page, user, { lang: "en" });
  await page.goto("/app/me");
  await page.getByLabel("Current password").fill("not-the-password");
  await page.getByLabel("New password (8–128 characters)").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is wrong.")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await checkA11y(page);
  await shot(page, "account-password-change-en");

  await page.getByLabel("Current password").fill(user.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. Your other logins have ended.")).toBeVisible();
  expect((await server.api("GET", "/users/me", { token: elsewhere.token })).status).toBe(401);
  // this browser's login stays
  await page.reload();
  await expect(page.getByTestId("me-email")).toHaveText(user.email);
  const again = await server.api("POST", "/auth/login", { body: { email: user.email, password: "a brand new password" } });
  expect(again.status).toBe(200);
});
