// VisibilityChoice.jsx -- "who can see it": PUBLIC or PRIVATE as a
// labelled radio group, with the server's refusal under it.
import { useId } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { FieldError } from "../../ui/forms.jsx";

export const VISIBILITIES = ["PUBLIC", "PRIVATE"];

export function VisibilityChoice({ value, onChange, error }) {
  const id = useId();
  return (
    <fieldset class="visibility-choice" aria-describedby={error ? id + "-err" : undefined}>
      <legend>{t("albums.visibility")}</legend>
      {VISIBILITIES.map((v) => (
        <label key={v} class="radio">
          <input type="radio" name={id} value={v} checked={value === v} onChange={() => onChange(v)} />{" "}
          {t("albums.visibility." + v)}
        </label>
      ))}
      <FieldError id={id + "-err"} error={error} />
    </fieldset>
  );
}
