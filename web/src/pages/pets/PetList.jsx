// PetList.jsx -- /app/pets: the user's own pets, newest first, a page at
// a time (?page=N survives a reload), each with its first photo, its age
// and the days to its birthday; and the "undo" of a pet just deleted.
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { PagedList } from "../../ui/states.jsx";
import { FormError, useSubmit } from "../../ui/forms.jsx";
import { petHref, sizeName, lastDeleted, Paw } from "./common.jsx";
import { ageText, ddayText } from "./birthday.js";

const PAGE_SIZE = 6;

// One page of pets, each completed with its birthday (the list's rows
// carry none); a pet whose details fail still shows.
async function loadPage(page) {
  const data = await api("GET", "/pets", { query: { page, size: PAGE_SIZE } });
  const details = await Promise.all(data.content.map((p) => api("GET", "/pets/" + p.id).catch(() => null)));
  return { ...data, content: data.content.map((p, i) => ({ ...p, birthday: details[i] && details[i].birthday })) };
}

function PetCard({ pet }) {
  const dday = ddayText(pet.name, pet.birthday);
  const age = ageText(pet.birthday);
  return (
    <li class="card pet-card">
      <a class="pet-card-link" href={petHref(pet.id)}>
        {pet.imageUrl ? (
          <img class="pet-thumb" src={pet.imageUrl} alt="" loading="lazy" />
        ) : (
          <span class="pet-thumb pet-thumb-none">
            <Paw />
          </span>
        )}
        <span class="pet-card-name">{pet.name}</span>
      </a>
      <p class="muted">
        {pet.species} · {sizeName(pet.size)}
        {age && " · " + age}
      </p>
      {dday && <p class="pet-dday">{dday}</p>}
    </li>
  );
}

// "Bori was deleted. [Undo]" after a delete, until undone or left.
function UndoDeleted({ onRestored }) {
  const pet = lastDeleted.value;
  const action = useSubmit();
  // leaving the list forgets the offer
  useEffect(() => () => (lastDeleted.value = null), []);
  if (!pet) return null;
  const undo = () =>
    action.run(async () => {
      await api("PATCH", "/pets/" + pet.id + "/restore");
      lastDeleted.value = null;
      onRestored(pet);
    });
  return (
    <div class="notice spread pets-undo" role="status">
      <span>{t("pets.deleted", { name: pet.name })}</span>
      <button type="button" onClick={undo} disabled={action.busy}>
        {t("pets.undo")}
      </button>
      <FormError error={action.error} />
    </div>
  );
}

export default function PetList() {
  const { query, route } = useLocation();
  const page = Math.max(0, Number(query.page) || 0);
  const list = useLoad(() => loadPage(page), [page]);
  const [restored, setRestored] = useState(null);
  const heading = useRef(null);
  useTitle(t("pets.list.title"));
  useFocusHeading(heading);

  const onRestored = (pet) => {
    setRestored(pet);
    list.reload();
  };
  return (
    <section class="page pets-page">
      <div class="spread">
        <h1 ref={heading} tabIndex={-1}>
          {t("pets.list.title")}
        </h1>
        <a class="button primary" href="/app/pets/new">
          {t("pets.list.add")}
        </a>
      </div>
      <UndoDeleted onRestored={onRestored} />
      {restored && (
        <p class="notice" role="status">
          {t("pets.restored", { name: restored.name })}
        </p>
      )}
      <PagedList state={list} empty={t("pets.list.empty")} onPage={(p) => route("/app/pets" + (p ? "?page=" + p : ""))}>
        {(pets) => (
          <ul class="grid list-plain pet-grid">
            {pets.map((pet) => (
              <PetCard key={pet.id} pet={pet} />
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}
