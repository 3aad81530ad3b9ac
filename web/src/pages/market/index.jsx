// index.jsx -- the market area (/app/market/*): listings with category
// filter and search (open to everyone), a listing's page, and the
// members' pages: a new listing, editing one, and my listings (a
// signed-out visitor goes to the login page and comes back). The
// boards' shared styles and the market's own load with it.
import { Router, Route } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { RequireLogin } from "../../ui/RequireLogin.jsx";
import { NotFound } from "../NotFound.jsx";
import { ListingList, MyListings } from "./ListingList.jsx";
import { ListingDetail } from "./ListingDetail.jsx";
import { NewListing, EditListing } from "./ListingForm.jsx";
import messages from "./messages.js";
import "../community/community.css";
import "./market.css";

addMessages(messages);

const members = (Page) =>
  function MembersOnly() {
    return (
      <RequireLogin>
        <Page />
      </RequireLogin>
    );
  };
const New = members(NewListing);
const Edit = members(EditListing);
const Mine = members(MyListings);

export default function Market() {
  return (
    <Router>
      <Route path="/" component={ListingList} />
      <Route path="/new" component={New} />
      <Route path="/mine" component={Mine} />
      <Route path="/:id" component={ListingDetail} />
      <Route path="/:id/edit" component={Edit} />
      <Route default component={NotFound} />
    </Router>
  );
}
