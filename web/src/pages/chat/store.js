// store.js -- the chat area's shared state, kept while the app runs so
// that it survives moving between the room list and a room:
//   rooms   the caller's rooms (GET /chat), latest activity first, kept
//           fresh by every pushed "message" and reloaded after reconnects;
//   outbox  the messages this tab sent that the room has not shown from
//           the server yet: "sending" until the ack names their
//           clientMsgId, "failed" when the server refused them for good.
// live.js itself keeps and resends the frames; this only mirrors them
// for the screen, matched by clientMsgId, so nothing is shown twice.
import { signal } from "@preact/signals";
import { api } from "../../lib/api.js";
import { on, sendChat } from "../../lib/live.js";
import { me } from "../../lib/session.js";

const ROOM_PAGE = 30;

export const rooms = signal({ loading: true, error: null, items: [], page: 0, totalPages: 0 });
// the room on screen (its new messages are not counted unread)
export const openRoom = signal(null);
export const outbox = signal([]);

let loadSeq = 0;

export async function loadRooms(pages = 1) {
  const mine = ++loadSeq;
  rooms.value = { ...rooms.value, loading: true, error: null };
  try {
    let items = [];
    let last = null;
    for (let p = 0; p < pages; p++) {
      last = await api("GET", "/chat", { query: { page: p, size: ROOM_PAGE } });
      items = items.concat(last.content || []);
      if (p + 1 >= last.totalPages) break;
    }
    if (mine !== loadSeq) return;
    rooms.value = { loading: false, error: null, items, page: last ? last.page : 0, totalPages: last ? last.totalPages : 0 };
  } catch (error) {
    if (mine === loadSeq) rooms.value = { ...rooms.value, loading: false, error };
  }
}

export async function loadMoreRooms() {
  const cur = rooms.value;
  try {
    const next = await api("GET", "/chat", { query: { page: cur.page + 1, size: ROOM_PAGE } });
    const known = new Set(cur.items.map((r) => r.chatRoomId));
    rooms.value = {
      ...rooms.value,
      items: cur.items.concat((next.content || []).filter((r) => !known.has(r.chatRoomId))),
      page: next.page,
      totalPages: next.totalPages,
    };
  } catch (error) {
    rooms.value = { ...rooms.value, error };
  }
}

function patchRoom(roomId, fn) {
  rooms.value = { ...rooms.value, items: rooms.value.items.map((r) => (r.chatRoomId === roomId ? fn(r) : r)) };
}

export function setRoomRead(roomId) {
  patchRoom(roomId, (r) => ({ ...r, unreadCount: 0 }));
}

export function dropRoom(roomId) {
  rooms.value = { ...rooms.value, items: rooms.value.items.filter((r) => r.chatRoomId !== roomId) };
}

// A pushed message moves its room to the top with the new last message.
function onMessage(msg, myId) {
  const room = rooms.value.items.find((r) => r.chatRoomId === msg.roomId);
  if (!room) {
    // a new room, or one the caller had left: the server knows best
    loadRooms(Math.max(1, rooms.value.page + 1));
    return;
  }
  const m = msg.message || {};
  const counts = m.senderId !== myId && openRoom.value !== msg.roomId;
  const updated = { ...room, lastMessage: m, unreadCount: (room.unreadCount || 0) + (counts ? 1 : 0) };
  rooms.value = {
    ...rooms.value,
    items: [updated, ...rooms.value.items.filter((r) => r.chatRoomId !== msg.roomId)],
  };
}

// ---- the outbox ----

function setOutbox(fn) {
  outbox.value = fn(outbox.value);
}

function release(entry) {
  if (entry.previewUrl) URL.revokeObjectURL(entry.previewUrl);
}

// Sends a message and shows it at once; returns its clientMsgId.
export function send(roomId, messageType, content, previewUrl) {
  const clientMsgId = sendChat(roomId, messageType, content);
  setOutbox((list) => [...list, { clientMsgId, roomId, messageType, content, previewUrl, state: "sending", at: new Date().toISOString() }]);
  return clientMsgId;
}

// Entries the server's messages now show are done.
export function settle(clientMsgIds) {
  const ids = new Set(clientMsgIds.filter(Boolean));
  if (!ids.size) return;
  setOutbox((list) =>
    list.filter((e) => {
      if (!ids.has(e.clientMsgId)) return true;
      release(e);
      return false;
    }),
  );
}

export function dismiss(clientMsgId) {
  settle([clientMsgId]);
}

on("message", (msg) => {
  onMessage(msg, me.value && me.value.id);
  if (msg.message && msg.message.clientMsgId) settle([msg.message.clientMsgId]);
});

on("ack", (msg) => {
  setOutbox((list) => list.map((e) => (e.clientMsgId === msg.clientMsgId ? { ...e, state: "sent", messageId: msg.messageId } : e)));
});

on("error", (msg) => {
  // RATE_LIMITED stays queued in live.js and goes out again later
  if (!msg.clientMsgId || msg.code === "RATE_LIMITED") return;
  setOutbox((list) => list.map((e) => (e.clientMsgId === msg.clientMsgId ? { ...e, state: "failed", error: msg } : e)));
});

on("status", (up) => {
  if (up && !rooms.value.loading) loadRooms(Math.max(1, rooms.value.page + 1));
});
