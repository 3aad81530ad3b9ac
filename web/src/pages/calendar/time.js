// time.js -- dates for the calendar: an instant's wall-clock time in a
// zone, day arithmetic on YYYY-MM-DD, the time zone list and weekday
// names. FullCalendar is given the user's zone by name and wall-clock
// times in it, so it needs no time-zone plugin.
import { lang } from "../../lib/i18n.js";

// "YYYY-MM-DDTHH:mm:ss" of an instant, as the clock in `zone` shows it.
export function wallClock(iso, zone) {
  const d = iso instanceof Date ? iso : new Date(iso);
  const p = {};
  for (const part of new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(d))
    p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

export function addDays(ymd, n) {
  const [y, m, d] = ymd.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function daysBetween(from, to) {
  const a = Date.parse(from + "T00:00:00Z");
  const b = Date.parse(to + "T00:00:00Z");
  return Math.round((b - a) / 86400000);
}

// FullCalendar's dates (zone-less markers): their UTC fields are the
// wall-clock fields.
export function markerDate(date) {
  return date.toISOString().slice(0, 10);
}
export function markerDateTime(date) {
  return date.toISOString().slice(0, 16);
}

export function isDate(s) {
  return typeof s === "string" && /^\d{4}-\d\d-\d\d$/.test(s) && !Number.isNaN(Date.parse(s + "T00:00:00Z"));
}

export function locale() {
  return lang.value === "ko" ? "ko-KR" : "en-GB";
}

// Short weekday names, Monday first, keyed by RFC 5545 code.
export function weekdayNames() {
  const fmt = new Intl.DateTimeFormat(locale(), { weekday: "short", timeZone: "UTC" });
  const codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
  // 2024-01-01 was a Monday
  return codes.map((code, i) => ({ code, name: fmt.format(new Date(Date.UTC(2024, 0, 1 + i))) }));
}

// The RFC 5545 weekday code of a YYYY-MM-DD.
export function weekdayOf(ymd) {
  const day = new Date(ymd.slice(0, 10) + "T00:00:00Z").getUTCDay();
  return ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][day];
}
