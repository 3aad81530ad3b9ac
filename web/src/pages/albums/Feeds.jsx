// Feeds.jsx -- /app/albums/public (everyone's PUBLIC albums, newest
// first) and /app/albums/user/:userId (one user's public albums, or all
// of them when it is the caller). Anyone may read both.
import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { AlbumsPage, AlbumFeed } from "./common.jsx";

export function PublicAlbums() {
  return (
    <AlbumsPage title={t("albums.public.title")}>
      <AlbumFeed path="/users/albums" empty={t("albums.public.empty")} showAuthor />
    </AlbumsPage>
  );
}

// The title names the user by the nickname their albums carry (by number
// until the first page has come, or when they have none to show).
export function UserAlbums() {
  const { params } = useRoute();
  const [name, setName] = useState(null);
  const onData = (page) => setName(page.content.length ? page.content[0].nickname : null);
  return (
    <AlbumsPage title={t("albums.user.title", { name: name || "#" + params.userId })}>
      <AlbumFeed path={"/users/" + encodeURIComponent(params.userId) + "/albums"} empty={t("albums.user.empty")} onData={onData} />
    </AlbumsPage>
  );
}
