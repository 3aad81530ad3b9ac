// index.jsx -- the community area (/app/community/*): the owner board's
// list and search (open to everyone), a post with its comments, and the
// new-post and edit forms (members only; a signed-out visitor goes to
// the login page and comes back). Its catalogue and styles load with it.
import { Router, Route } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { RequireLogin } from "../../ui/RequireLogin.jsx";
import { NotFound } from "../NotFound.jsx";
import PostList from "./PostList.jsx";
import PostDetail from "./PostDetail.jsx";
import { NewPost, EditPost } from "./PostForm.jsx";
import messages from "./messages.js";
import "./community.css";

addMessages(messages);

const members = (Page) =>
  function MembersOnly() {
    return (
      <RequireLogin>
        <Page />
      </RequireLogin>
    );
  };
const New = members(NewPost);
const Edit = members(EditPost);

export default function Community() {
  return (
    <Router>
      <Route path="/" component={PostList} />
      <Route path="/new" component={New} />
      <Route path="/:id" component={PostDetail} />
      <Route path="/:id/edit" component={Edit} />
      <Route default component={NotFound} />
    </Router>
  );
}
