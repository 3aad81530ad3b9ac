// index.jsx -- /app/chat (the rooms) and /app/chat/:roomId (a room). On
// wide screens the list and the open room stand side by side; on phones
// one at a time (chat.css). The room list is loaded once per visit of
// the area and then kept fresh by the live socket (store.js).
import { useEffect } from "preact/hooks";
import { Router, Route, useRoute } from "preact-iso";
import { addMessages, t } from "../../lib/i18n.js";
import { useTitle } from "../../lib/hooks.js";
import { RequireLogin } from "../../ui/RequireLogin.jsx";
import { RoomList } from "./RoomList.jsx";
import { Room } from "./Room.jsx";
import { loadRooms } from "./store.js";
import messages from "./messages.js";
import "./chat.css";

addMessages(messages);

function Pick() {
  useTitle(t("chat.rooms.title"));
  return <p class="chat-pick muted">{t("chat.pick")}</p>;
}

function BadRoom() {
  return (
    <div class="chat-room-error">
      <p class="state state-error" role="alert">
        {t("error.CHAT_ROOM_NOT_FOUND")}
      </p>
      <p>
        <a href="/app/chat">{t("chat.back")}</a>
      </p>
    </div>
  );
}

function Layout() {
  const { params } = useRoute();
  const raw = params.roomId;
  const roomId = raw && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null;
  useEffect(() => {
    loadRooms();
  }, []);
  return (
    <section class={"page chat" + (raw ? " has-room" : "")}>
      <RoomList currentId={roomId} headingLevel={raw ? "h2" : "h1"} />
      <div class="chat-main">{!raw ? <Pick /> : roomId ? <Room key={roomId} roomId={roomId} /> : <BadRoom />}</div>
    </section>
  );
}

export default function Chat() {
  return (
    <RequireLogin>
      <Router>
        <Route path="/:roomId?" component={Layout} />
      </Router>
    </RequireLogin>
  );
}
