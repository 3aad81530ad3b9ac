// ResetPassword.jsx -- /app/reset-password#token=…: the link mailed by
// "forgot password". The token is taken from the fragment (and wiped from
// the address bar) when the page opens; the new password is posted with
// it to /auth/password/reset/confirm, which ends every login, so the
// user logs in again afterwards.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { addMessages, t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { clearSession } from "../../lib/session.js";
import { useTitle } from "../../lib/hooks.js";
import { TextField, FormError, useSubmit } from "../../ui/forms.jsx";
import { takeFragmentToken } from "./VerifyEmail.jsx";
import messages from "./messages.js";

addMessages(messages);

export default function ResetPassword() {
  const { route } = useLocation();
  const [token, setToken] = useState(undefined);
  const [password, setPassword] = useState("");
  const action = useSubmit();
  useTitle(t("reset.title"));

  useEffect(() => setToken(takeFragmentToken() || null), []);

  const submit = action.submit(async () => {
    await api("POST", "/auth/password/reset/confirm", { body: { token, newPassword: password }, anonymous: true });
    clearSession();
    route("/app/login?reset=1");
  });
  return (
    <section class="page narrow">
      <h1>{t("reset.title")}</h1>
      {token === null ? (
        <>
          <FormError error={{ code: "INVALID_RESET_TOKEN" }} />
          <p>
            <a href="/app/forgot-password">{t("forgot.title")}</a>
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate class="card">
          <TextField
            label={t("password.new")}
            type="password"
            name="newPassword"
            autoComplete="new-password"
            required
            value={password}
            onInput={setPassword}
            error={action.fields.newPassword}
          />
          <FormError error={action.error} fields={["newPassword"]} />
          {action.error && action.error.code === "INVALID_RESET_TOKEN" && (
            <p>
              <a href="/app/forgot-password">{t("forgot.again")}</a>
            </p>
          )}
          <button type="submit" class="primary" disabled={action.busy || token === undefined}>
            {t("reset.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
