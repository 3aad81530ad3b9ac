// AnswerText.jsx -- the answer's text box with its live character count
// (in characters, as the server counts them). The limit is the server's:
// the box shows when it is passed but does not stop the typing.
import { TextField } from "../../ui/forms.jsx";
import { ANSWER_MAX } from "./dates.js";

export function AnswerText({ label, value, onInput, error, ...rest }) {
  return (
    <TextField
      label={label}
      multiline
      rows={4}
      value={value}
      onInput={onInput}
      error={error}
      counter={{ message: "today.answer.count", max: ANSWER_MAX, "data-testid": "answer-count" }}
      {...rest}
    />
  );
}
