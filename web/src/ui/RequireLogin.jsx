// RequireLogin.jsx -- wraps a members' page: a signed-out visitor (or one
// whose session just expired) is sent to the login page, which brings
// them back. membersOnly(Page) is such a page as a route's component;
// AreaRouter is the nested router of an area (/app/pets/*, …): its
// <Route>s as children, "not found" for any other path, and for an area
// of members (login) or of admins (admin) RequireLogin around it all.
// (The server enforces the rule; this only saves a round of 401s.)
import { useEffect } from "preact/hooks";
import { useLocation, Router, Route } from "preact-iso";
import { tokens, me, isAdmin } from "../lib/session.js";
import { t } from "../lib/i18n.js";
import { Loading } from "./states.jsx";
import { NotFound } from "../pages/NotFound.jsx";

export function RequireLogin({ admin, children }) {
  const { url, path, route } = useLocation();
  const signedIn = Boolean(tokens.value);
  useEffect(() => {
    if (!signedIn && !path.startsWith("/app/login")) route("/app/login?next=" + encodeURIComponent(url), true);
  }, [signedIn]);
  if (!signedIn) return <p class="state">{t("common.loginRequired")}</p>;
  if (admin) {
    if (!me.value) return <Loading />;
    if (!isAdmin()) return <p class="state state-error">{t("common.forbidden")}</p>;
  }
  return children;
}

export function membersOnly(Page) {
  return function MembersOnly() {
    return (
      <RequireLogin>
        <Page />
      </RequireLogin>
    );
  };
}

export function AreaRouter({ login, admin, children }) {
  const router = (
    <Router>
      {children}
      <Route default component={NotFound} />
    </Router>
  );
  return login || admin ? <RequireLogin admin={admin}>{router}</RequireLogin> : router;
}
