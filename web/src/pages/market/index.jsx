// index.jsx -- the market area (/app/market/*): listings with category
// filter and search (open to everyone), a listing's page, and the
// members' pages: a new listing, editing one, and my listings (a
// signed-out visitor goes to the login page and comes back). The
// boards' shared styles and the market's own load with it.
import { Route } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { membersOnly, AreaRouter } from "../../ui/RequireLogin.jsx";
import { ListingList, MyListings } from "./ListingList.jsx";
import { ListingDetail } from "./ListingDetail.jsx";
import { NewListing, EditListing } from "./ListingForm.jsx";
import messages from "./messages.js";
import "../community/community.css";
import "./market.css";

addMessages(messages);

const New = membersOnly(NewListing);
const Edit = membersOnly(EditListing);
const Mine = membersOnly(MyListings);

export default function Market() {
  return (
    <AreaRouter>
      <Route path="/" component={ListingList} />
      <Route path="/new" component={New} />
      <Route path="/mine" component={Mine} />
      <Route path="/:id" component={ListingDetail} />
      <Route path="/:id/edit" component={Edit} />
    </AreaRouter>
  );
}
