// live.js -- the one WebSocket to /ws-chat that the whole app shares.
//
// Connected while signed in; authenticates with its first frame; on any
// drop it reconnects by itself with a growing back-off (0.5 s up to 10 s),
// reissuing the token first when the server closed with 4401.
// Chat messages sent through sendChat() stay in `pending` until the
// server's ack names their clientMsgId; after a reconnect every pending
// message is sent again with the same clientMsgId, so the server stores
// each once (nothing lost, no duplicates). Pages listen with on(type, fn)
// for "message", "notification", "ack", "error" and "status".
import { signal } from "@preact/signals";
import { tokens } from "./session.js";
import { reissue } from "./api.js";

export const connected = signal(false);
export const pendingCount = signal(0);

const listeners = new Map();
const pending = new Map(); // clientMsgId -> frame, in send order
let socket = null;
let authed = false;
let retry = 0;
let timer = null;
let wanted = false;

function emit(type, payload) {
  for (const fn of listeners.get(type) || []) {
    try {
      fn(payload);
    } catch (e) {
      console.error(e);
    }
  }
}

export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type).delete(fn);
}

function setConnected(v) {
  connected.value = v;
  emit("status", v);
}

function flush() {
  if (!socket || !authed || socket.readyState !== WebSocket.OPEN) return;
  for (const frame of pending.values()) socket.send(JSON.stringify(frame));
}

function schedule(delay) {
  clearTimeout(timer);
  if (!wanted) return;
  timer = setTimeout(open, delay);
}

function open() {
  if (!wanted || !tokens.value) return;
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws-chat";
  let ws;
  try {
    ws = new WebSocket(url);
  } catch {
    schedule(backoff());
    return;
  }
  socket = ws;
  authed = false;
  ws.onopen = () => {
    if (tokens.value) ws.send(JSON.stringify({ type: "auth", token: tokens.value.accessToken }));
  };
  ws.onmessage = (ev) => {
    let msg;
    try {
      msg = JSON.parse(ev.data);
    } catch {
      return;
    }
    if (msg.type === "authenticated") {
      authed = true;
      retry = 0;
      setConnected(true);
      flush();
      return;
    }
    if (msg.type === "ack" && msg.clientMsgId && pending.has(msg.clientMsgId)) {
      pending.delete(msg.clientMsgId);
      pendingCount.value = pending.size;
    }
    if (msg.type === "error" && msg.clientMsgId && pending.has(msg.clientMsgId) && msg.code !== "RATE_LIMITED") {
      // refused for good (not a member, blocked, invalid): do not resend
      pending.delete(msg.clientMsgId);
      pendingCount.value = pending.size;
    }
    emit(msg.type, msg);
  };
  ws.onclose = async (ev) => {
    if (socket !== ws) return;
    socket = null;
    authed = false;
    setConnected(false);
    if (!wanted) return;
    if (ev.code === 4401) {
      const fresh = await reissue();
      if (!fresh) return;
    }
    schedule(backoff());
  };
}

function backoff() {
  const delay = Math.min(10000, 500 * 2 ** retry);
  retry = Math.min(retry + 1, 6);
  return delay;
}

export function start() {
  if (wanted) return;
  wanted = true;
  retry = 0;
  open();
}

export function stop() {
  wanted = false;
  clearTimeout(timer);
  pending.clear();
  pendingCount.value = 0;
  if (socket) {
    const ws = socket;
    socket = null;
    ws.close(1000);
  }
  setConnected(false);
}

// For tests and for a page that knows the network came back: drop the
// socket and reconnect at once (pending messages are sent again).
export function reconnectNow() {
  retry = 0;
  if (socket) socket.close(4000);
  else schedule(0);
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}

// Queues a chat message; returns its clientMsgId.
export function sendChat(roomId, messageType, content) {
  const clientMsgId = newId();
  const frame = { type: "send", roomId, messageType, content, clientMsgId };
  pending.set(clientMsgId, frame);
  pendingCount.value = pending.size;
  if (socket && authed && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  return clientMsgId;
}

export function isPending(clientMsgId) {
  return pending.has(clientMsgId);
}

// Keep the connection in step with the session.
tokens.subscribe((value) => {
  if (!value) stop();
});
