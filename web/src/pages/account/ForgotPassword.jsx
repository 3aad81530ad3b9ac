// ForgotPassword.jsx -- /app/forgot-password: ask for a reset link by
// email (POST /auth/password/reset). The server answers the same whether
// or not the address has an account, and so does this page.
import { useState } from "preact/hooks";
import { addMessages, t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useTitle } from "../../lib/hooks.js";
import { TextField, FormError, useSubmit } from "../../ui/forms.jsx";
import messages from "./messages.js";

addMessages(messages);

export default function ForgotPassword() {
  const [email, setEmail] = useState("");
  const action = useSubmit({ done: "sent" });
  useTitle(t("forgot.title"));

  const submit = action.submit(async () => {
    await api("POST", "/auth/password/reset", { body: { email }, anonymous: true });
  });
  return (
    <section class="page narrow">
      <h1>{t("forgot.title")}</h1>
      <p>{t("forgot.text")}</p>
      <form onSubmit={submit} noValidate class="card">
        <TextField label={t("login.email")} type="email" name="email" autoComplete="email" required value={email} onInput={setEmail} error={action.fields.email} />
        <FormError error={action.error} fields />
        {action.done && (
          <p class="notice" role="status">
            {t("forgot.sent")}
          </p>
        )}
        <button type="submit" class="primary" disabled={action.busy}>
          {t("forgot.submit")}
        </button>
      </form>
      <p>
        <a href="/app/login">{t("login.title")}</a>
      </p>
    </section>
  );
}
