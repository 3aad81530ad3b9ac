// i18n.js -- the message catalogue and the current language.
//
// Every string the app shows comes from a catalogue: the shell's own
// (messages.js) and one per page, added with addMessages({ko:{…}, en:{…}})
// when the page's module loads. t(key, params) replaces {name} with
// params.name; a key missing in the current language falls back to
// English, then to the key itself (visible, so that tests catch it).
// The language is the user's choice (kept in localStorage), else the
// first of the browser's languages that PETORY speaks, else English.
import { signal } from "@preact/signals";

export const LANGUAGES = ["ko", "en"];
const KEY = "petory.lang";
const catalogue = { ko: {}, en: {} };

function initial() {
  const saved = localStorage.getItem(KEY);
  if (LANGUAGES.includes(saved)) return saved;
  for (const l of navigator.languages || [navigator.language || "en"]) {
    const base = String(l).toLowerCase().split("-")[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return "en";
}

export const lang = signal(initial());
document.documentElement.lang = lang.value;

export function setLang(next) {
  if (!LANGUAGES.includes(next)) return;
  localStorage.setItem(KEY, next);
  lang.value = next;
  document.documentElement.lang = next;
}

export function addMessages(messages) {
  for (const l of LANGUAGES) Object.assign(catalogue[l], messages[l] || {});
}

export function t(key, params) {
  const l = lang.value;
  let text = catalogue[l][key];
  if (text === undefined) text = catalogue.en[key];
  if (text === undefined) return key;
  if (params) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return text;
}

// Whether the catalogue knows a key (for optional per-code messages).
export function has(key) {
  return key in catalogue[lang.value] || key in catalogue.en;
}
