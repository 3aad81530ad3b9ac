// RoomList.jsx -- the caller's chat rooms: the other person, the listing,
// the last message with its time and the unread count; the open room
// is marked as the current one.
import { t } from "../../lib/i18n.js";
import { formatDateTime } from "../../lib/format.js";
import { Loading, Empty, LoadError } from "../../ui/states.jsx";
import { rooms, loadRooms, loadMoreRooms } from "./store.js";
import { CameraIcon } from "./Icon.jsx";

export function preview(m) {
  if (!m) return t("chat.rooms.noMessage");
  if (m.messageType === "IMAGE")
    return (
      <>
        <CameraIcon /> {t("chat.rooms.photo")}
      </>
    );
  return m.content;
}

export function nameOf(nickname) {
  return nickname || t("chat.unknownUser");
}

function RoomItem({ room, current }) {
  const last = room.lastMessage;
  return (
    <li class={"chat-room" + (current ? " current" : "")}>
      <a href={"/app/chat/" + room.chatRoomId} aria-current={current ? "page" : undefined}>
        <span class="chat-room-top">
          <strong class="chat-room-name">{nameOf(room.opponentNickname)}</strong>
          {last && <time dateTime={last.createdAt}>{formatDateTime(last.createdAt)}</time>}
        </span>
        {room.tradeBoardTitle && <span class="chat-room-about muted">{t("chat.rooms.about", { title: room.tradeBoardTitle })}</span>}
        <span class="chat-room-bottom">
          <span class="chat-room-last">{preview(last)}</span>
          {room.unreadCount > 0 && (
            <span class="chat-unread">
              <span aria-hidden="true">{room.unreadCount > 99 ? "99+" : room.unreadCount}</span>
              <span class="visually-hidden">{t("chat.rooms.unread", { count: room.unreadCount })}</span>
            </span>
          )}
        </span>
      </a>
    </li>
  );
}

export function RoomList({ currentId, headingLevel = "h1" }) {
  const state = rooms.value;
  const Heading = headingLevel;
  return (
    <section class="chat-rooms" aria-labelledby="chat-rooms-title">
      <Heading id="chat-rooms-title" class="chat-rooms-title">
        {t("chat.rooms.title")}
      </Heading>
      {state.error && <LoadError error={state.error} onRetry={() => loadRooms()} />}
      {state.loading && !state.items.length && <Loading />}
      {!state.loading && !state.error && !state.items.length && <Empty>{t("chat.rooms.empty")}</Empty>}
      {state.items.length > 0 && (
        <ul class="chat-room-list">
          {state.items.map((r) => (
            <RoomItem key={r.chatRoomId} room={r} current={r.chatRoomId === currentId} />
          ))}
        </ul>
      )}
      {state.page + 1 < state.totalPages && (
        <button type="button" class="chat-more" onClick={loadMoreRooms}>
          {t("chat.rooms.more")}
        </button>
      )}
    </section>
  );
}
