// EventDialog.jsx -- a modal dialog (native <dialog>: focus kept inside,
// Escape closes) to create, edit or delete an event: title, start and end
// (date-time or all-day), time zone, notes, colour, pet, reminder and the
// repeat rule. The server's field errors appear next to their fields.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { formatDate } from "../../lib/format.js";
import { TextField, SelectField, FormError, useSubmit } from "../../ui/forms.jsx";
import { Loading, LoadError } from "../../ui/states.jsx";
import { RuleEditor } from "./RuleEditor.jsx";
import { emptyRule, linesToRule, ruleToLines } from "./rrule.js";
import { COLORS } from "./data.js";
import { zoneOptions } from "../../lib/format.js";

const REMINDERS = ["", "10", "30", "60", "1440"];

function plusHour(local) {
  return new Date(Date.parse(local + ":00Z") + 3600000).toISOString().slice(0, 16);
}

// A new event's form at a date ("YYYY-MM-DD") or time ("YYYY-MM-DDTHH:MM").
export function newForm({ date, allDay }, zone) {
  const timed = date.length > 10 ? date.slice(0, 16) : date + "T09:00";
  return {
    title: "",
    allDay: Boolean(allDay),
    start: allDay ? date.slice(0, 10) : timed,
    end: allDay ? date.slice(0, 10) : plusHour(timed),
    timeZone: zone,
    description: "",
    color: "",
    petId: "",
    remindBefore: "",
    rule: emptyRule(),
  };
}

function formOf(e) {
  const cut = (s) => (e.isAllDay ? s.slice(0, 10) : s.slice(0, 16));
  return {
    title: e.title,
    allDay: e.isAllDay,
    start: cut(e.startDate),
    end: cut(e.endDate),
    timeZone: e.timeZone,
    description: e.description || "",
    color: e.color || "",
    petId: e.petId ? String(e.petId) : "",
    remindBefore: e.remindBefore != null ? String(e.remindBefore) : "",
    rule: linesToRule(e.recurrence),
  };
}

// The request body; on update, emptied fields are cleared the API's way.
function bodyOf(f, updating) {
  const body = {
    title: f.title,
    startDate: f.start,
    endDate: f.end,
    timeZone: f.timeZone,
    isAllDay: f.allDay,
    recurrence: ruleToLines(f.rule, { allDay: f.allDay, startTime: f.start.slice(11, 16) }),
  };
  if (updating) {
    body.description = f.description;
    body.color = f.color;
    body.petId = f.petId ? Number(f.petId) : 0;
    body.remindBefore = f.remindBefore !== "" ? Number(f.remindBefore) : -1;
    return body;
  }
  if (f.description) body.description = f.description;
  if (f.color) body.color = f.color;
  if (f.petId) body.petId = Number(f.petId);
  if (f.remindBefore !== "") body.remindBefore = Number(f.remindBefore);
  return body;
}

function Colours({ value, onChange, error }) {
  const name = useId();
  const choice = (code) => (
    <label key={code || "none"} class="cal-chip">
      <input type="radio" name={name} checked={value === code} onChange={() => onChange(code)} />
      <span class="cal-swatch" aria-hidden="true" style={{ background: code ? COLORS[code] : "var(--green)" }} />
      {t(code ? "calendar.color." + code : "calendar.color.none")}
    </label>
  );
  return (
    <fieldset class="cal-colours">
      <legend>{t("calendar.field.color")}</legend>
      {choice("")}
      {Object.keys(COLORS).map(choice)}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function EventForm({ initial, eventId, occurrence, pets, onSaved }) {
  const [form, setForm] = useState(initial);
  const action = useSubmit();
  const { busy, error } = action;
  const [confirming, setConfirming] = useState(false);
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v }));
  const setAllDay = (allDay) =>
    setForm((f) => ({
      ...f,
      allDay,
      start: allDay ? f.start.slice(0, 10) : f.start + "T09:00",
      end: allDay ? f.end.slice(0, 10) : f.end + "T10:00",
    }));

  const save = (data, kind) =>
    action.run(async () => {
      if (eventId) await api("PUT", `/users/events/${eventId}`, { body: bodyOf(data, true) });
      else await api("POST", "/users/events", { body: bodyOf(data, false) });
      onSaved(kind || (eventId ? "updated" : "created"));
    });
  const submit = (e) => {
    e.preventDefault();
    save(form);
  };
  const remove = () =>
    action.run(async () => {
      await api("DELETE", `/users/events/${eventId}`);
      onSaved("deleted");
    });
  // one occurrence of a series: add its date to the exceptions and save
  const skipDate = occurrence && occurrence.recurring ? occurrence.date : null;
  const skip = () => {
    const next = { ...form, rule: { ...form.rule, exdates: [...new Set([...form.rule.exdates, skipDate])].sort() } };
    setForm(next);
    save(next, "updated");
  };

  const errs = action.fields;
  const known = ["title", "startDate", "endDate", "timeZone", "description", "color", "petId", "remindBefore", "recurrence"];
  const reminders = REMINDERS.includes(form.remindBefore) ? REMINDERS : [...REMINDERS, form.remindBefore];
  const dateType = form.allDay ? "date" : "datetime-local";
  return (
    <form onSubmit={submit} noValidate>
      {skipDate && <p class="notice">{t("calendar.dialog.series")}</p>}
      <TextField label={t("calendar.field.title")} name="title" required value={form.title} onInput={set("title")} error={errs.title} />
      <label class="cal-check">
        <input type="checkbox" checked={form.allDay} onChange={(e) => setAllDay(e.currentTarget.checked)} />
        {t("calendar.field.allDay")}
      </label>
      <div class="cal-two">
        <TextField label={t("calendar.field.start")} type={dateType} value={form.start} onInput={set("start")} error={errs.startDate} />
        <TextField
          label={t(form.allDay ? "calendar.field.endAllDay" : "calendar.field.end")}
          type={dateType}
          value={form.end}
          onInput={set("end")}
          error={errs.endDate}
        />
      </div>
      <SelectField
        label={t("calendar.field.timeZone")}
        value={form.timeZone}
        onChange={set("timeZone")}
        options={zoneOptions(form.timeZone)}
        error={errs.timeZone}
      />
      <RuleEditor
        rule={form.rule}
        onChange={(rule) => setForm((f) => ({ ...f, rule }))}
        allDay={form.allDay}
        start={form.start}
        error={errs.recurrence}
      />
      <TextField
        label={t("calendar.field.description")}
        multiline
        rows={3}
        value={form.description}
        onInput={set("description")}
        error={errs.description}
      />
      <Colours value={form.color} onChange={set("color")} error={errs.color} />
      <div class="cal-two">
        <SelectField
          label={t("calendar.field.pet")}
          value={form.petId}
          onChange={set("petId")}
          error={errs.petId}
          options={[{ value: "", label: t("calendar.pet.none") }, ...pets.map((p) => ({ value: String(p.id), label: p.name }))]}
        />
        <SelectField
          label={t("calendar.field.reminder")}
          value={form.remindBefore}
          onChange={set("remindBefore")}
          error={errs.remindBefore}
          options={reminders.map((m) => ({
            value: m,
            label: m === "" ? t("calendar.remind.none") : REMINDERS.includes(m) ? t("calendar.remind." + m) : t("calendar.remind.other", { minutes: m }),
          }))}
        />
      </div>
      <FormError error={error} fields={known} />
      <div class="cal-actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t("common.saving") : t("calendar.save")}
        </button>
        {skipDate && (
          <button type="button" onClick={skip} disabled={busy}>
            {t("calendar.skipThis", { date: formatDate(skipDate) })}
          </button>
        )}
        {eventId && !confirming && (
          <button type="button" class="danger" onClick={() => setConfirming(true)} disabled={busy}>
            {t("calendar.delete")}
          </button>
        )}
      </div>
      {confirming && (
        <div class="cal-confirm" role="alert">
          <p>{t("calendar.deleteConfirm")}</p>
          <div class="row">
            <button type="button" class="danger" onClick={remove} disabled={busy}>
              {t("calendar.deleteYes")}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

// request: {eventId?, occurrence?: {date, recurring}, at?: {date, allDay}}
export function EventDialog({ request, zone, pets, onClose, onSaved }) {
  const ref = useRef(null);
  const titleId = useId();
  const [state, setState] = useState(() =>
    request.eventId ? { loading: true } : { initial: newForm(request.at, zone) },
  );
  const load = () => {
    setState({ loading: true });
    api("GET", `/users/events/${request.eventId}`).then(
      (e) => setState({ initial: formOf(e) }),
      (error) => setState({ error }),
    );
  };
  useEffect(() => {
    const opener = document.activeElement;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    if (request.eventId) load();
    // focus goes back where it was when the dialog closes
    return () => opener && opener.isConnected && opener.focus();
  }, []);
  return (
    <dialog ref={ref} class="cal-dialog" aria-labelledby={titleId} onClose={onClose}>
      <div class="spread">
        <h2 id={titleId}>{t(request.eventId ? "calendar.dialog.edit" : "calendar.dialog.new")}</h2>
        <button type="button" class="link" onClick={() => ref.current.close()}>
          {t("common.close")}
        </button>
      </div>
      {state.loading && <Loading />}
      {state.error && <LoadError error={state.error} onRetry={load} />}
      {state.initial && (
        <EventForm initial={state.initial} eventId={request.eventId} occurrence={request.occurrence} pets={pets} onSaved={onSaved} />
      )}
    </dialog>
  );
}
