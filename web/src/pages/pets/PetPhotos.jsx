// PetPhotos.jsx -- a pet's photos as a grid, each with its delete button
// (DELETE /pets/images/{imageId}). The URLs the API returns are signed,
// so a plain <img> shows these private photos. onChange gets the pet
// without the deleted photo.
import { useRef } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { FormError, useSubmit } from "../../ui/forms.jsx";

export function PetPhotos({ pet, onChange }) {
  const action = useSubmit();
  const list = useRef(null);

  const remove = (image) =>
    action.run(
      async () => {
        await api("DELETE", "/pets/images/" + image.id);
        onChange({ ...pet, images: pet.images.filter((i) => i.id !== image.id) });
        if (list.current) list.current.focus();
      },
      { done: true },
    );
  return (
    <div ref={list} tabIndex={-1}>
      {!pet.images.length ? (
        <p class="muted">{t("pets.detail.noPhotos")}</p>
      ) : (
      <ul class="photo-grid">
        {pet.images.map((image, i) => (
          <li key={image.id}>
            <img src={image.url} alt={t("pets.detail.photoAlt", { name: pet.name, n: i + 1 })} loading="lazy" />
            <button type="button" class="danger" disabled={action.busy} onClick={() => remove(image)}>
              {t("pets.detail.deletePhoto", { n: i + 1 })}
            </button>
          </li>
        ))}
      </ul>
      )}
      {action.done && (
        <p class="notice" role="status">
          {t("pets.detail.photoDeleted")}
        </p>
      )}
      <FormError error={action.error} />
    </div>
  );
}
