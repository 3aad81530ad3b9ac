// OAuthCallback.jsx -- /app/auth/callback: where the server sends the
// browser after a Google sign-in. The fragment carries either a one-time
// code (exchanged with POST /auth/oauth2/token) or, from servers before
// that exchange existed, the token pair. The fragment is wiped from the
// address bar and the history before anything else.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { addMessages, t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { saveTokens } from "../../lib/session.js";
import { FormError } from "../../ui/forms.jsx";
import messages from "./messages.js";

addMessages(messages);

export default function OAuthCallback() {
  const { route } = useLocation();
  const [error, setError] = useState(null);
  useEffect(() => {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    history.replaceState(null, "", location.pathname);
    const finish = (pair) => {
      saveTokens(pair);
      route("/app/places", true);
    };
    if (params.get("code")) {
      api("POST", "/auth/oauth2/token", { body: { code: params.get("code") }, anonymous: true }).then(finish, setError);
    } else if (params.get("accessToken") && params.get("refreshToken")) {
      finish({ accessToken: params.get("accessToken"), refreshToken: params.get("refreshToken") });
    } else {
      setError({ code: "OAUTH", detail: t("oauth.failed") });
    }
  }, []);
  return (
    <section class="page narrow">
      <h1>{error ? t("oauth.failed") : t("oauth.working")}</h1>
      <FormError error={error} />
      {error && <a href="/app/login">{t("login.title")}</a>}
    </section>
  );
}
