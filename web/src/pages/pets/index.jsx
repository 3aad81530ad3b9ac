// index.jsx -- the pets area (/app/pets/*), for signed-in users: the list,
// a new pet, a pet's page and its edit form. Its catalogue and styles
// load with it.
import { Router, Route } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { RequireLogin } from "../../ui/RequireLogin.jsx";
import { NotFound } from "../NotFound.jsx";
import PetList from "./PetList.jsx";
import PetDetail from "./PetDetail.jsx";
import { NewPet, EditPet } from "./PetForm.jsx";
import messages from "./messages.js";
import "./pets.css";

addMessages(messages);

export default function Pets() {
  return (
    <RequireLogin>
      <Router>
        <Route path="/" component={PetList} />
        <Route path="/new" component={NewPet} />
        <Route path="/:id" component={PetDetail} />
        <Route path="/:id/edit" component={EditPet} />
        <Route default component={NotFound} />
      </Router>
    </RequireLogin>
  );
}
