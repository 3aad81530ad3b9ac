// api.js -- every call to the PETORY HTTP API goes through api().
//
// It sends JSON with the access token, turns RFC 9457 problem bodies into
// ApiError (status, code, detail, field errors), and reissues the token
// pair silently once when the server answers 401: concurrent calls share
// one reissue. A refused reissue ends the session ("expired"), which sends
// the user to the login page with a message.
import { tokens, saveTokens, clearSession } from "./session.js";

export class ApiError extends Error {
  constructor(status, problem) {
    const p = problem && typeof problem === "object" ? problem : {};
    super(p.detail || p.title || "HTTP " + status);
    this.status = status;
    this.code = p.code || (status === 0 ? "NETWORK" : "HTTP_" + status);
    this.detail = p.detail || "";
    this.errors = p.errors && typeof p.errors === "object" ? p.errors : {};
    this.problem = p;
  }
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? path + (path.includes("?") ? "&" : "?") + qs : path;
}

async function send(method, url, body, accessToken) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (accessToken) headers.Authorization = "Bearer " + accessToken;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { detail: "network" });
  }
  if (res.status === 204) return { res, data: null };
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return { res, data };
}

let reissuing = null;

// One reissue at a time; resolves to the new access token or null.
export function reissue() {
  if (reissuing) return reissuing;
  const current = tokens.value;
  if (!current) return Promise.resolve(null);
  reissuing = send("POST", "/auth/reissue", { refreshToken: current.refreshToken })
    .then(({ data }) => {
      saveTokens(data);
      return data.accessToken;
    })
    .catch((err) => {
      // Another tab may have rotated the pair first: use theirs.
      if (tokens.value && tokens.value.refreshToken !== current.refreshToken)
        return tokens.value.accessToken;
      if (err.status === 401 || err.status === 400) clearSession("expired");
      return null;
    })
    .finally(() => {
      reissuing = null;
    });
  return reissuing;
}

// api(method, path, {body, query, anonymous}) -> parsed JSON, or null for
// 204. Also returns the Response through opts.onResponse when asked.
export async function api(method, path, opts = {}) {
  const url = withQuery(path, opts.query);
  const token = opts.anonymous ? null : tokens.value && tokens.value.accessToken;
  try {
    const { res, data } = await send(method, url, opts.body, token);
    if (opts.onResponse) opts.onResponse(res);
    return data;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !token) throw err;
    const fresh = await reissue();
    if (!fresh) throw err;
    const { res, data } = await send(method, url, opts.body, fresh);
    if (opts.onResponse) opts.onResponse(res);
    return data;
  }
}

export const get = (path, query) => api("GET", path, { query });
