// Composer.jsx -- writing in a room: a text message (Enter sends,
// Shift+Enter breaks the line) and a photo (uploaded through
// POST /chat/image with the room's id, then sent as an IMAGE message
// whose content is the file key). Messages go out through the live
// socket and show at once as "sending…".
import { useId, useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { uploadImage } from "../../lib/upload.js";
import { FormError, CharCount } from "../../ui/forms.jsx";
import { send } from "./store.js";
import { CameraIcon } from "./Icon.jsx";

// the server's limit of a text message, in characters
const TEXT_MAX = 1000;

export function Composer({ roomId }) {
  const id = useId();
  const [text, setText] = useState("");
  const [progress, setProgress] = useState(null);
  const [error, setError] = useState(null);

  const submit = (e) => {
    e.preventDefault();
    if (!text.trim()) return;
    send(roomId, "TEXT", text);
    setText("");
  };
  const onKeyDown = (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) submit(e);
  };
  const onPhoto = async (e) => {
    const input = e.currentTarget;
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const key = await uploadImage(file, "chat", { chatRoomId: roomId, presignPath: "/chat/image", onProgress: setProgress });
      send(roomId, "IMAGE", key, URL.createObjectURL(file));
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };

  return (
    <form class="chat-compose" onSubmit={submit}>
      <label for={id} class="visually-hidden">
        {t("chat.compose.label")}
      </label>
      <textarea
        id={id}
        rows={2}
        value={text}
        placeholder={t("chat.compose.placeholder")}
        aria-describedby={id + "-count"}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <div class="chat-compose-bar">
        <small class="muted">
          <CharCount id={id + "-count"} value={text} max={TEXT_MAX} message="chat.compose.count" />
        </small>
        <label class="button chat-photo">
          <input type="file" accept="image/jpeg,image/png,image/gif,image/webp" class="visually-hidden" onChange={onPhoto} disabled={progress !== null} />
          <CameraIcon /> {t("chat.compose.photo")}
        </label>
        <button type="submit" class="primary" disabled={!text.trim()}>
          {t("chat.compose.send")}
        </button>
      </div>
      {progress !== null && (
        <div class="chat-upload" role="status">
          <label>
            {t("chat.compose.uploading", { percent: Math.round(progress * 100) })}
            <progress max="1" value={progress} />
          </label>
        </div>
      )}
      <FormError error={error} />
    </form>
  );
}
