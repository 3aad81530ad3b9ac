// index.jsx -- the community area (/app/community/*): the owner board's
// list and search (open to everyone), a post with its comments, and the
// new-post and edit forms (members only; a signed-out visitor goes to
// the login page and comes back). Its catalogue and styles load with it.
import { Route } from "preact-iso";
import { addMessages } from "../../lib/i18n.js";
import { membersOnly, AreaRouter } from "../../ui/RequireLogin.jsx";
import PostList from "./PostList.jsx";
import PostDetail from "./PostDetail.jsx";
import { NewPost, EditPost } from "./PostForm.jsx";
import messages from "./messages.js";
import "./community.css";

addMessages(messages);

const New = membersOnly(NewPost);
const Edit = membersOnly(EditPost);

export default function Community() {
  return (
    <AreaRouter>
      <Route path="/" component={PostList} />
      <Route path="/new" component={New} />
      <Route path="/:id" component={PostDetail} />
      <Route path="/:id/edit" component={Edit} />
    </AreaRouter>
  );
}
