// Room.jsx -- one chat room: who and which listing it is about, the live
// connection's state, the messages (older ones on demand, new ones
// live, the caller's unsent ones marked "sending…"), the composer for
// text and photos, marking the room read while it is on screen, and
// leaving the room.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me } from "../../lib/session.js";
import { connected, pendingCount } from "../../lib/live.js";
import { formatDateTime } from "../../lib/format.js";
import { useTitle } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { FormError, errorText, serverSentence, useSubmit } from "../../ui/forms.jsx";
import { useHistory } from "./useHistory.js";
import { outbox, openRoom, setRoomRead, dropRoom, dismiss } from "./store.js";
import { nameOf } from "./RoomList.jsx";
import { Composer } from "./Composer.jsx";
import { CameraIcon } from "./Icon.jsx";

function ConnectionState() {
  const up = connected.value;
  const waiting = pendingCount.value;
  return (
    <p class={"chat-status" + (up ? " up" : " down")} role="status" data-testid="chat-connection">
      <span class="chat-dot" aria-hidden="true" />
      {up ? t("chat.status.online") : t("chat.status.offline")}
      {waiting > 0 && !up && <span class="chat-pending"> {t("chat.status.pending", { count: waiting })}</span>}
    </p>
  );
}

function Body({ m, mine, sender }) {
  if (m.messageType === "IMAGE") {
    const src = m.imageUrl || m.previewUrl;
    const alt = mine ? t("chat.msg.imageMine") : t("chat.msg.imageAlt", { name: sender });
    if (!src)
      return (
        <span class="muted">
          <CameraIcon /> {t("chat.rooms.photo")}
        </span>
      );
    return (
      <a href={src} target="_blank" rel="noopener" title={t("chat.msg.openImage")}>
        <img class="chat-image" src={src} alt={alt} loading="lazy" />
      </a>
    );
  }
  return <span class="chat-text">{m.content}</span>;
}

function Message({ m, myId }) {
  const mine = m.senderId === myId;
  const sender = nameOf(m.senderNickname);
  return (
    <li class={"chat-msg" + (mine ? " mine" : " theirs")} data-message-id={m.id}>
      <span class={mine ? "visually-hidden" : "chat-who"}>{mine ? t("chat.msg.mine") : sender}</span>
      <div class="chat-bubble">
        <Body m={m} mine={mine} sender={sender} />
      </div>
      <time class="chat-meta" dateTime={m.createdAt}>
        {formatDateTime(m.createdAt)}
      </time>
    </li>
  );
}

// A message of this tab that the server's list does not show yet.
function Outgoing({ e }) {
  const reason = e.error && ((e.error.errors && serverSentence(e.error.errors.content)) || errorText(e.error));
  return (
    <li class={"chat-msg mine" + (e.state === "failed" ? " failed" : " sending")} data-client-msg-id={e.clientMsgId}>
      <span class="visually-hidden">{t("chat.msg.mine")}</span>
      <div class="chat-bubble">
        <Body m={e} mine sender="" />
      </div>
      {e.state === "failed" ? (
        <span class="chat-meta chat-failed" role="alert">
          {t("chat.msg.failed", { reason })}{" "}
          <button type="button" class="link" onClick={() => dismiss(e.clientMsgId)}>
            {t("chat.msg.dismiss")}
          </button>
        </span>
      ) : (
        <span class="chat-meta">{e.state === "sent" ? formatDateTime(e.at) : t("chat.msg.sending")}</span>
      )}
    </li>
  );
}

// The scrolling log: stays at the bottom as messages arrive, keeps its
// place when older ones are put above.
function Log({ h, roomId }) {
  const ref = useRef(null);
  const atBottom = useRef(true);
  const fromBottom = useRef(null);
  const myId = me.value && me.value.id;
  const shown = new Set(h.messages.map((m) => m.clientMsgId).filter(Boolean));
  const ids = new Set(h.messages.map((m) => m.id));
  const mine = outbox.value.filter((e) => e.roomId === roomId && !shown.has(e.clientMsgId) && !ids.has(e.messageId));

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (fromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - fromBottom.current;
      fromBottom.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [h.messages, mine.length]);

  const older = () => {
    const el = ref.current;
    if (el) fromBottom.current = el.scrollHeight - el.scrollTop;
    h.loadOlder();
  };
  const onScroll = (e) => {
    const el = e.currentTarget;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };

  return (
    <div class="chat-log" ref={ref} onScroll={onScroll} role="log" aria-label={t("chat.room.log")} tabIndex={0}>
      {h.hasMore ? (
        <button type="button" class="chat-older" onClick={older} disabled={h.older}>
          {h.older ? t("common.loading") : t("chat.room.older")}
        </button>
      ) : (
        h.messages.length > 0 && <p class="chat-start muted">{t("chat.room.start")}</p>
      )}
      {h.olderError && <FormError error={h.olderError} />}
      {!h.messages.length && !mine.length && <p class="chat-start muted">{t("chat.room.empty")}</p>}
      <ol class="chat-messages">
        {h.messages.map((m) => (
          <Message key={m.id} m={m} myId={myId} />
        ))}
        {mine.map((e) => (
          <Outgoing key={e.clientMsgId} e={e} />
        ))}
      </ol>
    </div>
  );
}

// Marks the room read now and whenever it becomes visible again.
function useMarkRead(roomId, ready) {
  const busy = useRef(false);
  const mark = async () => {
    if (!ready || busy.current || document.visibilityState !== "visible") return;
    busy.current = true;
    try {
      await api("PATCH", "/chat/" + roomId + "/read");
      setRoomRead(roomId);
    } catch {
      /* the unread count stays; nothing to tell */
    } finally {
      busy.current = false;
    }
  };
  useEffect(() => {
    if (!ready) return undefined;
    mark();
    const onVisible = () => mark();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [roomId, ready]);
  return mark;
}

function Leave({ roomId }) {
  const { route } = useLocation();
  const [asking, setAsking] = useState(false);
  const action = useSubmit();
  const leave = () =>
    action.run(async () => {
      await api("DELETE", "/chat/" + roomId);
      dropRoom(roomId);
      route("/app/chat");
    });
  if (!asking)
    return (
      <button type="button" class="chat-leave" onClick={() => setAsking(true)}>
        {t("chat.room.leave")}
      </button>
    );
  return (
    <div class="chat-leave-confirm notice" role="group" aria-label={t("chat.room.leave")}>
      <p>{t("chat.room.leaveConfirm")}</p>
      <div class="row">
        <button type="button" class="danger" onClick={leave}>
          {t("chat.room.leaveYes")}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          {t("common.cancel")}
        </button>
      </div>
      <FormError error={action.error} />
    </div>
  );
}

export function Room({ roomId }) {
  const myId = me.value && me.value.id;
  const markRef = useRef(null);
  const h = useHistory(roomId, {
    onIncoming: (m) => m.senderId !== myId && markRef.current && markRef.current(),
  });
  const heading = useRef(null);
  const ready = Boolean(h.room);
  markRef.current = useMarkRead(roomId, ready);
  const name = h.room ? nameOf(h.room.opponentNickname) : "";
  useTitle(h.room ? t("chat.room.title", { name }) : t("chat.title"));

  useEffect(() => {
    openRoom.value = roomId;
    return () => {
      if (openRoom.value === roomId) openRoom.value = null;
    };
  }, [roomId]);
  useEffect(() => {
    if (ready && heading.current) heading.current.focus({ preventScroll: true });
  }, [ready]);

  if (h.loading && !h.room) return <Loading />;
  if (h.error) {
    const forbidden = h.error.status === 403;
    return (
      <div class="chat-room-error">
        <h1>{t("chat.title")}</h1>
        {forbidden ? (
          <p class="state state-error" role="alert">
            {t("chat.room.forbidden")}
          </p>
        ) : (
          <LoadError error={h.error} onRetry={h.refresh} />
        )}
        <p>
          <a href="/app/chat">{t("chat.back")}</a>
        </p>
      </div>
    );
  }
  const room = h.room;
  return (
    <div class="chat-room-view">
      <header class="chat-room-head">
        <a class="chat-back" href="/app/chat">
          <span aria-hidden="true">← </span>
          {t("chat.back")}
        </a>
        <div class="spread">
          <h1 ref={heading} tabIndex={-1}>
            {t("chat.room.title", { name })}
          </h1>
          <Leave roomId={roomId} />
        </div>
        {room.tradeBoardTitle && (
          <a class="chat-listing" href={"/app/market/" + room.tradeBoardId}>
            {t("chat.room.listing", { title: room.tradeBoardTitle })}
          </a>
        )}
        <ConnectionState />
      </header>
      <Log h={h} roomId={roomId} />
      <Composer roomId={roomId} />
    </div>
  );
}
