// index.jsx -- the lost-pets area (/app/lost-pets/*): the map with the
// LOST alerts near a point and the user's watched area (a circle), a new
// alert for one of the user's pets (?pet=ID, from the pet's page), and
// one alert with its sightings. The map is the places' Leaflet component.
import { Route } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { AreaRouter } from "../../ui/RequireLogin.jsx";
import placeMessages from "../places/messages.js";
import messages from "./messages.js";
import { LostMap, NewAlert, AlertDetail } from "./pages.jsx";
import "../places/places.css";
import "./lostpets.css";

addMessages(placeMessages);
addMessages(messages);

export default function LostPets() {
  return (
    <AreaRouter>
      <Route path="/" component={LostMap} />
      <Route path="/new" component={NewAlert} />
      <Route path="/:id" component={AlertDetail} />
    </AreaRouter>
  );
}
