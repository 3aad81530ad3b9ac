// birthday.js -- a pet's age and the days until its next birthday, from
// its birthday (YYYY-MM-DD) and today's date in the user's time zone.
// Calendar dates only: no clock, no zone shift. A 29 February birthday
// falls on 28 February in other years.
import { t } from "../../lib/i18n.js";
import { todayInZone } from "../../lib/format.js";

function parse(date) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(date || "");
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const dayNumber = (y, m, d) => Date.UTC(y, m - 1, d) / 86400000;

// The birthday's month and day in year y.
function birthdayIn(b, y) {
  return b.m === 2 && b.d === 29 && !isLeap(y) ? { y, m: 2, d: 28 } : { y, m: b.m, d: b.d };
}

// {years, months} completed between birth and today; null when unknown
// or in the future.
export function ageOf(birthday, today = todayInZone()) {
  const b = parse(birthday);
  const n = parse(today);
  if (!b || !n || dayNumber(b.y, b.m, b.d) > dayNumber(n.y, n.m, n.d)) return null;
  let months = (n.y - b.y) * 12 + (n.m - b.m);
  if (n.d < b.d) months -= 1;
  return { years: Math.floor(months / 12), months };
}

// Days from today until the next birthday (0: today is the birthday).
export function daysToBirthday(birthday, today = todayInZone()) {
  const b = parse(birthday);
  const n = parse(today);
  if (!b || !n) return null;
  const now = dayNumber(n.y, n.m, n.d);
  let next = birthdayIn(b, n.y);
  if (dayNumber(next.y, next.m, next.d) < now) next = birthdayIn(b, n.y + 1);
  return dayNumber(next.y, next.m, next.d) - now;
}

export function ageText(birthday, today) {
  const age = ageOf(birthday, today);
  if (!age) return "";
  if (age.years >= 1) return age.years === 1 ? t("pets.age.year") : t("pets.age.years", { n: age.years });
  if (age.months >= 1) return age.months === 1 ? t("pets.age.month") : t("pets.age.months", { n: age.months });
  return t("pets.age.newborn");
}

// "D-12 to the birthday" / "Today is Bori's birthday!" ("" when unknown).
export function ddayText(name, birthday, today) {
  const days = daysToBirthday(birthday, today);
  if (days === null) return "";
  return days === 0 ? t("pets.dday.today", { name }) : t("pets.dday.until", { n: days });
}
