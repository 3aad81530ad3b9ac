// forms.jsx -- labelled fields that show the server's field errors next
// to themselves, the form-level error line, the helpers that turn an
// ApiError into words, a form's save and cancel buttons, useSubmit (one
// server call behind a form or a button: busy, refusal, outcome) and the
// app's one character counter.
// Every field has a <label>; an error is tied to its input with
// aria-describedby and aria-invalid.
import { useId, useState } from "preact/hooks";
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
      <FieldError id={errId} error={error} />
    </div>
  );
}

// A field's refusal under it (id: what its input's aria-describedby
// names); nothing without an error. Fieldsets of radios or selects use
// it as Field does.
export function FieldError({ id, error }) {
  if (!error) return null;
  return (
    <small id={id} class="field-error" role="alert">
      {error}
    </small>
  );
}

// <TextField label name value onInput error type … /> for input and
// textarea (multiline). counter ({message, max, …}): the hint is the live
// count of the value's characters (CharCount).
export function TextField({ label, error, hint, counter, multiline, value, onInput, ...rest }) {
  return (
    <Field label={label} error={error} hint={counter ? <CharCount value={value} {...counter} /> : hint}>
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

// The form's own error line (problems that name no field). fields: the
// fields the form shows next to their inputs -- a list of names, or true
// for any field; the line stays empty when the error names one of them.
export function FormError({ error, fields }) {
  if (!error) return null;
  if (fields) {
    const named = fieldErrors(error);
    if (fields === true ? Object.keys(named).length > 0 : fields.some((f) => named[f])) return null;
  }
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

// A form's submit button ("Saving…" while busy) and, given onCancel, its
// cancel button, side by side.
export function SaveButtons({ busy, label, onCancel }) {
  return (
    <div class="row">
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t("common.saving") : label}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      )}
    </div>
  );
}

// useSubmit({done}) -> {busy, error, fields, done, run, submit, setError,
// setDone}: the server call behind a form or a button (whose busy flag
// disables it). run(fn, {confirm, done}) asks
// first when confirm is given, then marks busy, forgets the last refusal
// and outcome, and awaits fn(); on success `done` becomes the outcome
// (a value, or done(result) when a function; else the hook's default),
// on a refusal `error` keeps the ApiError and `fields` its field errors.
// It resolves to true when fn succeeded. submit(fn, opts) is run as a
// form's onSubmit handler.
export function useSubmit({ done: fallback = "" } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState("");
  const run = async (fn, { confirm, done: outcome = fallback } = {}) => {
    if (confirm && !window.confirm(confirm)) return false;
    setBusy(true);
    setError(null);
    setDone("");
    try {
      const result = await fn();
      setDone(typeof outcome === "function" ? outcome(result) : outcome);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const submit = (fn, opts) => (e) => {
    e.preventDefault();
    run(fn, opts);
  };
  return { busy, error, fields: fieldErrors(error), done, run, submit, setError, setDone };
}

// Length in characters as the server counts them: Unicode code points,
// not UTF-16 units (an emoji is one).
export function charCount(text) {
  return [...(text || "")].length;
}

// The live count of a text's characters, for a field's hint: the page's
// catalogue sentence `message` given {count, n, max}; marked past max.
export function CharCount({ value, max, message, id, class: extra, ...rest }) {
  const count = charCount(value);
  const over = max !== undefined && count > max;
  const cls = ["char-count", extra, over ? "char-count-over" : null].filter(Boolean).join(" ");
  return (
    <span id={id} class={cls} {...rest}>
      {t(message, { count, n: count, max })}
    </span>
  );
}
