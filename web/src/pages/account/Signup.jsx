// Signup.jsx -- /app/signup: email, password, nickname. Field errors come
// from the server's problem+json and show under their fields.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { addMessages, t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useTitle } from "../../lib/hooks.js";
import { TextField, FormError, useSubmit } from "../../ui/forms.jsx";
import messages from "./messages.js";

addMessages(messages);

export default function Signup() {
  const { route } = useLocation();
  const [form, setForm] = useState({ email: "", password: "", nickname: "" });
  const action = useSubmit();
  useTitle(t("signup.title"));
  const set = (k) => (v) => setForm({ ...form, [k]: v });

  const submit = action.submit(async () => {
    await api("POST", "/auth/signup", { body: form, anonymous: true });
    route("/app/login?signedUp=1");
  });
  const errs = action.fields;
  return (
    <section class="page narrow">
      <h1>{t("signup.title")}</h1>
      <form onSubmit={submit} noValidate class="card">
        <TextField label={t("signup.email")} type="email" name="email" autoComplete="email" required value={form.email} onInput={set("email")} error={errs.email} />
        <TextField
          label={t("signup.password")}
          type="password"
          name="password"
          autoComplete="new-password"
          required
          value={form.password}
          onInput={set("password")}
          error={errs.password}
        />
        <TextField label={t("signup.nickname")} name="nickname" required value={form.nickname} onInput={set("nickname")} error={errs.nickname} />
        <FormError error={action.error} fields />
        <button type="submit" class="primary" disabled={action.busy}>
          {t("signup.submit")}
        </button>
      </form>
      <p>
        {t("signup.haveAccount")} <a href="/app/login">{t("login.submit")}</a>
      </p>
    </section>
  );
}
