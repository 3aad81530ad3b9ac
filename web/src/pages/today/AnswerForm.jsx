// AnswerForm.jsx -- answering today's question (POST). A conflict
// (ALREADY_WRITTEN_TODAY: answered meanwhile on another device) is shown
// as the form's error and the answers are reloaded.
import { useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { FormError, useSubmit } from "../../ui/forms.jsx";
import { AnswerText } from "./AnswerText.jsx";

export function AnswerForm({ questionId, onSaved, onConflict }) {
  const [text, setText] = useState("");
  const action = useSubmit();
  const submit = action.submit(async () => {
    try {
      await api("POST", `/daily-questions/${questionId}/daily-answers`, { body: { answer: text } });
    } catch (err) {
      if (err.code === "ALREADY_WRITTEN_TODAY") onConflict(err);
      throw err;
    }
    setText("");
    onSaved();
  });
  const errs = action.fields;
  return (
    <form class="card" onSubmit={submit} noValidate>
      <AnswerText
        label={t("today.answer.label")}
        name="answer"
        placeholder={t("today.answer.placeholder")}
        value={text}
        onInput={setText}
        error={errs.answer}
      />
      <FormError error={action.error} fields={["answer"]} />
      <button type="submit" class="primary" disabled={action.busy}>
        {action.busy ? t("common.saving") : t("today.answer.submit")}
      </button>
    </form>
  );
}
