// index.jsx -- the pets area (/app/pets/*), for signed-in users: the list,
// a new pet, a pet's page and its edit form, and a pet's growth diary
// (loaded on its own, with Chart.js). Its catalogue and styles load with
// it.
import { Route, lazy } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { AreaRouter } from "../../ui/RequireLogin.jsx";
import PetList from "./PetList.jsx";
import PetDetail from "./PetDetail.jsx";
import { NewPet, EditPet } from "./PetForm.jsx";
import messages from "./messages.js";
import "./pets.css";

addMessages(messages);

const PetGrowth = lazy(() => import("./PetGrowth.jsx"));

export default function Pets() {
  return (
    <AreaRouter login>
      <Route path="/" component={PetList} />
      <Route path="/new" component={NewPet} />
      <Route path="/:id" component={PetDetail} />
      <Route path="/:id/edit" component={EditPet} />
      <Route path="/:id/growth" component={PetGrowth} />
    </AreaRouter>
  );
}
