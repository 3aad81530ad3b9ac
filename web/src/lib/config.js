// config.js -- GET /config once per page load: the OAuth providers that
// are configured, the map tiles, upload limits, languages.
import { api } from "./api.js";

const DEFAULTS = {
  oauth2Providers: [],
  mapTileUrl: "",
  mapAttribution: "",
  maxUploadBytes: 10 * 1024 * 1024,
  albumImageLimit: { USER: 1, ADMIN: 20 },
  languages: ["ko", "en"],
};

let pending = null;

export function loadConfig() {
  if (!pending)
    pending = api("GET", "/config", { anonymous: true })
      .then((c) => ({ ...DEFAULTS, ...c }))
      .catch(() => {
        pending = null;
        return DEFAULTS;
      });
  return pending;
}
