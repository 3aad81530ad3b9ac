// RuleEditor.jsx -- the simple repeat editor: none / daily / weekly (on
// chosen weekdays) / monthly / yearly, every N, ending never / on a date
// (UNTIL) / after N times (COUNT), and dates to skip (EXDATE). It shows
// the lines it will save; the server's judgement of them appears below.
import { useId, useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { formatDate } from "../../lib/format.js";
import { SelectField, TextField } from "../../ui/forms.jsx";
import { FREQS, ruleToLines } from "./rrule.js";
import { weekdayNames, weekdayOf } from "./time.js";

function Weekdays({ rule, set }) {
  const toggle = (code) =>
    set({ byDay: rule.byDay.includes(code) ? rule.byDay.filter((d) => d !== code) : [...rule.byDay, code] });
  return (
    <fieldset class="cal-weekdays">
      <legend>{t("calendar.rule.weekdays")}</legend>
      {weekdayNames().map(({ code, name }) => (
        <label key={code} class="cal-chip">
          <input type="checkbox" checked={rule.byDay.includes(code)} onChange={() => toggle(code)} />
          {name}
        </label>
      ))}
    </fieldset>
  );
}

function Ends({ rule, set }) {
  const name = useId();
  const option = (value, label) => (
    <label class="cal-radio">
      <input type="radio" name={name} value={value} checked={rule.ends === value} onChange={() => set({ ends: value })} />
      {label}
    </label>
  );
  return (
    <fieldset>
      <legend>{t("calendar.rule.ends")}</legend>
      {option("NEVER", t("calendar.rule.never"))}
      {option("UNTIL", t("calendar.rule.onDate"))}
      {rule.ends === "UNTIL" && (
        <TextField label={t("calendar.rule.until")} type="date" value={rule.until} onInput={(v) => set({ until: v })} />
      )}
      {option("COUNT", t("calendar.rule.after"))}
      {rule.ends === "COUNT" && (
        <TextField
          label={t("calendar.rule.count")}
          type="number"
          inputMode="numeric"
          min="1"
          value={rule.count}
          onInput={(v) => set({ count: v })}
        />
      )}
    </fieldset>
  );
}

function Exceptions({ rule, set }) {
  const [date, setDate] = useState("");
  const add = () => {
    if (date && !rule.exdates.includes(date)) set({ exdates: [...rule.exdates, date].sort() });
    setDate("");
  };
  return (
    <fieldset>
      <legend>{t("calendar.rule.exceptions")}</legend>
      {rule.exdates.length === 0 && <p class="muted">{t("calendar.rule.noExceptions")}</p>}
      {rule.exdates.length > 0 && (
        <ul class="cal-exdates" data-testid="exdates">
          {rule.exdates.map((d) => (
            <li key={d}>
              <span>{formatDate(d)}</span>
              <button
                type="button"
                class="link"
                aria-label={t("calendar.rule.removeException", { date: formatDate(d) })}
                onClick={() => set({ exdates: rule.exdates.filter((x) => x !== d) })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="cal-add-exdate">
        <TextField label={t("calendar.rule.exceptionDate")} type="date" value={date} onInput={setDate} />
        <button type="button" onClick={add} disabled={!date}>
          {t("calendar.rule.addException")}
        </button>
      </div>
    </fieldset>
  );
}

export function RuleEditor({ rule, onChange, allDay, start, error }) {
  const set = (patch) => onChange({ ...rule, ...patch });
  const freqs = rule.custom ? [...FREQS, "CUSTOM"] : FREQS;
  const changeFreq = (freq) => {
    const patch = { freq };
    if (freq === "WEEKLY" && !rule.byDay.length && start) patch.byDay = [weekdayOf(start)];
    set(patch);
  };
  const lines = ruleToLines(rule, { allDay, startTime: (start || "").slice(11, 16) });
  const repeating = rule.freq !== "NONE" && rule.freq !== "CUSTOM";
  return (
    <fieldset class="cal-rule">
      <legend>{t("calendar.rule.legend")}</legend>
      <SelectField
        label={t("calendar.rule.freq")}
        value={rule.freq}
        onChange={changeFreq}
        options={freqs.map((f) => ({ value: f, label: t("calendar.rule." + f) }))}
      />
      {rule.freq === "CUSTOM" && <p class="muted">{t("calendar.rule.custom")}</p>}
      {repeating && (
        <>
          <TextField
            label={t("calendar.rule.interval")}
            hint={t("calendar.rule.unit." + rule.freq)}
            type="number"
            inputMode="numeric"
            min="1"
            class="cal-interval"
            value={rule.interval}
            onInput={(v) => set({ interval: v })}
          />
          {rule.freq === "WEEKLY" && <Weekdays rule={rule} set={set} />}
          <Ends rule={rule} set={set} />
          <Exceptions rule={rule} set={set} />
        </>
      )}
      {lines.length > 0 && (
        <div class="cal-preview">
          <span class="muted">{t("calendar.rule.preview")}</span>
          <code data-testid="rule-preview">{lines.join("\n")}</code>
        </div>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
