// boardkit.jsx -- pieces both boards (community posts and market
// listings) use: the URL of a list with its query (search, filter, page),
// the search box, the photo gallery of a post, the editor of a post's
// existing photos, and the new/edit form of a post (BoardForm, with
// EditLoader for the edit page): its frame, its photos and its save
// (create with the new uploads; or save, delete the removed photos and
// attach the new uploads through the resource's /images routes).
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { signal } from "@preact/signals";
import { addMessages, t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { FormError, useSubmit } from "../../ui/forms.jsx";
import { ImageUpload } from "../../ui/ImageUpload.jsx";

addMessages({
  ko: {
    "board.images.alt": "{title} 사진 {n}",
    "board.images.short": "사진 {n}",
    "board.images.current": "올린 사진",
    "board.images.remove": "사진 {n} 삭제",
    "board.images.undo": "사진 {n} 삭제 취소",
    "board.images.removed": "저장하면 삭제됩니다",
  },
  en: {
    "board.images.alt": "{title}, photo {n}",
    "board.images.short": "Photo {n}",
    "board.images.current": "Current photos",
    "board.images.remove": "Delete photo {n}",
    "board.images.undo": "Keep photo {n}",
    "board.images.removed": "Deleted when you save",
  },
});

// A notice for the next page (e.g. "The post was deleted." on the list).
export const flash = signal("");

// The catalogue's sentence for a refused field ("<prefix>.err.<field>"),
// else the server's own words.
export { fieldText } from "../../ui/forms.jsx";

// Shows and then forgets the flash notice (on leaving the page).
export function Flash() {
  const text = flash.value;
  useEffect(() => () => (flash.value = ""), []);
  if (!text) return null;
  return (
    <p class="notice" role="status">
      {text}
    </p>
  );
}

// The search box: submitting hands the trimmed text to onSearch (which
// puts it in the URL). children: extra controls (the market's category).
export function SearchBox({ value, label, placeholder, onSearch, children }) {
  const [text, setText] = useState(value);
  const inputId = useId();
  useEffect(() => setText(value), [value]);
  const submit = (e) => {
    e.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form role="search" class="board-search" onSubmit={submit} aria-label={label}>
      {children}
      <div class="board-search-text">
        <label for={inputId} class="visually-hidden">
          {label}
        </label>
        <input id={inputId} type="search" value={text} placeholder={placeholder} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit">{t("common.search")}</button>
      </div>
    </form>
  );
}

// "/app/market?category=TOYS&page=2" from a base path and parameters;
// empty values and page 0 are left out so the URL stays short.
export function listHref(base, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "" || (k === "page" && !v)) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? base + "?" + s : base;
}

// The page number of ?page= (0-based, a bad value is page 0).
export function pageOf(query) {
  const n = Number(query.page);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export function Gallery({ images, title }) {
  if (!images || images.length === 0) return null;
  return (
    <ul class="board-gallery">
      {images.map((img, i) => (
        <li key={img.id}>
          <a href={img.url} target="_blank" rel="noopener">
            <img src={img.url} alt={t("board.images.alt", { title, n: i + 1 })} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

// The photos a post has, each with a toggle that marks it for deletion
// on save. removed is a Set of image ids.
export function ExistingImages({ images, removed, onToggle }) {
  const headingId = useId();
  if (!images || images.length === 0) return null;
  return (
    <fieldset class="board-existing" aria-labelledby={headingId}>
      <legend id={headingId}>{t("board.images.current")}</legend>
      <ul>
        {images.map((img, i) => {
          const gone = removed.has(img.id);
          return (
            <li key={img.id} class={gone ? "board-image-removed" : ""}>
              <img src={img.url} alt={t("board.images.short", { n: i + 1 })} />
              {gone && <small>{t("board.images.removed")}</small>}
              <button type="button" class={gone ? "" : "danger"} onClick={() => onToggle(img.id)}>
                {t(gone ? "board.images.undo" : "board.images.remove", { n: i + 1 })}
              </button>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

// Saves a post of the board at apiPath ("/owner-boards"): a new one
// (item null) is created with the new uploads; an existing one gets
// body, loses the removed photos and gains the new uploads. Resolves to
// the post's id; throws the first refusal.
async function savePost(apiPath, item, body, keys, removedIds) {
  if (!item) {
    const created = await api("POST", apiPath, { body: keys.length ? { ...body, imageKeys: keys } : body });
    return created.id;
  }
  const base = apiPath + "/" + item.id;
  await api("PUT", base, { body });
  for (const imageId of removedIds) await api("DELETE", base + "/images/" + imageId);
  if (keys.length) await api("POST", base + "/images", { body: { imageKeys: keys } });
  return item.id;
}

// The new (item null) or edit form of a post, its fields given by
// children(errs) (the server's field errors). prefix names the page's
// catalogue ("community" -> "community.form.save" …); body() is the
// request body of the fields. Photos upload at once with `purpose`; on
// save the post's page (base + "/" + id) opens.
export function BoardForm({ heading, prefix, base, apiPath, purpose, item, body, children }) {
  const { route } = useLocation();
  const [keys, setKeys] = useState([]);
  const [uploading, setUploading] = useState(false);
  const [removed, setRemoved] = useState(new Set());
  const form = useSubmit();
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
  const submit = form.submit(async () => {
    const id = await savePost(apiPath, item, body(), keys, [...removed]);
    route(base + "/" + id);
  });

  const errs = form.fields;
  return (
    <section class="page narrow board">
      <h1 ref={headingRef} tabIndex={-1}>
        {heading}
      </h1>
      <form class="card" onSubmit={submit} noValidate>
        {children(errs)}
        {item && <ExistingImages images={item.images} removed={removed} onToggle={toggle} />}
        <ImageUpload purpose={purpose} label={t(prefix + ".form.images")} onChange={setKeys} onBusy={setUploading} error={errs.imageKeys} />
        {uploading && <p class="muted">{t("upload.busy")}</p>}
        <FormError error={form.error} fields />
        <div class="row board-form-buttons">
          <button type="submit" class="primary" disabled={form.busy || uploading}>
            {item ? t(prefix + ".form.save") : t(prefix + ".form.submit")}
          </button>
          <a class="button" href={item ? base + "/" + item.id : base}>
            {t(prefix + ".form.cancel")}
          </a>
        </div>
      </form>
    </section>
  );
}

// An edit page's post (/…/:id/edit), loaded from apiPath; children(post)
// is the page once it is there.
export function EditLoader({ apiPath, children }) {
  const { params } = useRoute();
  const id = params.id;
  const { loading, error, data, reload } = useLoad(() => api("GET", apiPath + "/" + encodeURIComponent(id)), [id]);
  if (loading && !data) return <Loading />;
  if (error) return <LoadError error={error} onRetry={error.status === 404 ? null : reload} />;
  return children(data);
}
