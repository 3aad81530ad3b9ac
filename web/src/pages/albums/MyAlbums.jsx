// MyAlbums.jsx -- /app/albums: the form of today's album (text, who can
// see it, 1..N photos uploaded one by one with their own progress bars,
// N from /config for the user's role) and the user's own albums, private
// ones included. The server keeps the one-album-a-day rule; its refusal
// shows as the form's error.
import { useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { TextField, FormError, useSubmit } from "../../ui/forms.jsx";
import { membersOnly } from "../../ui/RequireLogin.jsx";
import { AlbumsPage, AlbumFeed, albumHref, AlbumPhotos, fieldText } from "./common.jsx";
import { VisibilityChoice } from "./VisibilityChoice.jsx";

const FIELDS = ["content", "albumVisibility", "imageKeys"];
// the server's limit of an album's text, in characters
const CONTENT_MAX = 255;

function TodayForm({ onSaved }) {
  const [content, setContent] = useState("");
  const [visibility, setVisibility] = useState("PRIVATE");
  const [keys, setKeys] = useState([]);
  const [uploading, setUploading] = useState(false);
  const [resetKey, setResetKey] = useState(0);
  const action = useSubmit();
  // the outcome is the album just saved
  const saved = action.done;

  const save = action.submit(
    async () => {
      const album = await api("POST", "/users/albums", {
        body: { content: content || undefined, albumVisibility: visibility, imageKeys: keys },
      });
      setContent("");
      setResetKey((k) => k + 1);
      onSaved(album);
      return album;
    },
    { done: (album) => album },
  );
  const submit = (e) => (uploading ? e.preventDefault() : save(e));
  const errs = action.fields;
  return (
    <form class="card today-album" onSubmit={submit} noValidate aria-labelledby="today-album-title">
      <h2 id="today-album-title">{t("albums.today.title")}</h2>
      <p class="muted">{t("albums.today.intro")}</p>
      <TextField
        label={t("albums.today.content")}
        multiline
        rows={3}
        name="content"
        value={content}
        onInput={setContent}
        counter={{ message: "albums.today.count", max: CONTENT_MAX }}
        error={fieldText(errs, "content")}
      />
      <VisibilityChoice value={visibility} onChange={setVisibility} error={fieldText(errs, "albumVisibility")} />
      <AlbumPhotos
        label={t("albums.today.photos")}
        onChange={setKeys}
        onBusy={setUploading}
        resetKey={resetKey}
        error={fieldText(errs, "imageKeys")}
      />
      <FormError error={action.error} fields={FIELDS} />
      {uploading && (
        <p class="muted" role="status">
          {t("albums.today.busy")}
        </p>
      )}
      {saved && (
        <p class="notice" role="status">
          {t("albums.today.saved")} <a href={albumHref(saved.albumId)}>{t("albums.today.open")}</a>
        </p>
      )}
      <button type="submit" class="primary" disabled={action.busy || uploading}>
        {t("albums.today.save")}
      </button>
    </form>
  );
}

function Mine() {
  const [version, setVersion] = useState(0);
  return (
    <AlbumsPage title={t("albums.mine.title")}>
      <TodayForm onSaved={() => setVersion((v) => v + 1)} />
      <h2>{t("albums.mine.saved")}</h2>
      <AlbumFeed path="/users/my/albums" empty={t("albums.mine.empty")} reloadKey={version} />
    </AlbumsPage>
  );
}

export default membersOnly(Mine);
