// useHistory.js -- one room's messages: the newest page of
// GET /chat/{roomId} on open, older pages on demand (cursor: the oldest
// id shown), messages pushed over the live socket, and a refresh of the
// newest page after a reconnect or an ack for a message not yet shown
// (a resend the server had already stored acks without a push).
// Messages are kept by id, oldest first, each once.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.js";
import { on } from "../../lib/live.js";
import { settle, outbox } from "./store.js";

const PAGE = 30;

function merge(list, incoming) {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

export function useHistory(roomId, { onIncoming } = {}) {
  const [state, setState] = useState({ loading: true, error: null, room: null, messages: [], hasMore: false, older: false });
  const latest = useRef(state);
  latest.current = state;
  const incoming = useRef(onIncoming);
  incoming.current = onIncoming;

  const take = useCallback((messages) => settle(messages.map((m) => m.clientMsgId)), []);

  const refresh = useCallback(async () => {
    try {
      const h = await api("GET", "/chat/" + roomId, { query: { size: PAGE } });
      take(h.messages || []);
      setState((s) => ({
        ...s,
        loading: false,
        error: null,
        room: h,
        messages: merge(s.messages, h.messages || []),
        hasMore: s.messages.length ? s.hasMore : Boolean(h.hasMore),
      }));
    } catch (error) {
      setState((s) => (s.room ? s : { ...s, loading: false, error }));
    }
  }, [roomId]);

  const loadOlder = useCallback(async () => {
    const first = latest.current.messages[0];
    if (!first) return;
    setState((s) => ({ ...s, older: true }));
    try {
      const h = await api("GET", "/chat/" + roomId, { query: { before: first.id, size: PAGE } });
      setState((s) => ({ ...s, older: false, messages: merge(s.messages, h.messages || []), hasMore: Boolean(h.hasMore) }));
    } catch (error) {
      setState((s) => ({ ...s, older: false, olderError: error }));
    }
  }, [roomId]);

  useEffect(() => {
    refresh();
    const offs = [
      on("message", (msg) => {
        if (msg.roomId !== roomId || !msg.message) return;
        setState((s) => ({ ...s, messages: merge(s.messages, [msg.message]) }));
        if (incoming.current) incoming.current(msg.message);
      }),
      on("ack", (msg) => {
        const mine = outbox.value.find((e) => e.clientMsgId === msg.clientMsgId);
        if (mine && mine.roomId === roomId && !latest.current.messages.some((m) => m.id === msg.messageId)) refresh();
      }),
      on("status", (up) => up && refresh()),
    ];
    return () => offs.forEach((off) => off());
  }, [roomId]);

  return { ...state, loadOlder, refresh };
}
