// index.jsx -- the places area (/app/places/*): the list with its map,
// the ranking and one place. Its catalogue and styles load with it.
import { Route } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { AreaRouter } from "../../ui/RequireLogin.jsx";
import messages from "./messages.js";
import List from "./List.jsx";
import Rank from "./Rank.jsx";
import Detail from "./Detail.jsx";
import "./places.css";

addMessages(messages);

export default function Places() {
  return (
    <AreaRouter>
      <Route path="/" component={List} />
      <Route path="/rank" component={Rank} />
      <Route path="/:id" component={Detail} />
    </AreaRouter>
  );
}
