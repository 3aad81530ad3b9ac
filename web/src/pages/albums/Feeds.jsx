// Feeds.jsx -- /app/albums/public (everyone's PUBLIC albums, newest
// first) and /app/albums/user/:userId (one user's public albums, or all
// of them when it is the caller). Anyone may read both.
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

export function UserAlbums() {
  const { params } = useRoute();
  return (
    <AlbumsPage title={t("albums.user.title", { id: params.userId })}>
      <AlbumFeed path={"/users/" + encodeURIComponent(params.userId) + "/albums"} empty={t("albums.user.empty")} />
    </AlbumsPage>
  );
}
