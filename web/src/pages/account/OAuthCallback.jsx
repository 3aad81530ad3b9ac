// OAuthCallback.jsx -- /app/auth/callback: where the server sends the
// browser after a Google sign-in, with a one-time login code in the
// fragment (#code=…). The fragment is wiped from the address bar and the
// history before anything else; the code is spent once at
// POST /auth/oauth2/token for the token pair, stored as the login page
// stores it. Tokens are never taken from the URL: a fragment carrying
// accessToken/refreshToken (what servers before the login code sent, and
// what a login-CSRF link would plant) is refused like a bad code.
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
    const code = new URLSearchParams(location.hash.replace(/^#/, "")).get("code");
    history.replaceState(null, "", location.pathname);
    if (!code) {
      setError({ code: "OAUTH", detail: t("oauth.failed") });
      return;
    }
    api("POST", "/auth/oauth2/token", { body: { code }, anonymous: true }).then((pair) => {
      saveTokens(pair);
      route("/app/places", true);
    }, setError);
  }, []);
  return (
    <section class="page narrow">
      <h1>{error ? t("oauth.failed") : t("oauth.working")}</h1>
      <FormError error={error} />
      {error && <a href="/app/login">{t("login.title")}</a>}
    </section>
  );
}
