// boardkit.jsx -- pieces both boards (community posts and market
// listings) use: the URL of a list with its query (search, filter, page),
// the search box, the photo gallery of a post, the editor of a post's existing photos, the
// character counter, and syncImages (delete the removed photos and attach
// the new uploads through the resource's /images routes).
import { useEffect, useId, useState } from "preact/hooks";
import { signal } from "@preact/signals";
import { addMessages, t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";

addMessages({
  ko: {
    "board.images.alt": "{title} 사진 {n}",
    "board.images.short": "사진 {n}",
    "board.images.current": "올린 사진",
    "board.images.remove": "사진 {n} 삭제",
    "board.images.undo": "사진 {n} 삭제 취소",
    "board.images.removed": "저장하면 삭제됩니다",
    "board.counter": "{count}/{max}자",
  },
  en: {
    "board.images.alt": "{title}, photo {n}",
    "board.images.short": "Photo {n}",
    "board.images.current": "Current photos",
    "board.images.remove": "Delete photo {n}",
    "board.images.undo": "Keep photo {n}",
    "board.images.removed": "Deleted when you save",
    "board.counter": "{count}/{max} characters",
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

// Length in characters as the server counts them (code points).
export function charCount(text) {
  return [...(text || "")].length;
}

// "12/80 characters", announced politely while typing; red past max.
export function Counter({ id, count, max }) {
  return (
    <small id={id} class={"board-counter" + (count > max ? " board-counter-over" : "")} aria-live="polite">
      {t("board.counter", { count, max })}
    </small>
  );
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

// Deletes the removed photos and attaches the new file keys of the
// resource at base ("/owner-boards/12"). Throws the first refusal.
export async function syncImages(base, removedIds, newKeys) {
  for (const imageId of removedIds) await api("DELETE", base + "/images/" + imageId);
  if (newKeys.length) await api("POST", base + "/images", { body: { imageKeys: newKeys } });
}
