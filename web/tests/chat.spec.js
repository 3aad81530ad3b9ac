// chat.spec.js -- the chat pages with two members in two browsers: live
// messages both ways, a photo, the room list kept fresh with unread
// counts, mark read, leaving a room, a refused message, a dropped
// connection (resends by clientMsgId: nothing lost, nothing twice), a
// non-member's 403, the phone layout; Korean and English.
import { test, expect, signIn, checkA11y, shot, unique, pngBytes } from "./fixtures.js";

async function listing(server, seller) {
  const r = await server.api("POST", "/trade-boards", {
    token: seller.token,
    body: { category: "TOYS", title: "Ball " + unique("t").slice(0, 10), content: "A squeaky ball", price: 5000 },
  });
  expect(r.status).toBe(201);
  return r.body;
}

// seller A, buyer B and the room B opened on A's listing
async function pair(server) {
  const a = await server.newUser();
  const b = await server.newUser();
  const post = await listing(server, a);
  const r = await server.api("POST", "/chat/" + post.id, { token: b.token });
  expect(r.status).toBe(201);
  return { a, b, post, roomId: r.body.chatRoomId };
}

// A second browser for another user (its own storage and socket).
async function otherBrowser(browser, server, user, { lang = "en", viewport } = {}) {
  const ctx = await browser.newContext({ baseURL: server.url, timezoneId: "Asia/Seoul", viewport: viewport || { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signIn(page, user, { lang });
  return page;
}

async function history(server, user, roomId) {
  const r = await server.api("GET", `/chat/${roomId}?size=100`, { token: user.token });
  expect(r.status).toBe(200);
  return r.body.messages;
}

const log = (page) => page.getByRole("log");
const composer = (page) => page.getByRole("textbox", { name: /^(Message|메시지)$/ });

async function say(page, text) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
}

test("two members chat live both ways, with a photo", async ({ page, browser, server }) => {
  const { a, b, post, roomId } = await pair(server);
  await signIn(page, a, { lang: "en" });
  const pageB = await otherBrowser(browser, server, b);

  await page.goto(`/app/chat/${roomId}`);
  await pageB.goto(`/app/chat/${roomId}`);
  await expect(page.getByRole("heading", { name: `Chat with ${b.nickname}` })).toBeVisible();
  await expect(pageB.getByRole("heading", { name: `Chat with ${a.nickname}` })).toBeVisible();
  await expect(pageB.getByRole("link", { name: `Listing: ${post.title}` })).toHaveAttribute("href", `/app/market/${post.id}`);
  await expect(page.getByTestId("chat-connection")).toHaveText("Live");
  await expect(pageB.getByTestId("chat-connection")).toHaveText("Live");
  await expect(log(page)).toContainText("Send the first message.");

  await say(pageB, "Hello, is the ball still for sale?");
  await expect(log(pageB).locator(".chat-msg.mine")).toContainText("Hello, is the ball still for sale?");
  await expect(log(page).locator(".chat-msg.theirs")).toContainText("Hello, is the ball still for sale?");
  await expect(log(page).locator(".chat-msg.theirs .chat-who")).toHaveText(b.nickname);

  await composer(page).fill("Yes!\nCome by tomorrow.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(log(pageB).locator(".chat-msg.theirs")).toContainText("Come by tomorrow.");
  await expect(composer(page)).toHaveValue("");
  // nothing shown twice, nothing left "sending"
  await expect(log(page).locator(".chat-msg")).toHaveCount(2);
  await expect(log(pageB).locator(".chat-msg")).toHaveCount(2);
  await expect(log(pageB).getByText("Sending…")).toHaveCount(0);

  // a photo: uploaded for the room, sent as its file key, shown to both
  await pageB.getByLabel("Send a photo").setInputFiles({ name: "ball.png", mimeType: "image/png", buffer: pngBytes() });
  const seen = log(page).getByRole("img", { name: `Photo from ${b.nickname}` });
  await expect(seen).toBeVisible();
  await expect.poll(() => seen.evaluate((img) => img.complete && img.naturalWidth)).toBe(1);
  await expect(log(pageB).getByRole("img", { name: "Photo I sent" })).toBeVisible();
  await expect(log(pageB).locator(".chat-msg")).toHaveCount(3);

  // the room list beside the room shows the latest message
  await expect(page.locator(".chat-room.current")).toContainText("Photo");

  const stored = await history(server, a, roomId);
  expect(stored.map((m) => [m.messageType, m.senderId])).toEqual([
    ["TEXT", b.id],
    ["TEXT", a.id],
    ["IMAGE", b.id],
  ]);
  expect(stored[1].content).toBe("Yes!\nCome by tomorrow.");
  expect(stored[2].imageUrl).toBeTruthy();

  await checkA11y(page);
  await shot(page, "chat-room");
  await pageB.context().close();
});

test("the room list in Korean: live last message and unread count, mark read, a refused message, leaving", async ({ page, browser, server }) => {
  const { a, b, post, roomId } = await pair(server);
  await signIn(page, a, { lang: "ko" });
  await page.goto("/app/chat");
  await expect(page.getByRole("heading", { name: "채팅 목록" })).toBeVisible();
  const item = page.locator(".chat-room").filter({ hasText: b.nickname });
  await expect(item).toContainText(`${post.title} 관련`);
  await expect(item).toContainText("아직 메시지가 없습니다.");
  await expect(page.getByText("왼쪽 목록에서 채팅을 고르세요.")).toBeVisible();

  // B writes while A looks at the list: it updates without a reload
  const pageB = await otherBrowser(browser, server, b, { lang: "ko" });
  await pageB.goto(`/app/chat/${roomId}`);
  await expect(pageB.getByTestId("chat-connection")).toHaveText("실시간 연결됨");
  await say(pageB, "안녕하세요, 공 아직 있나요?");
  await say(pageB, "내일 가능할까요?");
  await expect(item).toContainText("내일 가능할까요?");
  await expect(item.getByText("읽지 않은 메시지 2개")).toBeAttached();
  await checkA11y(page);
  await shot(page, "chat-rooms-ko");

  // opening the room marks it read
  await item.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/app/chat/${roomId}$`));
  await expect(page.getByRole("heading", { name: `${b.nickname}님과의 채팅` })).toBeVisible();
  await expect(log(page)).toContainText("안녕하세요, 공 아직 있나요?");
  await expect(item.locator(".chat-unread")).toHaveCount(0);
  await expect.poll(async () => (await server.api("GET", "/chat", { token: a.token })).body.content[0].unreadCount).toBe(0);

  // a message the server refuses (over 1000 characters) is marked, not lost silently
  await composer(page).fill("가".repeat(1001));
  await expect(page.getByText("1001 / 1000자")).toBeVisible();
  await page.getByRole("button", { name: "보내기", exact: true }).click();
  await expect(log(page).locator(".chat-msg.failed")).toContainText("보내지 못했습니다");
  expect((await history(server, a, roomId)).length).toBe(2);
  await log(page).getByRole("button", { name: "지우기" }).click();
  await expect(log(page).locator(".chat-msg.failed")).toHaveCount(0);

  // leaving: asked first, then the room leaves A's list
  await page.getByRole("button", { name: "채팅방 나가기" }).click();
  await page.getByRole("button", { name: "나가기", exact: true }).click();
  await expect(page).toHaveURL(/\/app\/chat$/);
  await expect(page.getByText("아직 채팅이 없습니다.")).toBeVisible();
  expect((await server.api("GET", "/chat", { token: a.token })).body.content).toEqual([]);
  // B's room is untouched
  expect((await server.api("GET", "/chat", { token: b.token })).body.content.length).toBe(1);
  await pageB.context().close();
});

test("a dropped connection: unsent messages go out once after reconnecting", async ({ page, browser, server }) => {
  const { a, b, roomId } = await pair(server);
  await signIn(page, a, { lang: "en" });
  const pageB = await otherBrowser(browser, server, b);

  // B's socket goes through a route the test can cut: "online" forwards
  // both ways, "lossy" forwards B's frames but loses the server's (the
  // ack of a stored message never arrives), "offline" reaches no server.
  let mode = "online";
  const routes = [];
  await pageB.routeWebSocket(/\/ws-chat$/, (ws) => {
    routes.push(ws);
    if (mode === "offline") return; // a socket that never answers
    const upstream = ws.connectToServer();
    ws.onMessage((m) => upstream.send(m));
    upstream.onMessage((m) => {
      if (mode === "online") ws.send(m);
    });
  });

  await page.goto(`/app/chat/${roomId}`);
  await pageB.goto(`/app/chat/${roomId}`);
  await expect(pageB.getByTestId("chat-connection")).toHaveText("Live");
  await say(pageB, "before the drop");
  await expect(log(page)).toContainText("before the drop");

  // 1: stored by the server, but B never hears the ack
  mode = "lossy";
  await say(pageB, "ack lost");
  await expect(log(page)).toContainText("ack lost");
  await expect(log(pageB).locator(".chat-msg.sending")).toContainText("Sending…");

  // 2: the connection drops; written while offline
  mode = "offline";
  const sockets = routes.length;
  await routes.at(-1).close({ code: 4000, reason: "test drop" });
  await expect(pageB.getByTestId("chat-connection")).toContainText("Connection lost");
  await expect.poll(() => routes.length).toBeGreaterThan(sockets); // B is trying again
  await say(pageB, "written offline");
  await expect(log(pageB).locator(".chat-msg.sending")).toHaveCount(2);
  await expect(pageB.getByTestId("chat-connection")).toContainText("2 unsent messages");
  await checkA11y(pageB);
  await shot(pageB, "chat-room-offline");

  // back online: B reconnects by itself and resends both by clientMsgId
  mode = "online";
  await routes.at(-1).close({ code: 4000, reason: "test reconnect" });
  await expect(pageB.getByTestId("chat-connection")).toHaveText("Live", { timeout: 20_000 });
  await expect(log(pageB).locator(".chat-msg.sending")).toHaveCount(0);
  for (const p of [page, pageB]) {
    await expect(log(p).locator(".chat-msg")).toHaveCount(3);
    for (const text of ["before the drop", "ack lost", "written offline"])
      await expect(log(p).locator(".chat-msg", { hasText: text })).toHaveCount(1);
  }
  const stored = await history(server, a, roomId);
  expect(stored.map((m) => m.content)).toEqual(["before the drop", "ack lost", "written offline"]);
  // and after a reload the same three
  await page.reload();
  await expect(log(page).locator(".chat-msg")).toHaveCount(3);
  await pageB.context().close();
});

test("a non-member sees the server's refusal; the phone shows one pane at a time", async ({ page, browser, server }) => {
  const { a, b, roomId } = await pair(server);
  const outsider = await server.newUser();
  await signIn(page, outsider, { lang: "en" });
  await page.goto(`/app/chat/${roomId}`);
  await expect(page.getByRole("alert")).toHaveText("You are not a member of this chat, so you cannot see it.");
  await checkA11y(page);
  await shot(page, "chat-forbidden");

  const phone = await otherBrowser(browser, server, b, { lang: "ko", viewport: { width: 360, height: 740 } });
  await phone.goto("/app/chat");
  const item = phone.locator(".chat-room").filter({ hasText: a.nickname });
  await expect(item).toBeVisible();
  await item.getByRole("link").click();
  await expect(phone.getByRole("heading", { name: `${a.nickname}님과의 채팅` })).toBeVisible();
  await expect(phone.getByRole("heading", { name: "채팅 목록" })).toBeHidden();
  await say(phone, "폰에서 보냅니다");
  await expect(log(phone).locator(".chat-msg.mine")).toContainText("폰에서 보냅니다");
  await checkA11y(phone);
  await shot(phone, "chat-room-phone");
  await phone.getByRole("link", { name: "채팅 목록으로" }).click();
  await expect(phone.getByRole("heading", { name: "채팅 목록" })).toBeVisible();
  await expect(item).toContainText("폰에서 보냅니다");
  await phone.context().close();
});

test("a long history loads older messages on demand, in order, each once", async ({ page, browser, server }) => {
  const { a, b, roomId } = await pair(server);
  const pageB = await otherBrowser(browser, server, b);
  await pageB.goto(`/app/chat/${roomId}`);
  for (let i = 1; i <= 33; i++) await say(pageB, `message ${i}`);
  await expect(log(pageB).locator(".chat-msg")).toHaveCount(33);
  await expect(log(pageB).locator(".chat-msg.sending")).toHaveCount(0);
  await pageB.context().close();

  await signIn(page, a, { lang: "en" });
  await page.goto(`/app/chat/${roomId}`);
  await expect(log(page).locator(".chat-msg")).toHaveCount(30);
  await expect(log(page).locator(".chat-msg").last()).toContainText("message 33");
  await page.getByRole("button", { name: "Load older messages" }).click();
  await expect(log(page).locator(".chat-msg")).toHaveCount(33);
  await expect(log(page).getByText("This is the start of the conversation.")).toBeVisible();
  const texts = await log(page).locator(".chat-text").allTextContents();
  expect(texts).toEqual(Array.from({ length: 33 }, (_, i) => `message ${i + 1}`));
});
