// AlbumPage.jsx -- /app/albums/:id: one album: its text, its photos as a
// grid that opens the viewer, and for its owner the public/private
// switch, the text's edit form, more photos, a photo's delete and the
// album's delete. A private album of someone else is "not found".
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me } from "../../lib/session.js";
import { formatDate } from "../../lib/format.js";
import { useLoad } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { TextField, FormError, useSubmit } from "../../ui/forms.jsx";
import { AlbumsPage, AlbumNotFound, userAlbumsHref, AlbumPhotos, fieldText } from "./common.jsx";
import { Viewer } from "./Viewer.jsx";

// Runs an album call (useSubmit): the answer's album (when there is
// one) goes to onAlbum, message is the success line.
function useAction(onAlbum) {
  const action = useSubmit();
  const run = (call, message) =>
    action.run(
      async () => {
        const result = await call();
        if (result && onAlbum) onAlbum(result);
      },
      { done: message },
    );
  return { ...action, run };
}

function Done({ text }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

function PhotoGrid({ album, owner, date, onAlbum }) {
  const [index, setIndex] = useState(null);
  const action = useAction();
  const images = album.images;
  const remove = (image) =>
    action.run(async () => {
      await api("DELETE", "/users/albums/images/" + image.albumImageId);
      onAlbum({ ...album, images: images.filter((i) => i.albumImageId !== image.albumImageId) });
    }, t("albums.album.photoDeleted"));
  return (
    <>
      {!images.length ? (
        <p class="muted">{t("albums.album.noPhotos")}</p>
      ) : (
        <ul class="album-photos">
          {images.map((image, i) => (
            <li key={image.albumImageId}>
              <button type="button" class="album-photo" onClick={() => setIndex(i)} aria-label={t("albums.album.open", { n: i + 1, total: images.length })}>
                <img src={image.url} alt="" loading="lazy" />
              </button>
              {owner && (
                <button type="button" class="link" disabled={action.busy} onClick={() => remove(image)}>
                  {t("albums.album.deletePhoto", { n: i + 1 })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Done text={action.done} />
      <FormError error={action.error} />
      <Viewer images={images} index={index} date={date} onIndex={setIndex} onClose={() => setIndex(null)} />
    </>
  );
}

function VisibilitySwitch({ album, onAlbum }) {
  const action = useAction(onAlbum);
  const isPublic = album.albumVisibility === "PUBLIC";
  const flip = () =>
    action.run(() =>
      api("PATCH", "/users/albums/" + album.albumId + "/visibility", { body: { albumVisibility: isPublic ? "PRIVATE" : "PUBLIC" } }),
    );
  return (
    <div class="spread">
      <p data-testid="album-visibility">{isPublic ? t("albums.visibility.isPublic") : t("albums.visibility.isPrivate")}</p>
      <button type="button" onClick={flip} disabled={action.busy}>
        {isPublic ? t("albums.visibility.makePrivate") : t("albums.visibility.makePublic")}
      </button>
      <FormError error={action.error} />
    </div>
  );
}

function ContentForm({ album, onAlbum }) {
  const [content, setContent] = useState(album.content || "");
  const action = useAction(onAlbum);
  const submit = (e) => {
    e.preventDefault();
    action.run(() => api("PUT", "/users/albums/" + album.albumId, { body: { content } }), t("albums.album.contentSaved"));
  };
  const errs = action.fields;
  return (
    <form onSubmit={submit} noValidate>
      <TextField
        label={t("albums.album.contentLabel")}
        multiline
        rows={3}
        value={content}
        onInput={setContent}
        error={fieldText(errs, "content")}
      />
      <FormError error={action.error} fields={["content"]} />
      <Done text={action.done} />
      <button type="submit" disabled={action.busy}>
        {t("albums.album.saveContent")}
      </button>
    </form>
  );
}

function AddPhotos({ album, onAlbum }) {
  const [keys, setKeys] = useState([]);
  const [uploading, setUploading] = useState(false);
  const [resetKey, setResetKey] = useState(0);
  const action = useAction(onAlbum);
  const add = async () => {
    const ok = await action.run(
      () => api("POST", "/users/albums/" + album.albumId + "/images", { body: { imageKeys: keys } }),
      t("albums.album.photosAdded"),
    );
    if (ok) setResetKey((k) => k + 1);
  };
  return (
    <div class="album-add">
      <AlbumPhotos
        label={t("albums.album.addPhotos")}
        onChange={setKeys}
        onBusy={setUploading}
        resetKey={resetKey}
        error={fieldText(action.fields, "imageKeys")}
      />
      <FormError error={action.error} fields={["imageKeys"]} />
      <Done text={action.done} />
      <button type="button" onClick={add} disabled={action.busy || uploading || !keys.length}>
        {t("albums.album.addPhotosButton")}
      </button>
    </div>
  );
}

function DeleteAlbum({ album }) {
  const { route } = useLocation();
  const action = useAction();
  const remove = async () => {
    if (!window.confirm(t("albums.album.confirmDelete"))) return;
    if (await action.run(() => api("DELETE", "/users/albums/" + album.albumId))) route("/app/albums");
  };
  return (
    <>
      <FormError error={action.error} />
      <button type="button" class="danger" onClick={remove} disabled={action.busy}>
        {t("albums.album.delete")}
      </button>
    </>
  );
}

function Album({ album, onAlbum }) {
  const owner = Boolean(me.value && me.value.id === album.userId);
  const date = formatDate(album.createdAt);
  return (
    <AlbumsPage title={t("albums.album.title", { date })}>
      <div class="card">
        {album.content ? <p class="album-content">{album.content}</p> : <p class="muted">{t("albums.album.noContent")}</p>}
        {!owner && (
          <p>
            <a href={userAlbumsHref(album.userId)}>{t("albums.album.more")}</a>
          </p>
        )}
      </div>
      <h2>{t("albums.album.photos")}</h2>
      <PhotoGrid album={album} owner={owner} date={date} onAlbum={onAlbum} />
      {owner && (
        <section class="card album-manage" aria-labelledby="album-manage-title">
          <h2 id="album-manage-title">{t("albums.album.manage")}</h2>
          <VisibilitySwitch album={album} onAlbum={onAlbum} />
          <h3>{t("albums.album.editContent")}</h3>
          <ContentForm album={album} onAlbum={onAlbum} />
          <h3>{t("albums.album.morePhotos")}</h3>
          <AddPhotos album={album} onAlbum={onAlbum} />
          <hr />
          <DeleteAlbum album={album} />
        </section>
      )}
    </AlbumsPage>
  );
}

export default function AlbumPage() {
  const { params } = useRoute();
  const { loading, error, data, reload, setData } = useLoad(() => api("GET", "/users/albums/" + params.id), [params.id]);
  if (loading && !data) return <Loading />;
  if (error && (error.status === 404 || error.status === 400)) return <AlbumNotFound />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  return <Album album={data} onAlbum={setData} />;
}
