// ReportForm.jsx -- "report this place": a folded form with the reason
// (1–255 characters). ALREADY_REPORT_PLACE and other refusals show as
// the form's error; a signed-out visitor gets a link to log in.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { tokens } from "../../lib/session.js";
import { TextField, FormError, fieldErrors } from "../../ui/forms.jsx";
import { loginHref } from "./common.jsx";

export function ReportForm({ placeId }) {
  const { url } = useLocation();
  const [content, setContent] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api("POST", `/places/${placeId}/reports`, { body: { content } });
      setContent("");
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const errs = fieldErrors(error);
  return (
    <details class="card report">
      <summary>{t("places.report.title")}</summary>
      {!tokens.value ? (
        <p>
          {t("places.report.login")} <a href={loginHref(url)}>{t("places.login")}</a>
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <TextField
            label={t("places.report.content")}
            multiline
            rows={3}
            name="reportContent"
            value={content}
            onInput={setContent}
            error={errs.content ? t("places.report.contentError") : null}
          />
          <FormError error={error && !errs.content ? error : null} />
          <p role="status">{done ? t("places.report.done") : ""}</p>
          <button type="submit" class="danger" disabled={busy}>
            {busy ? t("common.saving") : t("places.report.submit")}
          </button>
        </form>
      )}
    </details>
  );
}
