// app.js -- the PETORY web front-end: sign up, log in (password or
// Google), show and edit the account, log out.
//
// Tokens live in sessionStorage only (gone when the tab closes).  After a
// Google sign-in the server redirects to #/auth/callback?accessToken=...;
// the tokens are taken from the fragment, stored, and the fragment is
// cleared from the address bar and history at once.
"use strict";

const store = {
  get access() { return sessionStorage.getItem("accessToken"); },
  get refresh() { return sessionStorage.getItem("refreshToken"); },
  save(tokens) {
    sessionStorage.setItem("accessToken", tokens.accessToken);
    sessionStorage.setItem("refreshToken", tokens.refreshToken);
  },
  clear() {
    sessionStorage.removeItem("accessToken");
    sessionStorage.removeItem("refreshToken");
  },
};

const $ = (id) => document.getElementById(id);

function showMessage(text, isError) {
  const el = $("message");
  el.textContent = text;
  el.classList.toggle("error", Boolean(isError));
  el.hidden = !text;
}

// A readable sentence from an RFC 9457 problem body.
function describeProblem(problem, status) {
  if (!problem || typeof problem !== "object") return "Request failed (" + status + ")";
  let text = problem.detail || problem.title || "Request failed";
  if (problem.errors) {
    const parts = Object.entries(problem.errors).map(([k, v]) => k + " " + v);
    if (parts.length) text += ": " + parts.join("; ");
  }
  return text;
}

class ApiError extends Error {
  constructor(status, problem) {
    super(describeProblem(problem, status));
    this.status = status;
    this.problem = problem;
  }
}

async function send(method, path, body, token) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers["Authorization"] = "Bearer " + token;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = null; }
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// Authenticated call; on 401 spend the refresh token once and retry.
async function api(method, path, body) {
  try {
    return await send(method, path, body, store.access);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !store.refresh) throw err;
    try {
      store.save(await send("POST", "/auth/reissue", { refreshToken: store.refresh }));
    } catch (refreshErr) {
      store.clear();
      throw err;
    }
    return send(method, path, body, store.access);
  }
}

function formObject(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) out[k] = String(v).trim();
  return out;
}

function renderProfile(user) {
  const rows = [
    ["Email", user.email],
    ["Nickname", user.nickname],
    ["Mobile", user.mobileNum || "—"],
    ["Time zone", user.timezone],
    ["Roles", (user.roles || []).join(", ")],
    ["Status", user.status],
    ["Member since", user.createdAt ? new Date(user.createdAt).toLocaleString() : "—"],
  ];
  const dl = $("profile");
  dl.replaceChildren();
  for (const [k, v] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v == null ? "" : String(v);
    dl.append(dt, dd);
  }
  const form = $("profile-form");
  form.nickname.value = user.nickname || "";
  form.mobileNum.value = user.mobileNum || "";
  form.timezone.value = user.timezone || "";
}

async function refreshView() {
  if (!store.access) {
    $("signed-in").hidden = true;
    $("signed-out").hidden = false;
    return;
  }
  try {
    renderProfile(await api("GET", "/users/me"));
    $("signed-out").hidden = true;
    $("signed-in").hidden = false;
  } catch (err) {
    store.clear();
    $("signed-in").hidden = true;
    $("signed-out").hidden = false;
    showMessage(err.message, true);
  }
}

// #/auth/callback?accessToken=...&refreshToken=...&tokenType=Bearer&expiresIn=...
function takeCallbackTokens() {
  const hash = window.location.hash;
  const prefix = "#/auth/callback?";
  if (!hash.startsWith(prefix)) return;
  const params = new URLSearchParams(hash.slice(prefix.length));
  history.replaceState(null, "", window.location.pathname + window.location.search);
  const accessToken = params.get("accessToken");
  const refreshToken = params.get("refreshToken");
  if (accessToken && refreshToken) {
    store.save({ accessToken, refreshToken });
    showMessage("Signed in with Google.");
  } else {
    showMessage("The sign-in did not return tokens.", true);
  }
}

function onSubmit(id, handler) {
  $(id).addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = event.target.querySelector("button");
    button.disabled = true;
    try {
      await handler(event.target);
    } catch (err) {
      showMessage(err.message, true);
    } finally {
      button.disabled = false;
    }
  });
}

function init() {
  takeCallbackTokens();

  onSubmit("login-form", async (form) => {
    store.save(await send("POST", "/auth/login", formObject(form)));
    form.reset();
    showMessage("");
    await refreshView();
  });

  onSubmit("signup-form", async (form) => {
    const input = formObject(form);
    await send("POST", "/auth/signup", input);
    store.save(await send("POST", "/auth/login", { email: input.email, password: input.password }));
    form.reset();
    showMessage("Welcome to PETORY!");
    await refreshView();
  });

  onSubmit("profile-form", async (form) => {
    const input = formObject(form);
    const patch = { nickname: input.nickname, mobileNum: input.mobileNum };
    if (input.timezone) patch.timezone = input.timezone;
    renderProfile(await api("PATCH", "/users/me", patch));
    showMessage("Saved.");
  });

  $("logout").addEventListener("click", async () => {
    try {
      await api("POST", "/auth/logout");
    } catch (err) {
      // the tokens are dropped either way
    }
    store.clear();
    showMessage("Logged out.");
    await refreshView();
  });

  refreshView();
}

document.addEventListener("DOMContentLoaded", init);
