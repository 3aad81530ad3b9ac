// Login.jsx -- /app/login: email and password, or Google when the server
// lists it in GET /config. After login the user returns to ?next= (a
// path inside /app only).
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { addMessages, t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { saveTokens, signOutReason } from "../../lib/session.js";
import { loadConfig } from "../../lib/config.js";
import { useTitle } from "../../lib/hooks.js";
import { TextField, FormError, useSubmit } from "../../ui/forms.jsx";
import messages from "./messages.js";

addMessages(messages);

export function safeNext(next) {
  return typeof next === "string" && /^\/app\/[^/]/.test(next) && !next.startsWith("//") ? next : "/app/places";
}

export default function Login() {
  const { query, route } = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useSubmit();
  const [providers, setProviders] = useState([]);
  const heading = useRef(null);
  useTitle(t("login.title"));

  useEffect(() => {
    loadConfig().then((c) => setProviders(c.oauth2Providers || []));
    if (heading.current) heading.current.focus();
  }, []);

  const submit = form.submit(async () => {
    const pair = await api("POST", "/auth/login", { body: { email, password }, anonymous: true });
    saveTokens(pair);
    route(safeNext(query.next), true);
  });

  const errs = form.fields;
  return (
    <section class="page narrow">
      <h1 tabIndex={-1} ref={heading}>
        {t("login.title")}
      </h1>
      {signOutReason.value === "expired" && (
        <p class="notice" role="status">
          {t("auth.expired")}
        </p>
      )}
      {query.signedUp && (
        <p class="notice" role="status">
          {t("signup.done")}
        </p>
      )}
      {query.reset && (
        <p class="notice" role="status">
          {t("reset.done")}
        </p>
      )}
      <form onSubmit={submit} noValidate class="card">
        <TextField label={t("login.email")} type="email" name="email" autoComplete="username" required value={email} onInput={setEmail} error={errs.email} />
        <TextField
          label={t("login.password")}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onInput={setPassword}
          error={errs.password}
        />
        <FormError error={form.error} fields />
        <button type="submit" class="primary" disabled={form.busy}>
          {form.busy ? t("login.busy") : t("login.submit")}
        </button>
        <p>
          <a href="/app/forgot-password">{t("login.forgot")}</a>
        </p>
        {providers.includes("google") && (
          <>
            <p class="or">{t("login.or")}</p>
            {/* target: a full page load to the server (the router would
                keep this path inside the app) */}
            <a class="button google" href="/oauth2/authorization/google" target="_top">
              {t("login.google")}
            </a>
          </>
        )}
      </form>
      <p>
        {t("login.noAccount")} <a href="/app/signup">{t("login.signupLink")}</a>
      </p>
    </section>
  );
}
