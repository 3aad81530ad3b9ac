// VerifyEmail.jsx -- /app/verify-email#token=…: the link mailed at sign-up.
// The token is read from the fragment (which no server sees), wiped from
// the address bar and the history, then spent with POST
// /auth/verify-email; the page says how it went.
import { useEffect, useState } from "preact/hooks";
import { addMessages, t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me } from "../../lib/session.js";
import { useTitle } from "../../lib/hooks.js";
import { FormError } from "../../ui/forms.jsx";
import messages from "./messages.js";

addMessages(messages);

// The token of a #token=… fragment, wiped from the address bar at once.
export function takeFragmentToken() {
  const token = new URLSearchParams(location.hash.replace(/^#/, "")).get("token");
  if (location.hash) history.replaceState(null, "", location.pathname);
  return token;
}

export default function VerifyEmail() {
  const [state, setState] = useState("working");
  const [error, setError] = useState(null);
  useTitle(t("verify.title"));

  useEffect(() => {
    const token = takeFragmentToken();
    if (!token) {
      setError({ code: "INVALID_VERIFICATION_TOKEN" });
      setState("failed");
      return;
    }
    api("POST", "/auth/verify-email", { body: { token }, anonymous: true }).then(
      () => {
        if (me.value) me.value = { ...me.value, emailVerified: true };
        setState("done");
      },
      (err) => {
        setError(err);
        setState("failed");
      },
    );
  }, []);

  return (
    <section class="page narrow">
      <h1>{t("verify.title")}</h1>
      {state === "working" && <p role="status">{t("verify.working")}</p>}
      {state === "done" && (
        <p class="notice" role="status">
          {t("verify.done")}
        </p>
      )}
      {state === "failed" && <FormError error={error} />}
      {state !== "working" && (
        <p>
          <a href={me.value ? "/app/me" : "/app/login"}>{me.value ? t("me.title") : t("login.title")}</a>
        </p>
      )}
    </section>
  );
}
