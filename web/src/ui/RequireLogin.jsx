// RequireLogin.jsx -- wraps a members' page: a signed-out visitor (or one
// whose session just expired) is sent to the login page, which brings
// them back.
// (The server enforces the rule; this only saves a round of 401s.)
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { tokens, me, isAdmin } from "../lib/session.js";
import { t } from "../lib/i18n.js";
import { Loading } from "./states.jsx";

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
