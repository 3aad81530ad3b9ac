// common.jsx -- what the pets pages share: sizes and genders in words,
// the "pet not found" answer, field-error texts from the catalogue, and
// the pet that was just deleted (the list offers to undo it).
import { signal } from "@preact/signals";
import { t, has } from "../../lib/i18n.js";
import { fieldText as sharedFieldText } from "../../ui/forms.jsx";
import { useTitle } from "../../lib/hooks.js";

export const SIZES = ["LARGE", "MEDIUM", "SMALL"];
export const GENDERS = ["MALE", "FEMALE"];

export const petHref = (id) => "/app/pets/" + id;
export const sizeName = (size) => (has("pets.size." + size) ? t("pets.size." + size) : size || "");
// gender is free text on the server: known values get words, others show as written
export const genderName = (g) => (!g ? "" : has("pets.gender." + g) ? t("pets.gender." + g) : g);

// {id, name} of the pet deleted last, until it is restored or forgotten.
export const lastDeleted = signal(null);

// The catalogue's sentence for a refused field, else the server's words.
export const fieldText = (errors, field) => sharedFieldText(errors, "pets", field);

// A paw print: the thumbnail of a pet without photos (no emoji font needed).
export function Paw() {
  return (
    <svg viewBox="0 0 64 64" width="56" height="56" aria-hidden="true" focusable="false">
      <g fill="currentColor">
        <ellipse cx="32" cy="44" rx="14" ry="11" />
        <ellipse cx="14" cy="28" rx="6" ry="8" />
        <ellipse cx="25" cy="16" rx="6" ry="8" />
        <ellipse cx="39" cy="16" rx="6" ry="8" />
        <ellipse cx="50" cy="28" rx="6" ry="8" />
      </g>
    </svg>
  );
}

export function PetNotFound() {
  useTitle(t("pets.notFound.title"));
  return (
    <section class="page narrow pets-page">
      <h1>{t("pets.notFound.title")}</h1>
      <p>{t("pets.notFound.text")}</p>
      <p>
        <a href="/app/pets">{t("pets.detail.back")}</a>
      </p>
    </section>
  );
}
