// format.js -- dates, times and numbers as the user reads them: in the
// user's time zone (their profile's, else the browser's) and language.
import { lang } from "./i18n.js";
import { me } from "./session.js";

export function userZone() {
  const z = me.value && me.value.timezone;
  return z || Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function locale() {
  return lang.value === "ko" ? "ko-KR" : "en-GB";
}

export function formatDateTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), {
    timeZone: userZone(),
    dateStyle: "medium",
    timeStyle: "short",
  }).format(d);
}

export function formatDate(iso) {
  if (!iso) return "";
  // a bare YYYY-MM-DD is a calendar date: no zone shift
  if (/^\d{4}-\d\d-\d\d$/.test(iso)) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Intl.DateTimeFormat(locale(), { timeZone: "UTC", dateStyle: "medium" }).format(
      new Date(Date.UTC(y, m - 1, d)),
    );
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), { timeZone: userZone(), dateStyle: "medium" }).format(d);
}

export function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(locale(), { timeZone: userZone(), timeStyle: "short" }).format(d);
}

// Today's date (YYYY-MM-DD) in the user's zone.
export function todayInZone(zone = userZone()) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  return parts; // en-CA formats as YYYY-MM-DD
}

// Every IANA zone the browser knows, as select options (current first
// when the browser does not know it).
export function zoneOptions(current) {
  let list;
  try {
    list = Intl.supportedValuesOf("timeZone");
  } catch {
    list = ["Asia/Seoul", "UTC"];
  }
  if (current && !list.includes(current)) list = [current, ...list];
  return list.map((z) => ({ value: z, label: z }));
}

export function formatNumber(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

export function formatPrice(n) {
  return lang.value === "ko" ? formatNumber(n) + "원" : "₩" + formatNumber(n);
}
