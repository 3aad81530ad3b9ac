// common.jsx -- what the albums pages share: the links between the album
// lists, a paged grid of album cards (with loading, empty and error
// states), the "album not found" answer, the photo picker with the
// per-role photo limit and the catalogue's words for refused fields.
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { fieldText as sharedFieldText } from "../../ui/forms.jsx";
import { api } from "../../lib/api.js";
import { loadConfig } from "../../lib/config.js";
import { formatDate } from "../../lib/format.js";
import { tokens, isAdmin } from "../../lib/session.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { PagedList } from "../../ui/states.jsx";
import { ImageUpload } from "../../ui/ImageUpload.jsx";

export const albumHref = (id) => "/app/albums/" + id;
export const userAlbumsHref = (userId) => "/app/albums/user/" + userId;

// How many photos one request may carry for this user, and how large a
// photo may be (GET /config); {limit: 1, maxBytes: 0} until it answers.
function usePhotoLimits() {
  const [limits, setLimits] = useState({ limit: 1, maxBytes: 0 });
  useEffect(() => {
    loadConfig().then((c) => {
      const perRole = c.albumImageLimit || {};
      setLimits({ limit: (isAdmin() ? perRole.ADMIN : perRole.USER) || 1, maxBytes: c.maxUploadBytes || 0 });
    });
  }, []);
  return limits;
}

// The hint under a photo picker: how many photos, how large.
function PhotoLimitsHint({ limits }) {
  const mb = Math.floor(limits.maxBytes / (1024 * 1024));
  return (
    <p class="hint">
      {limits.limit > 1 ? t("albums.today.limit", { n: limits.limit }) : t("albums.today.limitOne")}
      {mb > 0 && " " + t("albums.today.maxSize", { mb })}
    </p>
  );
}

// An album's photo picker (purpose "album"): one photo or several, as
// the user's role allows, with the limits under it; `error` is the
// server's refusal of the photos.
export function AlbumPhotos({ label, onChange, onBusy, resetKey, error }) {
  const limits = usePhotoLimits();
  return (
    <>
      <ImageUpload
        purpose="album"
        multiple={limits.limit > 1}
        label={label}
        onChange={onChange}
        onBusy={onBusy}
        resetKey={resetKey}
        error={error}
      />
      <PhotoLimitsHint limits={limits} />
    </>
  );
}

// The catalogue's sentence for a refused field, else the server's words.
export const fieldText = (errors, field) => sharedFieldText(errors, "albums", field);

// Links between "my albums" and "everyone's albums".
export function AlbumTabs() {
  const { path } = useLocation();
  const links = [
    { href: "/app/albums", label: t("albums.mine.title"), members: true },
    { href: "/app/albums/public", label: t("albums.public.title") },
  ].filter((l) => !l.members || tokens.value);
  return (
    <nav class="album-tabs" aria-label={t("albums.tabs")}>
      {links.map((l) => (
        <a key={l.href} href={l.href} aria-current={path === l.href ? "page" : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}

function AlbumCard({ album, showAuthor }) {
  const date = formatDate(album.createdAt);
  return (
    <li class="card album-card">
      <a href={albumHref(album.albumId)} class="album-card-link">
        {album.url ? (
          <img class="album-thumb" src={album.url} alt={t("albums.card.alt", { date })} loading="lazy" />
        ) : (
          <span class="album-thumb album-thumb-none">{t("albums.card.alt", { date })}</span>
        )}
      </a>
      <p class="album-card-meta">
        <span>{date}</span>
        {album.albumVisibility === "PRIVATE" && <span class="album-badge">{t("albums.visibility.PRIVATE")}</span>}
      </p>
      {showAuthor && (
        <p class="album-card-meta">
          <a href={userAlbumsHref(album.userId)}>{t("albums.card.by", { name: album.nickname || "#" + album.userId })}</a>
        </p>
      )}
    </li>
  );
}

// One page (?page=N) of the albums at `path`, as a grid of cards.
export function AlbumFeed({ path, empty, showAuthor, reloadKey, onData }) {
  const { query, path: here, route } = useLocation();
  const page = Math.max(0, Number(query.page) || 0);
  const list = useLoad(() => api("GET", path, { query: { page, size: 12 } }), [path, page, reloadKey]);
  useEffect(() => {
    if (list.data && onData) onData(list.data);
  }, [list.data]);
  return (
    <PagedList state={list} empty={empty} onPage={(p) => route(here + (p ? "?page=" + p : ""))}>
      {(albums) => (
        <ul class="album-grid">
          {albums.map((a) => (
            <AlbumCard key={a.albumId} album={a} showAuthor={showAuthor} />
          ))}
        </ul>
      )}
    </PagedList>
  );
}

// A page's frame: the tabs, the focused heading, then the content.
export function AlbumsPage({ title, children, tabs = true }) {
  const heading = useRef(null);
  useTitle(title);
  useFocusHeading(heading);
  return (
    <section class="page albums-page">
      {tabs && <AlbumTabs />}
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}

export function AlbumNotFound() {
  return (
    <AlbumsPage title={t("albums.notFound.title")}>
      <p>{t("albums.notFound.text")}</p>
    </AlbumsPage>
  );
}
