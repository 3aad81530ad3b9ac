// PetForm.jsx -- /app/pets/new and /app/pets/:id/edit: name, species,
// size, gender, birthday and photos. Creating sends what was filled in;
// editing sends only the changed fields ("" clears gender or birthday)
// and the new photos' keys, which the server adds to the pet's photos.
// The server's field errors show next to their fields.
import { useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { TextField, SelectField, FormError, useSubmit } from "../../ui/forms.jsx";
import { ImageUpload } from "../../ui/ImageUpload.jsx";
import { Loading, LoadError } from "../../ui/states.jsx";
import { SIZES, GENDERS, petHref, sizeName, genderName, fieldText, PetNotFound } from "./common.jsx";
import { PetPhotos } from "./PetPhotos.jsx";

const FIELDS = ["name", "species", "size", "gender", "birthday"];

function blank(pet) {
  const form = {};
  for (const f of FIELDS) form[f] = (pet && pet[f]) || "";
  return form;
}

// The fields a new pet must have: sent even when empty, so that the
// server names every one that is missing in one answer.
const REQUIRED = ["name", "species", "size"];

// The request body: on create the required and the filled fields, on
// edit the changed ones.
function bodyOf(form, pet, imageKeys) {
  const body = {};
  for (const f of FIELDS) {
    const value = form[f].trim();
    if (pet ? value !== (pet[f] || "").trim() : value || REQUIRED.includes(f)) body[f] = value;
  }
  if (imageKeys.length) body.imageKeys = imageKeys;
  return body;
}

function sizeOptions() {
  return [{ value: "", label: t("pets.form.sizeChoose") }, ...SIZES.map((s) => ({ value: s, label: sizeName(s) }))];
}

function genderOptions(current) {
  const values = ["", ...GENDERS];
  if (current && !values.includes(current)) values.push(current);
  return values.map((g) => ({ value: g, label: g ? genderName(g) : t("pets.gender.none") }));
}

function Form({ pet, onPetChange }) {
  const { route } = useLocation();
  const [form, setForm] = useState(() => blank(pet));
  const [keys, setKeys] = useState([]);
  const [uploading, setUploading] = useState(false);
  const action = useSubmit();
  const heading = useRef(null);
  const title = pet ? t("pets.form.editTitle", { name: pet.name }) : t("pets.form.newTitle");
  useTitle(title);
  useFocusHeading(heading);

  const set = (k) => (v) => setForm({ ...form, [k]: v });
  const save = action.submit(async () => {
    const body = bodyOf(form, pet, keys);
    const saved = pet ? await api("PUT", "/pets/" + pet.id, { body }) : await api("POST", "/pets", { body });
    route(petHref(saved.id || pet.id));
  });
  const submit = (e) => (uploading ? e.preventDefault() : save(e));
  const errs = action.fields;
  return (
    <section class="page narrow pets-page">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <form class="card" onSubmit={submit} noValidate>
        <TextField label={t("pets.form.name")} name="name" value={form.name} onInput={set("name")} error={fieldText(errs, "name")} autoComplete="off" />
        <TextField label={t("pets.form.species")} name="species" value={form.species} onInput={set("species")} error={fieldText(errs, "species")} autoComplete="off" />
        <SelectField label={t("pets.form.size")} name="size" value={form.size} onChange={set("size")} options={sizeOptions()} error={fieldText(errs, "size")} />
        <SelectField label={t("pets.form.gender")} name="gender" value={form.gender} onChange={set("gender")} options={genderOptions(form.gender)} error={fieldText(errs, "gender")} />
        <TextField
          label={t("pets.form.birthday")}
          name="birthday"
          type="date"
          value={form.birthday}
          onInput={set("birthday")}
          hint={t("pets.form.birthdayHint")}
          error={fieldText(errs, "birthday")}
        />
        {pet && pet.images.length > 0 && (
          <fieldset>
            <legend>{t("pets.form.currentPhotos")}</legend>
            <PetPhotos pet={pet} onChange={onPetChange} />
          </fieldset>
        )}
        <ImageUpload
          purpose="pet"
          label={pet ? t("pets.form.addPhotos") : t("pets.form.photos")}
          onChange={setKeys}
          onBusy={setUploading}
          error={errs.imageKeys}
        />
        <FormError error={action.error} fields={[...FIELDS, "imageKeys"]} />
        {uploading && (
          <p class="muted" role="status">
            {t("pets.form.busy")}
          </p>
        )}
        <div class="row form-actions">
          <button type="submit" class="primary" disabled={action.busy || uploading}>
            {pet ? t("pets.form.save") : t("pets.form.create")}
          </button>
          <a class="button" href={pet ? petHref(pet.id) : "/app/pets"}>
            {t("common.cancel")}
          </a>
        </div>
      </form>
    </section>
  );
}

export function NewPet() {
  return <Form />;
}

export function EditPet() {
  const { params } = useRoute();
  const { loading, error, data, reload, setData } = useLoad(() => api("GET", "/pets/" + params.id), [params.id]);
  if (loading && !data) return <Loading />;
  if (error && (error.status === 404 || error.status === 400)) return <PetNotFound />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  return <Form key={data.id} pet={data} onPetChange={setData} />;
}
