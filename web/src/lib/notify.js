// notify.js -- the unread notification count behind the bell: loaded when
// the user signs in, raised by every notification the live socket pushes,
// and set by the notifications page after read, read-all or delete.
import { signal } from "@preact/signals";
import { api } from "./api.js";
import { on } from "./live.js";
import { tokens } from "./session.js";

export const unreadCount = signal(0);
// the newest pushed notification (a toast shows it)
export const lastPushed = signal(null);

export async function refreshUnread() {
  if (!tokens.value) {
    unreadCount.value = 0;
    return;
  }
  try {
    const page = await api("GET", "/notifications", { query: { size: 1, unread: true } });
    unreadCount.value = typeof page.unreadCount === "number" ? page.unreadCount : page.totalElements || 0;
  } catch {
    /* the bell keeps its count; the page shows errors */
  }
}

on("notification", (msg) => {
  unreadCount.value = unreadCount.value + 1;
  lastPushed.value = msg.notification || msg;
});

tokens.subscribe((v) => {
  if (!v) unreadCount.value = 0;
});
