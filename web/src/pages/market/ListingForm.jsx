// ListingForm.jsx -- /app/market/new and /app/market/:id/edit: a
// listing's category, title, description, price and photos (uploaded at
// once with purpose "trade-board"). Editing saves the fields, deletes the
// photos marked for deletion and attaches the new ones. The server's
// field refusals show next to their fields.
import { useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { TextField, SelectField, FormError, fieldErrors } from "../../ui/forms.jsx";
import { ImageUpload } from "../../ui/ImageUpload.jsx";
import { ExistingImages, syncImages, fieldText } from "../community/boardkit.jsx";
import { BASE, CATEGORIES, categoryName } from "./common.jsx";

// The price as typed: digits become a number, anything else is sent as
// it is so that the server names the field.
function priceValue(text) {
  const s = String(text).trim().replace(/[,\s]/g, "");
  return /^\d+$/.test(s) ? Number(s) : s === "" ? null : s;
}

function ListingForm({ heading, item, onSave, cancelHref }) {
  const { route } = useLocation();
  const [form, setForm] = useState({
    category: item ? item.category : "",
    title: item ? item.title : "",
    content: item ? item.content : "",
    price: item ? String(item.price) : "",
  });
  const [keys, setKeys] = useState([]);
  const [uploading, setUploading] = useState(false);
  const [removed, setRemoved] = useState(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const headingRef = useRef(null);
  useTitle(heading);
  useFocusHeading(headingRef);

  const set = (field) => (value) => setForm((f) => ({ ...f, [field]: value }));
  const toggle = (id) =>
    setRemoved((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { ...form, price: priceValue(form.price), category: form.category || null };
    try {
      const id = await onSave(body, keys, [...removed]);
      route(BASE + "/" + id);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const errs = fieldErrors(error);
  const named = Object.keys(errs).length > 0;
  const options = [{ value: "", label: t("market.form.choose") }, ...CATEGORIES.map((c) => ({ value: c, label: categoryName(c) }))];
  return (
    <section class="page narrow board">
      <h1 ref={headingRef} tabIndex={-1}>
        {heading}
      </h1>
      <form class="card" onSubmit={submit} noValidate>
        <SelectField
          label={t("market.form.category")}
          value={form.category}
          onChange={set("category")}
          options={options}
          error={fieldText(errs, "market", "category")}
        />
        <TextField
          label={t("market.form.title")}
          value={form.title}
          onInput={set("title")}
          hint={t("market.form.titleHint")}
          error={fieldText(errs, "market", "title")}
          autoComplete="off"
        />
        <TextField
          label={t("market.form.price")}
          value={form.price}
          onInput={set("price")}
          inputMode="numeric"
          hint={t("market.form.priceHint")}
          error={fieldText(errs, "market", "price")}
          autoComplete="off"
        />
        <TextField
          label={t("market.form.content")}
          multiline
          rows={6}
          value={form.content}
          onInput={set("content")}
          hint={t("market.form.contentHint")}
          error={fieldText(errs, "market", "content")}
        />
        {item && <ExistingImages images={item.images} removed={removed} onToggle={toggle} />}
        <ImageUpload purpose="trade-board" label={t("market.form.images")} onChange={setKeys} onBusy={setUploading} />
        {errs.imageKeys && (
          <p class="field-error" role="alert">
            {errs.imageKeys}
          </p>
        )}
        {uploading && <p class="muted">{t("upload.busy")}</p>}
        <FormError error={error && !named ? error : null} />
        <div class="row board-form-buttons">
          <button type="submit" class="primary" disabled={busy || uploading}>
            {item ? t("market.form.save") : t("market.form.submit")}
          </button>
          <a class="button" href={cancelHref}>
            {t("market.form.cancel")}
          </a>
        </div>
      </form>
    </section>
  );
}

export function NewListing() {
  const save = async (body, keys) => {
    const created = await api("POST", "/trade-boards", { body: keys.length ? { ...body, imageKeys: keys } : body });
    return created.id;
  };
  return <ListingForm heading={t("market.form.new")} onSave={save} cancelHref={BASE} />;
}

export function EditListing() {
  const { params } = useRoute();
  const id = params.id;
  const { loading, error, data, reload } = useLoad(() => api("GET", "/trade-boards/" + encodeURIComponent(id)), [id]);
  if (loading && !data) return <Loading />;
  if (error) return <LoadError error={error} onRetry={error.status === 404 ? null : reload} />;
  const save = async (body, keys, removed) => {
    await api("PUT", "/trade-boards/" + data.id, { body });
    await syncImages("/trade-boards/" + data.id, removed, keys);
    return data.id;
  };
  return <ListingForm heading={t("market.form.edit")} item={data} onSave={save} cancelHref={BASE + "/" + data.id} />;
}
