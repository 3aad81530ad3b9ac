// session.js -- the signed-in user's tokens and profile, shared by every
// page. Tokens live in localStorage so that a reload or a second tab stays
// signed in; listeners hear every change (login, reissue, logout). The
// profile is what GET /users/me answered last; null while signed out.
import { signal } from "@preact/signals";

const KEY = "petory.tokens";

function load() {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed = raw ? JSON.parse(raw) : null;
    return parsed && parsed.accessToken && parsed.refreshToken ? parsed : null;
  } catch {
    return null;
  }
}

export const tokens = signal(load());
export const me = signal(null);
// Why the user was last signed out ("expired" after a refused reissue).
export const signOutReason = signal(null);

export function saveTokens(pair) {
  const value = { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
  localStorage.setItem(KEY, JSON.stringify(value));
  tokens.value = value;
  signOutReason.value = null;
}

export function clearSession(reason) {
  localStorage.removeItem(KEY);
  tokens.value = null;
  me.value = null;
  signOutReason.value = reason || null;
}

export function isAdmin(user = me.value) {
  return Boolean(user && Array.isArray(user.roles) && user.roles.includes("ADMIN"));
}

// Another tab logged in or out: follow it.
window.addEventListener("storage", (e) => {
  if (e.key !== KEY) return;
  const next = load();
  tokens.value = next;
  if (!next) me.value = null;
});
