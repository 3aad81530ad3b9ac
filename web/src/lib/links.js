// links.js -- where a notification leads in the app (the list and the
// toast both use it). The server gives
// API-style links (/owner-boards/7, /chat/3, /pets/2, …); each maps to
// the page showing that thing. An /app/ link is used as it is; a link
// the app has no page for gives null (the item is then not a link).
const RULES = [
  [/^\/chat\/(\d+)$/, (id) => "/app/chat/" + id],
  [/^\/owner-boards\/(\d+)$/, (id) => "/app/community/" + id],
  [/^\/trade-boards\/(\d+)$/, (id) => "/app/market/" + id],
  [/^\/pets\/(\d+)$/, (id) => "/app/pets/" + id],
  [/^\/places\/(\d+)$/, (id) => "/app/places/" + id],
  [/^\/users\/events\/(\d+)$/, (id) => "/app/calendar?event=" + id],
  [/^\/daily-questions(\/.*)?$/, () => "/app/today"],
  [/^\/admin(\/.*)?$/, () => "/app/admin"],
  [/^\/users\/me$/, () => "/app/me"],
];

export function appLink(link) {
  if (!link || typeof link !== "string") return null;
  if (link === "/app" || link.startsWith("/app/")) return link;
  const path = link.split(/[?#]/)[0];
  for (const [re, to] of RULES) {
    const m = re.exec(path);
    if (m) return to(m[1]);
  }
  return null;
}
