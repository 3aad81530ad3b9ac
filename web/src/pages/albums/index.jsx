// index.jsx -- the albums area (/app/albums/*): my albums with today's
// album form, everyone's public albums, one user's albums and one album.
// Its catalogue and styles load with it.
import { Route } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { AreaRouter } from "../../ui/RequireLogin.jsx";
import MyAlbums from "./MyAlbums.jsx";
import AlbumPage from "./AlbumPage.jsx";
import { PublicAlbums, UserAlbums } from "./Feeds.jsx";
import messages from "./messages.js";
import "./albums.css";

addMessages(messages);

export default function Albums() {
  return (
    <AreaRouter>
      <Route path="/" component={MyAlbums} />
      <Route path="/public" component={PublicAlbums} />
      <Route path="/user/:userId" component={UserAlbums} />
      <Route path="/:id" component={AlbumPage} />
    </AreaRouter>
  );
}
