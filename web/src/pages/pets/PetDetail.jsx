// PetDetail.jsx -- /app/pets/:id: one of the user's pets: its facts, its
// age and the days to its birthday (in the user's zone), its photos
// (each can be deleted), its growth diary, edit, and delete. Deleting goes back to the list,
// which offers to undo it (PATCH /pets/{id}/restore). Another user's pet,
// a deleted one or an unknown id is "not found".
import { useRef } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { formatDate } from "../../lib/format.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { FormError, useSubmit } from "../../ui/forms.jsx";
import { petHref, sizeName, genderName, lastDeleted, PetNotFound } from "./common.jsx";
import { ageText, ddayText } from "./birthday.js";
import { PetPhotos } from "./PetPhotos.jsx";

function Facts({ pet }) {
  const unknown = <span class="muted">{t("pets.detail.unknown")}</span>;
  return (
    <dl class="facts card">
      <dt>{t("pets.detail.species")}</dt>
      <dd>{pet.species}</dd>
      <dt>{t("pets.detail.size")}</dt>
      <dd>{sizeName(pet.size)}</dd>
      <dt>{t("pets.detail.gender")}</dt>
      <dd>{genderName(pet.gender) || unknown}</dd>
      <dt>{t("pets.detail.birthday")}</dt>
      <dd>{pet.birthday ? formatDate(pet.birthday) : unknown}</dd>
      <dt>{t("pets.detail.age")}</dt>
      <dd data-testid="pet-age">{ageText(pet.birthday) || unknown}</dd>
    </dl>
  );
}

function Pet({ pet, onChange }) {
  const { route } = useLocation();
  const action = useSubmit();
  const heading = useRef(null);
  useTitle(pet.name);
  useFocusHeading(heading);
  const dday = ddayText(pet.name, pet.birthday);

  const remove = () =>
    action.run(async () => {
      await api("DELETE", "/pets/" + pet.id);
      lastDeleted.value = { id: pet.id, name: pet.name };
      route("/app/pets");
    });
  return (
    <section class="page pets-page">
      <p>
        <a href="/app/pets">← {t("pets.detail.back")}</a>
      </p>
      <div class="spread">
        <h1 ref={heading} tabIndex={-1}>
          {pet.name}
        </h1>
        <div class="row">
          <a class="button" href={"/app/lost-pets/new?pet=" + pet.id}>
            {t("pets.detail.reportLost")}
          </a>
          <a class="button" href={petHref(pet.id) + "/growth"}>
            {t("growth.link")}
          </a>
          <a class="button" href={petHref(pet.id) + "/edit"}>
            {t("common.edit")}
          </a>
          <button type="button" class="danger" onClick={remove} disabled={action.busy}>
            {t("pets.detail.delete")}
          </button>
        </div>
      </div>
      <FormError error={action.error} />
      {dday && (
        <p class="pet-dday pet-dday-big" data-testid="pet-dday">
          {dday}
        </p>
      )}
      <Facts pet={pet} />
      <h2>{t("pets.detail.photos")}</h2>
      <PetPhotos pet={pet} onChange={onChange} />
    </section>
  );
}

export default function PetDetail() {
  const { params } = useRoute();
  const { loading, error, data, reload, setData } = useLoad(() => api("GET", "/pets/" + params.id), [params.id]);
  if (loading && !data) return <Loading />;
  if (error && (error.status === 404 || error.status === 400)) return <PetNotFound />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  return <Pet pet={data} onChange={setData} />;
}
