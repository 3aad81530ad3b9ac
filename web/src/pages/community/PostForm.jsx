// PostForm.jsx -- /app/community/new and /app/community/:id/edit: a
// post's title, text and photos (uploaded at once with purpose
// "owner-board"). Editing changes title and text, deletes the photos
// marked for deletion and attaches the new ones. The server's field
// refusals show next to their fields; nothing is created on a refusal.
import { useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me } from "../../lib/session.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { TextField, FormError, fieldErrors } from "../../ui/forms.jsx";
import { ImageUpload } from "../../ui/ImageUpload.jsx";
import { ExistingImages, syncImages, fieldText } from "./boardkit.jsx";

const BASE = "/app/community";

function PostForm({ title: heading, post, onSave, cancelHref }) {
  const { route } = useLocation();
  const [title, setTitle] = useState(post ? post.title : "");
  const [content, setContent] = useState(post ? post.content : "");
  const [keys, setKeys] = useState([]);
  const [uploading, setUploading] = useState(false);
  const [removed, setRemoved] = useState(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const headingRef = useRef(null);
  useTitle(heading);
  useFocusHeading(headingRef);

  const toggle = (id) =>
    setRemoved((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const id = await onSave({ title, content, keys, removed: [...removed] });
      route(BASE + "/" + id);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const errs = fieldErrors(error);
  const named = Object.keys(errs).length > 0;
  return (
    <section class="page narrow board">
      <h1 ref={headingRef} tabIndex={-1}>
        {heading}
      </h1>
      <form class="card" onSubmit={submit} noValidate>
        <TextField
          label={t("community.form.title")}
          name="title"
          value={title}
          onInput={setTitle}
          hint={t("community.form.titleHint")}
          error={fieldText(errs, "community", "title")}
          autoComplete="off"
        />
        <TextField
          label={t("community.form.content")}
          name="content"
          multiline
          rows={8}
          value={content}
          onInput={setContent}
          hint={t("community.form.contentHint")}
          error={fieldText(errs, "community", "content")}
        />
        {post && <ExistingImages images={post.images} removed={removed} onToggle={toggle} />}
        <ImageUpload purpose="owner-board" label={t("community.form.images")} onChange={setKeys} onBusy={setUploading} />
        {errs.imageKeys && (
          <p class="field-error" role="alert">
            {errs.imageKeys}
          </p>
        )}
        {uploading && <p class="muted">{t("upload.busy")}</p>}
        <FormError error={error && !named ? error : null} />
        <div class="row board-form-buttons">
          <button type="submit" class="primary" disabled={busy || uploading}>
            {post ? t("community.form.save") : t("community.form.submit")}
          </button>
          <a class="button" href={cancelHref}>
            {t("community.form.cancel")}
          </a>
        </div>
      </form>
    </section>
  );
}

export function NewPost() {
  const save = async ({ title, content, keys }) => {
    const body = { title, content };
    if (keys.length) body.imageKeys = keys;
    const post = await api("POST", "/owner-boards", { body });
    return post.id;
  };
  return <PostForm title={t("community.form.new")} onSave={save} cancelHref={BASE} />;
}

export function EditPost() {
  const { params } = useRoute();
  const id = params.id;
  const { loading, error, data, reload } = useLoad(() => api("GET", "/owner-boards/" + encodeURIComponent(id)), [id]);
  if (loading && !data) return <Loading />;
  if (error) return <LoadError error={error} onRetry={error.status === 404 ? null : reload} />;
  if (me.value && data.writerId !== me.value.id) return <p class="state state-error">{t("error.ONLY_AUTHOR_CAN_EDIT")}</p>;
  const save = async ({ title, content, keys, removed }) => {
    await api("PUT", "/owner-boards/" + data.id, { body: { title, content } });
    await syncImages("/owner-boards/" + data.id, removed, keys);
    return data.id;
  };
  return <PostForm title={t("community.form.edit")} post={data} onSave={save} cancelHref={BASE + "/" + data.id} />;
}
