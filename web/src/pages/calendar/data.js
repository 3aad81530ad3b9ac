// data.js -- what the calendar shows for a range: the user's occurrences
// (GET /users/events, recurring ones expanded by the server) and the
// pets' birthdays (GET /pets, then GET /pets/{id} for each birthday),
// as FullCalendar event inputs and as the agenda's items.
import { api } from "../../lib/api.js";
import { t } from "../../lib/i18n.js";
import { wallClock, addDays, daysBetween } from "./time.js";

// Background colours for the API's colour names, each with at least
// 4.5:1 contrast against white text.
export const COLORS = {
  LAVENDER: "#5c6bc0",
  SAGE: "#2e7d5b",
  GRAPE: "#7b1fa2",
  FLAMINGO: "#c2185b",
  BANANA: "#8a6d00",
  TANGERINE: "#c43e00",
  PEACOCK: "#0277bd",
  GRAPHITE: "#555555",
  BLUEBERRY: "#3f51b5",
  BASIL: "#0b6b3a",
  TOMATO: "#c62828",
};
export const DEFAULT_COLOR = "#2f6f4f";
const BIRTHDAY_COLOR = "#8a4b00";

// All the user's live pets with their birthdays ({id, name, birthday}).
export async function loadPets() {
  const pets = [];
  for (let page = 0; ; page++) {
    const data = await api("GET", "/pets", { query: { page, size: 100 } });
    pets.push(...data.content);
    if (page + 1 >= data.totalPages) break;
  }
  const details = await Promise.all(pets.map((p) => api("GET", `/pets/${p.id}`).catch(() => p)));
  return details.map((p) => ({ id: p.id, name: p.name, birthday: p.birthday || null }));
}

// Birthdays of the pets inside [start, end) (YYYY-MM-DD, end exclusive).
// A 29 February birthday is kept on 28 February in other years.
export function birthdaysIn(pets, start, end) {
  const out = [];
  const first = Number(start.slice(0, 4));
  const last = Number(end.slice(0, 4));
  for (const pet of pets) {
    if (!pet.birthday) continue;
    const [by, bm, bd] = pet.birthday.split("-").map(Number);
    for (let y = Math.max(first, by); y <= last; y++) {
      const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
      const day = bm === 2 && bd === 29 && !leap ? 28 : bd;
      const date = `${y}-${String(bm).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      if (date >= start && date < end) out.push({ pet, date });
    }
  }
  return out;
}

function occurrenceToEvent(o, zone) {
  const color = COLORS[o.color] || DEFAULT_COLOR;
  const base = {
    id: `${o.id}@${o.startDate}`,
    groupId: String(o.id),
    title: o.title,
    backgroundColor: color,
    borderColor: color,
    textColor: "#ffffff",
    extendedProps: { kind: "event", eventId: o.id, recurring: o.recurring, occurrenceStart: o.startDate, timeZone: o.timeZone },
  };
  if (o.isAllDay) return { ...base, allDay: true, start: o.startDate, end: addDays(o.endDate, 1) };
  return { ...base, allDay: false, start: wallClock(o.startDate, zone), end: wallClock(o.endDate, zone) };
}

function birthdayToEvent({ pet, date }) {
  return {
    id: `birthday-${pet.id}-${date}`,
    title: t("calendar.birthday", { name: pet.name }),
    start: date,
    allDay: true,
    url: `/app/pets/${pet.id}`,
    backgroundColor: BIRTHDAY_COLOR,
    borderColor: BIRTHDAY_COLOR,
    textColor: "#ffffff",
    classNames: ["cal-birthday"],
    extendedProps: { kind: "birthday", petId: pet.id, petName: pet.name, date },
  };
}

// Both sources for [start, end), as FullCalendar inputs sorted by start.
export async function loadRange(start, end, zone, petsPromise) {
  const [occurrences, pets] = await Promise.all([
    api("GET", "/users/events", { query: { start, end } }),
    petsPromise.catch(() => []),
  ]);
  const events = occurrences.map((o) => occurrenceToEvent(o, zone));
  const birthdays = birthdaysIn(pets, start, end).map(birthdayToEvent);
  return [...events, ...birthdays].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

// "D-12", "D-day" for a birthday from today; null once it has passed.
export function dday(date, today) {
  const n = daysBetween(today, date);
  if (n < 0) return null;
  return n === 0 ? t("calendar.dday") : t("calendar.dminus", { days: n });
}
