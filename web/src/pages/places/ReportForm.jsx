// ReportForm.jsx -- "report this place": a folded form with the reason
// (1–255 characters). ALREADY_REPORT_PLACE and other refusals show as
// the form's error; a signed-out visitor gets a link to log in.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { tokens } from "../../lib/session.js";
import { TextField, FormError, useSubmit } from "../../ui/forms.jsx";
import { loginHref } from "./common.jsx";

export function ReportForm({ placeId }) {
  const { url } = useLocation();
  const [content, setContent] = useState("");
  const action = useSubmit();
  const submit = action.submit(
    async () => {
      await api("POST", `/places/${placeId}/reports`, { body: { content } });
      setContent("");
    },
    { done: true },
  );
  const errs = action.fields;
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
          <FormError error={action.error} fields={["content"]} />
          <p role="status">{action.done ? t("places.report.done") : ""}</p>
          <button type="submit" class="danger" disabled={action.busy}>
            {action.busy ? t("common.saving") : t("places.report.submit")}
          </button>
        </form>
      )}
    </details>
  );
}
