// dates.js -- the local date and year of an answer's timestamp in the
// user's time zone, and the server's limit of an answer's length.
import { userZone } from "../../lib/format.js";

// YYYY-MM-DD of an instant in the user's zone.
export function localDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: userZone(),
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(d);
}

export function localYear(iso) {
  return localDate(iso).slice(0, 4);
}

export const ANSWER_MAX = 255;
