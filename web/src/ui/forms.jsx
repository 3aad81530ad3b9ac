// forms.jsx -- labelled fields that show the server's field errors next
// to themselves, the form-level error line, and the helpers that turn an
// ApiError into words. Every field has a <label>; an error is tied to
// its input with aria-describedby and aria-invalid.
import { useId } from "preact/hooks";
import { t, has } from "../lib/i18n.js";

// The sentence for an error: the catalogue's text for its code when
// there is one, else the server's own detail.
export function errorText(err) {
  if (!err) return "";
  if (err.code && has("error." + err.code)) return t("error." + err.code);
  if (err.status === 0) return t("error.NETWORK");
  return err.detail || t("error.generic");
}

export function Field({ label, error, hint, children, id: givenId }) {
  const auto = useId();
  const id = givenId || auto;
  const errId = id + "-err";
  const hintId = id + "-hint";
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  const control = typeof children === "function" ? children({ id, describedBy, invalid: Boolean(error) }) : children;
  return (
    <div class={"field" + (error ? " field-invalid" : "")}>
      <label for={id}>{label}</label>
      {control}
      {hint && (
        <small id={hintId} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={errId} class="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

// <TextField label name value onInput error type … /> for input and
// textarea (multiline).
export function TextField({ label, error, hint, multiline, value, onInput, ...rest }) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => {
        const props = {
          id,
          value: value ?? "",
          onInput: (e) => onInput && onInput(e.currentTarget.value),
          "aria-describedby": describedBy,
          "aria-invalid": invalid ? "true" : undefined,
          ...rest,
        };
        return multiline ? <textarea rows={rest.rows || 4} {...props} /> : <input {...props} />;
      }}
    </Field>
  );
}

export function SelectField({ label, error, value, onChange, options, ...rest }) {
  return (
    <Field label={label} error={error}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid ? "true" : undefined}
          {...rest}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

// The form's own error line (problems that name no field).
export function FormError({ error }) {
  if (!error) return null;
  return (
    <p class="form-error" role="alert">
      {errorText(error)}
    </p>
  );
}

// The words for a refused field: the catalogue's "<prefix>.err.<field>"
// when the page has one (in the user's language), else the server's.
export function fieldText(errors, prefix, field) {
  if (!errors || !errors[field]) return undefined;
  return has(prefix + ".err." + field) ? t(prefix + ".err." + field) : errors[field];
}

// The server names bad fields in English ("must be 1 to 30 characters");
// the common sentences are said again in the user's language, anything
// else is shown as the server wrote it.
const SERVER_SENTENCES = [
  [/^is required$/, "field.required"],
  [/^must not be blank$/, "field.blank"],
  [/^must be (\d+) to (\d+) characters$/, "field.chars"],
  [/^must be (\d+) characters$/, "field.charsExact"],
  [/^must be (-?[\d.]+) to (-?[\d.]+)$/, "field.range"],
  [/^must be (-?\d+)\.\.(-?\d+)$/, "field.range"],
  [/^must be an integer (\d+) to (\d+)$/, "field.range"],
  [/^is not valid UTF-8$/, "field.utf8"],
  [/^is too long$/, "field.tooLong"],
];

export function serverSentence(text) {
  if (typeof text !== "string") return text;
  for (const [re, key] of SERVER_SENTENCES) {
    const m = re.exec(text);
    if (m) return t(key, { a: m[1], b: m[2] });
  }
  return text;
}

// Field errors of an ApiError, by field name ({} when none), in the
// user's language where the sentence is a common one.
export function fieldErrors(err) {
  const errors = (err && err.errors) || {};
  const out = {};
  for (const [field, text] of Object.entries(errors)) out[field] = serverSentence(text);
  return out;
}
