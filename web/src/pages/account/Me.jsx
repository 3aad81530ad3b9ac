// Me.jsx -- /app/me: the profile (nickname, mobile number, time zone),
// whether the email is verified (with a new link on request), changing the
// password (the other logins end, this one stays), and deleting the
// account.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { addMessages, t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me, clearSession } from "../../lib/session.js";
import { formatDate, zoneOptions } from "../../lib/format.js";
import { useTitle } from "../../lib/hooks.js";
import { TextField, SelectField, FormError, useSubmit } from "../../ui/forms.jsx";
import { membersOnly } from "../../ui/RequireLogin.jsx";
import { Loading } from "../../ui/states.jsx";
import messages from "./messages.js";

addMessages(messages);

// "Verified", or "not verified" and a button that mails a new link.
function EmailStatus({ user }) {
  const action = useSubmit({ done: "sent" });
  if (user.emailVerified) return <span>{t("me.verified")}</span>;
  const resend = () => action.run(() => api("POST", "/auth/verify-email/resend"));
  return (
    <>
      <span>{t("me.unverified")}</span>{" "}
      <button type="button" class="link" onClick={resend} disabled={action.busy || Boolean(action.done)}>
        {t("me.resend")}
      </button>
      {action.done && (
        <span class="notice" role="status">
          {" "}
          {t("me.resent")}
        </span>
      )}
      <FormError error={action.error} />
    </>
  );
}

// The password change: the current password (when the account has one;
// an account made by Google may leave it empty) and the new one.
function PasswordForm({ email }) {
  const [current, setCurrent] = useState("");
  const [fresh, setFresh] = useState("");
  const action = useSubmit({ done: "changed" });
  const submit = action.submit(async () => {
    const body = { newPassword: fresh };
    if (current) body.currentPassword = current;
    await api("POST", "/auth/password", { body });
    setCurrent("");
    setFresh("");
  });
  const errs = action.fields;
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h2 id="password-heading">{t("password.title")}</h2>
      <p class="hint">{t("password.text")}</p>
      {/* for password managers: whose password this is */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label={t("password.current")}
        type="password"
        name="currentPassword"
        autoComplete="current-password"
        value={current}
        onInput={setCurrent}
        error={errs.currentPassword || (action.error && action.error.code === "WRONG_PASSWORD" ? t("error.WRONG_PASSWORD") : undefined)}
      />
      <TextField
        label={t("password.new")}
        type="password"
        name="newPassword"
        autoComplete="new-password"
        required
        value={fresh}
        onInput={setFresh}
        error={errs.newPassword}
      />
      <FormError error={action.error && action.error.code !== "WRONG_PASSWORD" ? action.error : null} fields />
      {action.done && (
        <p class="notice" role="status">
          {t("password.changed")}
        </p>
      )}
      <button type="submit" class="primary" disabled={action.busy}>
        {t("password.submit")}
      </button>
    </form>
  );
}

function Profile() {
  const user = me.value;
  const { route } = useLocation();
  const [form, setForm] = useState(null);
  const action = useSubmit();
  useTitle(t("me.title"));

  useEffect(() => {
    if (user && !form) setForm({ nickname: user.nickname || "", mobileNum: user.mobileNum || "", timezone: user.timezone || "Asia/Seoul" });
  }, [user]);
  if (!user || !form) return <Loading />;

  const set = (k) => (v) => {
    action.setDone(false);
    setForm({ ...form, [k]: v });
  };
  const submit = action.submit(
    async () => {
      const body = {};
      for (const k of ["nickname", "mobileNum", "timezone"]) {
        if ((form[k] || "") !== (user[k] || "")) body[k] = form[k];
      }
      me.value = await api("PATCH", "/users/me", { body });
    },
    { done: true },
  );
  const remove = () =>
    action.run(
      async () => {
        await api("DELETE", "/users/me");
        clearSession();
        route("/app/login");
      },
      { confirm: t("me.delete.confirm") },
    );
  const errs = action.fields;
  return (
    <section class="page narrow">
      <h1>{t("me.title")}</h1>
      <dl class="facts card">
        <dt>{t("me.email")}</dt>
        <dd data-testid="me-email">{user.email}</dd>
        <dt>{t("me.emailStatus")}</dt>
        <dd data-testid="me-email-status">
          <EmailStatus user={user} />
        </dd>
        <dt>{t("me.roles")}</dt>
        <dd>{(user.roles || []).join(", ")}</dd>
        <dt>{t("me.since")}</dt>
        <dd>{formatDate(user.createdAt)}</dd>
      </dl>
      <form class="card" onSubmit={submit} noValidate>
        <TextField label={t("me.nickname")} name="nickname" value={form.nickname} onInput={set("nickname")} error={errs.nickname} />
        <TextField label={t("me.mobile")} name="mobileNum" inputMode="numeric" value={form.mobileNum} onInput={set("mobileNum")} error={errs.mobileNum} />
        <SelectField label={t("me.timezone")} name="timezone" value={form.timezone} onChange={set("timezone")} options={zoneOptions(form.timezone)} error={errs.timezone} />
        <FormError error={action.error} fields />
        {action.done && (
          <p class="notice" role="status">
            {t("me.saved")}
          </p>
        )}
        <button type="submit" class="primary" disabled={action.busy}>
          {t("me.save")}
        </button>
      </form>
      <PasswordForm email={user.email} />
      <div class="card danger-zone">
        <h2>{t("me.delete.title")}</h2>
        <p>{t("me.delete.text")}</p>
        <button type="button" class="danger" onClick={remove}>
          {t("me.delete.button")}
        </button>
      </div>
    </section>
  );
}

export default membersOnly(Profile);
