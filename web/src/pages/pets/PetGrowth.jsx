// PetGrowth.jsx -- /app/pets/:id/growth: a pet's growth diary. The
// summary of the chosen range (change between its first and last
// record), a line chart of weight (and length) over time whose text
// alternative is the table of records, a form that adds a record or
// edits the one picked in the table, deletion, and the CSV export. The
// CSV is fetched with the access token (tokens never go in URLs) and
// saved from a blob. Another user's pet, a deleted one or an unknown id
// is "not found".
import { useRef, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { t, lang } from "../../lib/i18n.js";
import { api, ApiError, reissue } from "../../lib/api.js";
import { tokens } from "../../lib/session.js";
import { formatDate, todayInZone } from "../../lib/format.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { TextField, FormError, useSubmit, fieldText as sharedFieldText } from "../../ui/forms.jsx";
import { petHref, PetNotFound } from "./common.jsx";
import { GrowthChart } from "./GrowthChart.jsx";
import "./growth.css";

const FIELDS = ["date", "weightKg", "lengthCm", "note"];
const NOTE_MAX = 200;
const TABLE_ID = "growth-records";

const fieldText = (errors, field) => sharedFieldText(errors, "growth", field);

function number(value, digits) {
  const locale = lang.value === "ko" ? "ko-KR" : "en-GB";
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

function signed(value, digits) {
  return (value > 0 ? "+" : "") + number(value, digits);
}

// A typed number as JSON: a number when it reads as one, else the text
// itself, so that the server names the field ("must be a number").
function numeric(text) {
  const s = text.trim();
  return s !== "" && Number.isFinite(Number(s)) ? Number(s) : s;
}

function blank(record) {
  if (!record) return { date: todayInZone(), weightKg: "", lengthCm: "", note: "" };
  return {
    date: record.date,
    weightKg: String(record.weightKg),
    lengthCm: record.lengthCm === null ? "" : String(record.lengthCm),
    note: record.note || "",
  };
}

// Create: the date and weight always (the server names what is missing)
// and the optional fields when filled. Edit: the changed fields, with
// null removing the length and "" the note.
function bodyOf(form, record) {
  const body = {};
  const was = blank(record);
  for (const f of FIELDS) {
    const value = form[f].trim();
    if (record && value === was[f].trim()) continue;
    if (!record && value === "" && (f === "lengthCm" || f === "note")) continue;
    if (f === "weightKg" || f === "lengthCm") body[f] = value === "" && record ? null : numeric(value);
    else body[f] = value;
  }
  if (!record && body.weightKg === "") delete body.weightKg;
  return body;
}

function RecordForm({ petId, record, onSaved, onCancel }) {
  const [form, setForm] = useState(() => blank(record));
  const action = useSubmit();
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  const save = action.submit(async () => {
    const body = bodyOf(form, record);
    const saved = record
      ? await api("PATCH", `/pets/${petId}/growth/${record.id}`, { body })
      : await api("POST", `/pets/${petId}/growth`, { body });
    if (!record) setForm({ ...blank(null), date: form.date });
    onSaved(saved, record ? "growth.saved" : "growth.added");
  });
  const errs = action.fields;
  const title = record ? t("growth.form.editTitle", { date: formatDate(record.date) }) : t("growth.form.addTitle");
  return (
    <form class="card growth-form" onSubmit={save} noValidate aria-labelledby="growth-form-title">
      <h2 id="growth-form-title">{title}</h2>
      <div class="growth-form-fields">
        <TextField label={t("growth.form.date")} name="date" type="date" max={todayInZone()} value={form.date} onInput={set("date")} error={fieldText(errs, "date")} />
        <TextField
          label={t("growth.form.weight")}
          name="weightKg"
          inputMode="decimal"
          autoComplete="off"
          value={form.weightKg}
          onInput={set("weightKg")}
          hint={t("growth.form.weightHint")}
          error={fieldText(errs, "weightKg")}
        />
        <TextField
          label={t("growth.form.length")}
          name="lengthCm"
          inputMode="decimal"
          autoComplete="off"
          value={form.lengthCm}
          onInput={set("lengthCm")}
          hint={t("growth.form.lengthHint")}
          error={fieldText(errs, "lengthCm")}
        />
      </div>
      <TextField
        label={t("growth.form.note")}
        name="note"
        multiline
        rows={2}
        value={form.note}
        onInput={set("note")}
        counter={{ max: NOTE_MAX, message: "growth.form.noteCount" }}
        error={fieldText(errs, "note")}
      />
      <FormError error={action.error} fields={FIELDS} />
      <div class="row form-actions">
        <button type="submit" class="primary" disabled={action.busy}>
          {record ? t("growth.form.save") : t("growth.form.add")}
        </button>
        {record && (
          <button type="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

function Summary({ summary }) {
  if (summary.count === 0) return null;
  const change = summary.changePercent === null ? signed(summary.changeKg, 2) + " kg" : `${signed(summary.changeKg, 2)} kg (${signed(summary.changePercent, 1)}%)`;
  return (
    <dl class="facts card growth-summary" data-testid="growth-summary">
      <dt>{t("growth.summary.count")}</dt>
      <dd>{summary.count}</dd>
      <dt>{t("growth.summary.period")}</dt>
      <dd>
        {formatDate(summary.firstDate)} – {formatDate(summary.lastDate)}
      </dd>
      <dt>{t("growth.summary.range")}</dt>
      <dd>
        {number(summary.minKg, 2)} – {number(summary.maxKg, 2)} kg
      </dd>
      <dt>{t("growth.summary.change")}</dt>
      <dd data-testid="growth-change">{summary.count < 2 ? t("growth.summary.oneRecord") : change}</dd>
    </dl>
  );
}

function RecordTable({ records, onEdit, onDelete, busy }) {
  return (
    <div class="table-scroll">
      <table class="growth-table" id={TABLE_ID}>
        <caption>{t("growth.table.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("growth.table.date")}</th>
            <th scope="col">{t("growth.table.weight")}</th>
            <th scope="col">{t("growth.table.length")}</th>
            <th scope="col">{t("growth.table.note")}</th>
            <th scope="col">{t("growth.table.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.id}>
              <th scope="row">{formatDate(r.date)}</th>
              <td>{number(r.weightKg, 2)}</td>
              <td>{r.lengthCm === null ? <span class="muted">–</span> : number(r.lengthCm, 1)}</td>
              <td class="growth-note">{r.note || ""}</td>
              <td>
                <div class="row">
                  <button type="button" onClick={() => onEdit(r)} aria-label={t("growth.table.editOf", { date: formatDate(r.date) })}>
                    {t("common.edit")}
                  </button>
                  <button type="button" class="danger" disabled={busy} onClick={() => onDelete(r)} aria-label={t("growth.table.deleteOf", { date: formatDate(r.date) })}>
                    {t("common.delete")}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// GET path with the token (reissued once on 401) as a blob, saved under
// the server's file name.
async function download(path, fallbackName) {
  const get = (token) => fetch(path, { headers: token ? { Authorization: "Bearer " + token } : {} });
  let res = await get(tokens.value && tokens.value.accessToken);
  if (res.status === 401) {
    const fresh = await reissue();
    if (fresh) res = await get(fresh);
  }
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const m = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = href;
  a.download = m ? m[1] : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
}

function rangeQuery(range) {
  const params = new URLSearchParams();
  if (range.from) params.set("from", range.from);
  if (range.to) params.set("to", range.to);
  const qs = params.toString();
  return qs ? "?" + qs : "";
}

function Diary({ pet }) {
  const heading = useRef(null);
  const [range, setRange] = useState({ from: "", to: "" });
  const [draft, setDraft] = useState({ from: "", to: "" });
  const [editing, setEditing] = useState(null);
  const [status, setStatus] = useState("");
  const rows = useSubmit();
  const csv = useSubmit();
  const base = `/pets/${pet.id}/growth`;
  const diary = useLoad(() => api("GET", base + rangeQuery(range)), [pet.id, range.from, range.to]);
  useTitle(t("growth.title", { name: pet.name }));
  useFocusHeading(heading);

  const saved = (record, message) => {
    setEditing(null);
    setStatus(t(message, { date: formatDate(record.date) }));
    diary.reload();
  };
  const remove = (record) =>
    rows.run(async () => {
      await api("DELETE", `${base}/${record.id}`);
      if (editing && editing.id === record.id) setEditing(null);
      setStatus(t("growth.deleted", { date: formatDate(record.date) }));
      diary.reload();
    });
  const applyRange = (e) => {
    e.preventDefault();
    setRange({ ...draft });
  };
  const exportCsv = () => csv.run(() => download(base + ".csv" + rangeQuery(range), `pet-${pet.id}-growth.csv`));
  const data = diary.data;
  const rangeError = diary.error && diary.error.status === 400 ? diary.error : null;

  return (
    <section class="page pets-page growth-page">
      <p>
        <a href={petHref(pet.id)}>← {t("growth.back", { name: pet.name })}</a>
      </p>
      <div class="spread">
        <h1 ref={heading} tabIndex={-1}>
          {t("growth.title", { name: pet.name })}
        </h1>
        <button type="button" onClick={exportCsv} disabled={csv.busy}>
          {t("growth.csv")}
        </button>
      </div>
      <FormError error={csv.error} />
      <p class="visually-hidden" role="status">
        {status}
      </p>
      {status && (
        <p class="growth-status" aria-hidden="true">
          {status}
        </p>
      )}
      <form class="row growth-range" onSubmit={applyRange} noValidate aria-label={t("growth.range.label")}>
        <TextField label={t("growth.range.from")} name="from" type="date" value={draft.from} onInput={(v) => setDraft({ ...draft, from: v })} error={rangeError && rangeError.errors.from ? t("growth.err.from") : undefined} />
        <TextField label={t("growth.range.to")} name="to" type="date" value={draft.to} onInput={(v) => setDraft({ ...draft, to: v })} error={rangeError && rangeError.errors.to ? t("growth.err.to") : undefined} />
        <button type="submit">{t("growth.range.apply")}</button>
      </form>
      {diary.loading && !data && <Loading />}
      {diary.error && !rangeError && <LoadError error={diary.error} onRetry={diary.reload} />}
      {data && (
        <>
          <Summary summary={data.summary} />
          {data.records.length === 0 ? (
            <p class="card muted" data-testid="growth-empty">
              {range.from || range.to ? t("growth.emptyRange") : t("growth.empty", { name: pet.name })}
            </p>
          ) : (
            <GrowthChart records={data.records} describedBy={TABLE_ID} />
          )}
        </>
      )}
      <RecordForm key={editing ? editing.id : "new"} petId={pet.id} record={editing} onSaved={saved} onCancel={() => setEditing(null)} />
      <FormError error={rows.error} />
      {data && data.records.length > 0 && <RecordTable records={data.records} onEdit={setEditing} onDelete={remove} busy={rows.busy} />}
    </section>
  );
}

export default function PetGrowth() {
  const { params } = useRoute();
  const { loading, error, data, reload } = useLoad(() => api("GET", "/pets/" + params.id), [params.id]);
  if (loading && !data) return <Loading />;
  if (error && (error.status === 404 || error.status === 400)) return <PetNotFound />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  return <Diary pet={data} />;
}
