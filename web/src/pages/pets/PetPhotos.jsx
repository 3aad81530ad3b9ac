// PetPhotos.jsx -- a pet's photos as a grid, each with its delete button
// (DELETE /pets/images/{imageId}). The URLs the API returns are signed,
// so a plain <img> shows these private photos. onChange gets the pet
// without the deleted photo.
import { useRef, useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { FormError } from "../../ui/forms.jsx";

export function PetPhotos({ pet, onChange }) {
  const [error, setError] = useState(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(null);
  const list = useRef(null);

  const remove = async (image) => {
    setBusy(image.id);
    setError(null);
    setDone(false);
    try {
      await api("DELETE", "/pets/images/" + image.id);
      onChange({ ...pet, images: pet.images.filter((i) => i.id !== image.id) });
      setDone(true);
      if (list.current) list.current.focus();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div ref={list} tabIndex={-1}>
      {!pet.images.length ? (
        <p class="muted">{t("pets.detail.noPhotos")}</p>
      ) : (
      <ul class="photo-grid">
        {pet.images.map((image, i) => (
          <li key={image.id}>
            <img src={image.url} alt={t("pets.detail.photoAlt", { name: pet.name, n: i + 1 })} loading="lazy" />
            <button type="button" class="danger" disabled={busy === image.id} onClick={() => remove(image)}>
              {t("pets.detail.deletePhoto", { n: i + 1 })}
            </button>
          </li>
        ))}
      </ul>
      )}
      {done && (
        <p class="notice" role="status">
          {t("pets.detail.photoDeleted")}
        </p>
      )}
      <FormError error={error} />
    </div>
  );
}
