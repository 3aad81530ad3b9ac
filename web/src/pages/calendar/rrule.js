// rrule.js -- the simple repeat rule the editor shows, and the RFC 5545
// lines ("RRULE:…", "EXDATE:…") it stands for, both ways. A rule the
// simple editor cannot show (RDATEs, BYMONTHDAY, …) is kept verbatim as
// a "custom" rule. Values are sent as typed: the server judges them.

export const FREQS = ["NONE", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

export function emptyRule() {
  return { freq: "NONE", interval: "1", byDay: [], ends: "NEVER", until: "", count: "10", exdates: [], custom: null };
}

const compact = (ymd) => ymd.replace(/-/g, "");
const dashed = (d8) => `${d8.slice(0, 4)}-${d8.slice(4, 6)}-${d8.slice(6, 8)}`;

// The lines for a rule; startTime ("HH:MM") places timed exceptions.
export function ruleToLines(rule, { allDay, startTime = "00:00" }) {
  if (rule.freq === "CUSTOM") return rule.custom || [];
  if (rule.freq === "NONE") return [];
  const parts = ["FREQ=" + rule.freq];
  const interval = String(rule.interval ?? "").trim();
  if (interval && interval !== "1") parts.push("INTERVAL=" + interval);
  if (rule.freq === "WEEKLY" && rule.byDay.length)
    parts.push("BYDAY=" + WEEKDAYS.filter((d) => rule.byDay.includes(d)).join(","));
  if (rule.ends === "UNTIL" && rule.until) parts.push("UNTIL=" + compact(rule.until) + (allDay ? "" : "T235959"));
  if (rule.ends === "COUNT") parts.push("COUNT=" + String(rule.count ?? "").trim());
  const lines = ["RRULE:" + parts.join(";")];
  if (rule.exdates.length) {
    const time = allDay ? "" : "T" + startTime.replace(":", "").padEnd(4, "0").slice(0, 4) + "00";
    lines.push("EXDATE:" + [...rule.exdates].sort().map((d) => compact(d) + time).join(","));
  }
  return lines;
}

function parseRRule(text) {
  const map = {};
  for (const part of text.split(";")) {
    const [k, v] = part.split("=");
    if (!k || v === undefined) return null;
    map[k.toUpperCase()] = v.toUpperCase();
  }
  const known = ["FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST"];
  if (Object.keys(map).some((k) => !known.includes(k))) return null;
  if (!FREQS.includes(map.FREQ) || map.FREQ === "NONE") return null;
  const byDay = map.BYDAY ? map.BYDAY.split(",") : [];
  if (byDay.some((d) => !WEEKDAYS.includes(d)) || (byDay.length && map.FREQ !== "WEEKLY")) return null;
  if (map.UNTIL && !/^\d{8}(T\d{6})?$/.test(map.UNTIL)) return null;
  return {
    freq: map.FREQ,
    interval: map.INTERVAL || "1",
    byDay,
    ends: map.UNTIL ? "UNTIL" : map.COUNT ? "COUNT" : "NEVER",
    until: map.UNTIL ? dashed(map.UNTIL) : "",
    count: map.COUNT || "10",
  };
}

// The editor's rule for an event's lines (custom when it cannot be shown).
export function linesToRule(lines) {
  const rule = emptyRule();
  if (!lines || !lines.length) return rule;
  let simple = true;
  let sawRule = false;
  for (const line of lines) {
    if (line.startsWith("RRULE:") && !sawRule) {
      const parsed = parseRRule(line.slice(6));
      if (!parsed) simple = false;
      else Object.assign(rule, parsed);
      sawRule = true;
    } else if (line.startsWith("EXDATE:")) {
      const values = line.slice(7).split(",");
      // local dates or local date-times only (no UTC "Z" values)
      if (values.some((v) => !/^\d{8}(T\d{6})?$/.test(v))) simple = false;
      else rule.exdates.push(...values.map((v) => dashed(v)));
    } else simple = false;
  }
  if (!sawRule) simple = false;
  if (!simple) return { ...emptyRule(), freq: "CUSTOM", custom: [...lines] };
  return rule;
}
