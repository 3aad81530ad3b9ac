// ListingForm.jsx -- /app/market/new and /app/market/:id/edit: a
// listing's category, title, description, price and photos (uploaded at
// once with purpose "trade-board"). Editing saves the fields, deletes the
// photos marked for deletion and attaches the new ones. The server's
// field refusals show next to their fields.
import { useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { TextField, SelectField } from "../../ui/forms.jsx";
import { BoardForm, EditLoader, fieldText } from "../community/boardkit.jsx";
import { BASE, CATEGORIES, categoryName } from "./common.jsx";

// The price as typed: digits become a number, anything else is sent as
// it is so that the server names the field.
function priceValue(text) {
  const s = String(text).trim().replace(/[,\s]/g, "");
  return /^\d+$/.test(s) ? Number(s) : s === "" ? null : s;
}

function ListingForm({ heading, item }) {
  const [form, setForm] = useState({
    category: item ? item.category : "",
    title: item ? item.title : "",
    content: item ? item.content : "",
    price: item ? String(item.price) : "",
  });
  const set = (field) => (value) => setForm((f) => ({ ...f, [field]: value }));
  const body = () => ({ ...form, price: priceValue(form.price), category: form.category || null });
  const options = [{ value: "", label: t("market.form.choose") }, ...CATEGORIES.map((c) => ({ value: c, label: categoryName(c) }))];
  return (
    <BoardForm heading={heading} prefix="market" base={BASE} apiPath="/trade-boards" purpose="trade-board" item={item} body={body}>
      {(errs) => (
        <>
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
        </>
      )}
    </BoardForm>
  );
}

export function NewListing() {
  return <ListingForm heading={t("market.form.new")} item={null} />;
}

export function EditListing() {
  return <EditLoader apiPath="/trade-boards">{(item) => <ListingForm heading={t("market.form.edit")} item={item} />}</EditLoader>;
}
