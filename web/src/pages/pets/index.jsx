// index.jsx -- the pets area (/app/pets/*), for signed-in users: the list,
// a new pet, a pet's page and its edit form. Its catalogue and styles
// load with it.
import { Route } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { AreaRouter } from "../../ui/RequireLogin.jsx";
import PetList from "./PetList.jsx";
import PetDetail from "./PetDetail.jsx";
import { NewPet, EditPet } from "./PetForm.jsx";
import messages from "./messages.js";
import "./pets.css";

addMessages(messages);

export default function Pets() {
  return (
    <AreaRouter login>
      <Route path="/" component={PetList} />
      <Route path="/new" component={NewPet} />
      <Route path="/:id" component={PetDetail} />
      <Route path="/:id/edit" component={EditPet} />
    </AreaRouter>
  );
}
