// index.jsx -- the admin area (/app/admin/*), for ADMIN users only: the
// overview with its links, and the nested routes of members, daily
// questions and places. A signed-in USER sees "not allowed" and nothing
// is fetched; the server refuses them anyway (403).
import { Route } from "preact-iso";
import { addMessages, t } from "../../lib/i18n.js";
import { AreaRouter } from "../../ui/RequireLogin.jsx";
import { AdminPage } from "./shared.jsx";
import { Users } from "./Users.jsx";
import { Questions } from "./Questions.jsx";
import { PlaceList } from "./PlaceList.jsx";
import { PlaceEdit } from "./PlaceEdit.jsx";
import messages from "./messages.js";
import "./admin.css";

addMessages(messages);

const SECTIONS = [
  { href: "/app/admin/users", title: "admin.overview.users", text: "admin.overview.usersText" },
  { href: "/app/admin/questions", title: "admin.overview.questions", text: "admin.overview.questionsText" },
  { href: "/app/admin/places", title: "admin.overview.places", text: "admin.overview.placesText" },
];

function Overview() {
  return (
    <AdminPage title={t("admin.title")}>
      <p class="muted">{t("admin.overview.intro")}</p>
      <ul class="admin-sections">
        {SECTIONS.map((s) => (
          <li key={s.href} class="card">
            <h2>
              <a href={s.href}>{t(s.title)}</a>
            </h2>
            <p class="muted">{t(s.text)}</p>
          </li>
        ))}
      </ul>
    </AdminPage>
  );
}

export default function Admin() {
  return (
    <AreaRouter admin>
      <Route path="/" component={Overview} />
      <Route path="/users" component={Users} />
      <Route path="/questions" component={Questions} />
      <Route path="/places" component={PlaceList} />
      <Route path="/places/new" component={PlaceEdit} />
      <Route path="/places/:id" component={PlaceEdit} />
    </AreaRouter>
  );
}
