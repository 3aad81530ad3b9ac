// AnswerText.jsx -- the answer's text box with its live character count
// (in characters, as the server counts them). The limit is the server's:
// the box shows when it is passed but does not stop the typing.
import { TextField } from "../../ui/forms.jsx";
import { t } from "../../lib/i18n.js";
import { charCount, ANSWER_MAX } from "./dates.js";

export function AnswerText({ label, value, onInput, error, ...rest }) {
  const count = charCount(value);
  const over = count > ANSWER_MAX;
  return (
    <TextField
      label={label}
      multiline
      rows={4}
      value={value}
      onInput={onInput}
      error={error}
      hint={
        <span class={over ? "today-count over" : "today-count"} data-testid="answer-count">
          {t("today.answer.count", { count, max: ANSWER_MAX })}
        </span>
      }
      {...rest}
    />
  );
}
