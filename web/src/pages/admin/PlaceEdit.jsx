// PlaceEdit.jsx -- /app/admin/places/new and /app/admin/places/:id: the
// place form (name, description, type, address, optional coordinates:
// without them the server geocodes the address, or says why it cannot),
// its photos (purpose "place": added with POST /places/{id}/images,
// removed one by one), and its status: delete, restore as active or
// inactive. A deleted place answers 404 even to an admin, so its page
// offers the restore on the number alone.
import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useLoad } from "../../lib/hooks.js";
import { TextField, SelectField, FormError, useSubmit } from "../../ui/forms.jsx";
import { Loading, LoadError } from "../../ui/states.jsx";
import { ImageUpload } from "../../ui/ImageUpload.jsx";
import { AdminPage, StatusBadge, useAction, ActionResult } from "./shared.jsx";
import { typeOptions } from "./PlaceList.jsx";

const TEXT_FIELDS = ["placeName", "placeInfo", "placeType", "address"];

// "" → absent; a number → the number; anything else goes as typed, for
// the server to name the field.
function coordinate(text) {
  const s = String(text ?? "").trim();
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

function formOf(place) {
  if (!place) return { placeName: "", placeInfo: "", placeType: "CAFE", address: "", latitude: "", longitude: "" };
  return {
    placeName: place.placeName || "",
    placeInfo: place.placeInfo || "",
    placeType: place.placeType,
    address: place.address || "",
    latitude: place.latitude ?? "",
    longitude: place.longitude ?? "",
  };
}

// The request body: everything on create, only what changed on edit.
function bodyOf(form, place, imageKeys) {
  const body = {};
  const before = place ? formOf(place) : null;
  for (const k of TEXT_FIELDS) {
    if (!place ? form[k] !== "" : form[k] !== before[k]) body[k] = form[k];
  }
  const lat = coordinate(form.latitude);
  const lng = coordinate(form.longitude);
  const moved = !place || String(form.latitude) !== String(before.latitude) || String(form.longitude) !== String(before.longitude);
  if (moved && (lat !== undefined || lng !== undefined)) {
    body.latitude = lat;
    body.longitude = lng;
  }
  if (!place && imageKeys.length) body.imageKeys = imageKeys;
  return body;
}

function PlaceForm({ place, onSaved }) {
  const [form, setForm] = useState(formOf(place));
  const [keys, setKeys] = useState([]);
  const [uploading, setUploading] = useState(false);
  const action = useSubmit();
  const set = (k) => (v) => {
    setForm((f) => ({ ...f, [k]: v }));
    action.setDone("");
  };
  const submit = action.submit(
    async () => {
      const body = bodyOf(form, place, keys);
      const saved = place ? await api("PUT", "/places/" + place.id, { body }) : await api("POST", "/places", { body });
      onSaved(saved);
    },
    { done: place ? t("admin.places.saved") : "" },
  );
  const errs = action.fields;
  return (
    <form class="card" onSubmit={submit} noValidate>
      <TextField label={t("admin.places.name")} name="placeName" value={form.placeName} onInput={set("placeName")} error={errs.placeName} />
      <TextField label={t("admin.places.info")} name="placeInfo" multiline rows={3} value={form.placeInfo} onInput={set("placeInfo")} error={errs.placeInfo} />
      <SelectField label={t("admin.places.type")} name="placeType" value={form.placeType} onChange={set("placeType")} options={typeOptions()} error={errs.placeType} />
      <TextField label={t("admin.places.address")} name="address" value={form.address} onInput={set("address")} error={errs.address} autoComplete="street-address" />
      <fieldset>
        <legend>{t("admin.places.coordinates")}</legend>
        <p class="hint">{t("admin.places.coordinatesHint")}</p>
        <div class="admin-coords">
          <TextField label={t("admin.places.latitude")} name="latitude" inputMode="decimal" value={form.latitude} onInput={set("latitude")} error={errs.latitude} />
          <TextField label={t("admin.places.longitude")} name="longitude" inputMode="decimal" value={form.longitude} onInput={set("longitude")} error={errs.longitude} />
        </div>
      </fieldset>
      {!place && (
        <div class="field">
          <ImageUpload purpose="place" label={t("admin.places.images")} onChange={setKeys} onBusy={setUploading} error={errs.imageKeys} />
        </div>
      )}
      <FormError error={action.error} fields />
      <p class="admin-done" role="status">
        {action.done}
      </p>
      {uploading && <p class="notice">{t("upload.busy")}</p>}
      <button type="submit" class="primary" disabled={action.busy || uploading}>
        {action.busy ? t("common.saving") : place ? t("admin.places.save") : t("admin.places.create")}
      </button>
    </form>
  );
}

function Images({ place, setPlace }) {
  const [keys, setKeys] = useState([]);
  const [uploading, setUploading] = useState(false);
  const [resetKey, setResetKey] = useState(0);
  const action = useAction();
  const images = place.images || [];
  const attach = () =>
    action.run(async () => {
      setPlace(await api("POST", "/places/" + place.id + "/images", { body: { imageKeys: keys } }));
      setResetKey((k) => k + 1);
    });
  const remove = (img) =>
    action.run(
      async () => {
        await api("DELETE", "/places/" + place.id + "/images/" + img.id);
        setPlace({ ...place, images: images.filter((i) => i.id !== img.id) });
      },
      { confirm: t("admin.places.confirmRemoveImage") },
    );
  return (
    <section class="card" aria-labelledby="place-images">
      <h2 id="place-images">{t("admin.places.images")}</h2>
      {images.length ? (
        <ul class="admin-images">
          {images.map((img, i) => (
            <li key={img.id}>
              <img src={img.url} alt={t("admin.places.imageAlt", { n: i + 1 })} loading="lazy" />
              <button type="button" class="link" disabled={action.busy} onClick={() => remove(img)}>
                {t("admin.places.removeImage", { n: i + 1 })}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t("admin.places.noImages")}</p>
      )}
      <ImageUpload purpose="place" label={t("admin.places.addImages")} onChange={setKeys} onBusy={setUploading} resetKey={resetKey} />
      <button type="button" disabled={!keys.length || uploading || action.busy} onClick={attach}>
        {t("admin.places.addImagesButton")}
      </button>
      <ActionResult action={action} />
    </section>
  );
}

// Delete / restore; `place` is null for a place the server does not show (deleted).
function StatusPanel({ id, place, setPlace }) {
  const action = useAction();
  const status = place ? place.placeStatus : "DELETED";
  const restore = (to) =>
    action.run(
      async () => {
        const p = await api("PATCH", "/places/" + id + "/restore", { body: { placeStatus: to } });
        setPlace(p);
      },
      { done: t("admin.places.restored", { status: t("admin.status." + to) }) },
    );
  const remove = () =>
    action.run(
      async () => {
        await api("DELETE", "/places/" + id);
        setPlace(place ? { ...place, placeStatus: "DELETED" } : null);
      },
      { confirm: t("admin.places.confirmDelete", { name: place ? place.placeName : "#" + id }), done: t("admin.places.deleted") },
    );
  return (
    <section class="card" aria-labelledby="place-status">
      <h2 id="place-status" class="row">
        {t("admin.places.statusTitle")} <StatusBadge status={status} />
      </h2>
      {!place && <p>{t("admin.places.deletedNote")}</p>}
      <div class="row admin-actions">
        {status !== "DELETED" && (
          <button type="button" class="danger" disabled={action.busy} onClick={remove}>
            {t("admin.places.delete")}
          </button>
        )}
        {status !== "ACTIVE" && (
          <button type="button" disabled={action.busy} onClick={() => restore("ACTIVE")}>
            {t("admin.places.restoreActive")}
          </button>
        )}
        {status === "DELETED" && (
          <button type="button" disabled={action.busy} onClick={() => restore("INACTIVE")}>
            {t("admin.places.restoreInactive")}
          </button>
        )}
      </div>
      <ActionResult action={action} />
    </section>
  );
}

function ExistingPlace({ id }) {
  const { query } = useLocation();
  const load = useLoad(() => api("GET", "/places/" + id), [id]);
  const [place, setPlace] = useState(undefined);
  useEffect(() => {
    if (load.data) setPlace(load.data);
    else if (load.error && load.error.status === 404) setPlace(null);
  }, [load.data, load.error]);
  const title = place ? place.placeName : t("admin.places.editTitle");
  if (place === undefined) {
    return <AdminPage title={t("admin.places.editTitle")}>{load.error ? <LoadError error={load.error} onRetry={load.reload} /> : <Loading />}</AdminPage>;
  }
  const live = place && place.placeStatus !== "DELETED";
  return (
    <AdminPage title={title}>
      {query.created && live && (
        <p class="notice" role="status">
          {t("admin.places.created")}
        </p>
      )}
      {place && place.placeStatus === "ACTIVE" && (
        <p>
          <a href={"/app/places/" + id}>{t("admin.places.public")}</a>
        </p>
      )}
      <div class="admin-place-layout">
        <div>{live && <PlaceForm key={place.id} place={place} onSaved={setPlace} />}</div>
        <div>
          <StatusPanel id={id} place={place} setPlace={setPlace} />
          {live && <Images place={place} setPlace={setPlace} />}
        </div>
      </div>
    </AdminPage>
  );
}

function NewPlace() {
  const { route } = useLocation();
  return (
    <AdminPage title={t("admin.places.newTitle")}>
      <PlaceForm place={null} onSaved={(p) => route("/app/admin/places/" + p.id + "?created=1")} />
    </AdminPage>
  );
}

export function PlaceEdit() {
  const { params } = useRoute();
  return params.id ? <ExistingPlace key={params.id} id={params.id} /> : <NewPlace />;
}
