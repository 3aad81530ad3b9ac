// List.jsx -- /app/places, the landing page: places by type and name, or
// near a point (the browser's location, the map's centre or a click on
// the map) within a radius, nearest first. Every filter and the page
// live in the URL (?type=&q=&lat=&lng=&radius=&page=), so a list can be
// shared and survives a reload. List and map side by side on wide
// screens; a List/Map switch on phones.
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, Empty, LoadError, Pager } from "../../ui/states.jsx";
import { SelectField, Field } from "../../ui/forms.jsx";
import { TYPES, RADII_KM, PlaceRow, typeOptions, countText } from "./common.jsx";
import { PlaceMap } from "./PlaceMap.jsx";

const PAGE_SIZE = 10;
const DEFAULT_RADIUS = 5000;

// The list's state as read from the URL.
function readQuery(query) {
  const lat = Number.parseFloat(query.lat);
  const lng = Number.parseFloat(query.lng);
  const radius = Number(query.radius);
  const near = Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  return {
    page: Math.max(0, Number.parseInt(query.page, 10) || 0),
    type: TYPES.includes(query.type) ? query.type : "ALL",
    q: query.q || "",
    near: near ? { lat, lng } : null,
    radius: RADII_KM.some((k) => k * 1000 === radius) ? radius : DEFAULT_RADIUS,
  };
}

function toUrl(s) {
  const p = new URLSearchParams();
  if (s.type !== "ALL") p.set("type", s.type);
  if (s.q) p.set("q", s.q);
  if (s.near) {
    p.set("lat", s.near.lat.toFixed(5));
    p.set("lng", s.near.lng.toFixed(5));
    p.set("radius", String(s.radius));
  }
  if (s.page) p.set("page", String(s.page));
  const qs = p.toString();
  return "/app/places" + (qs ? "?" + qs : "");
}

function SearchForm({ state, go }) {
  const [text, setText] = useState(state.q);
  useEffect(() => setText(state.q), [state.q]);
  const submit = (e) => {
    e.preventDefault();
    go({ q: text.trim() });
  };
  return (
    <form role="search" aria-label={t("places.filter.label")} class="places-search" onSubmit={submit}>
      <SelectField label={t("places.filter.type")} name="type" value={state.type} onChange={(type) => go({ type })} options={typeOptions()} />
      <Field label={t("places.filter.name")}>
        {({ id }) => (
          <div class="search-box">
            <input id={id} type="search" name="q" value={text} placeholder={t("places.filter.namePlaceholder")} onInput={(e) => setText(e.currentTarget.value)} />
            <button type="submit" class="primary">
              {t("common.search")}
            </button>
          </div>
        )}
      </Field>
    </form>
  );
}

function NearControls({ state, go, mapRef, radius, setRadius }) {
  const [status, setStatus] = useState(null); // null | "locating" | "denied" | "unavailable"
  const changeRadius = (value) => {
    const r = Number(value);
    setRadius(r);
    if (state.near) go({ radius: r });
  };
  const locate = () => {
    if (!navigator.geolocation) {
      setStatus("unavailable");
      return;
    }
    setStatus("locating");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setStatus(null);
        go({ near: { lat: pos.coords.latitude, lng: pos.coords.longitude }, radius });
      },
      (err) => setStatus(err && err.code === 1 ? "denied" : "unavailable"),
      { timeout: 15000, maximumAge: 60000 },
    );
  };
  const mapCentre = () => {
    const map = mapRef.current;
    if (!map) return;
    const c = map.getCenter();
    go({ near: { lat: c.lat, lng: c.lng }, radius });
  };
  const radii = RADII_KM.map((k) => ({ value: String(k * 1000), label: t("places.near.km", { n: k }) }));
  return (
    <fieldset class="places-near">
      <legend>{t("places.near.title")}</legend>
      <div class="row">
        <SelectField label={t("places.near.radius")} name="radius" value={String(radius)} onChange={changeRadius} options={radii} />
        <button type="button" onClick={locate} disabled={status === "locating"}>
          {t("places.near.mine")}
        </button>
        <button type="button" onClick={mapCentre}>
          {t("places.near.mapCentre")}
        </button>
        {state.near && (
          <button type="button" class="link" onClick={() => go({ near: null })}>
            {t("places.near.clear")}
          </button>
        )}
      </div>
      <p class="hint">{t("places.near.hint")}</p>
      <p role="status" class={status === "locating" ? "muted" : "form-error"}>
        {status ? t("places.near." + status) : ""}
      </p>
    </fieldset>
  );
}

export default function List() {
  const { query, route } = useLocation();
  const state = readQuery(query);
  const [view, setView] = useState("list");
  // the radius chosen before a point is: used by the next near search
  const [radius, setRadius] = useState(state.radius);
  // (a URL without a point keeps the radius chosen last)
  useEffect(() => {
    if (state.near) setRadius(state.radius);
  }, [state.radius, Boolean(state.near)]);
  const mapRef = useRef(null);
  const heading = useRef(null);
  useTitle(t("places.title"));
  useFocusHeading(heading);

  const go = (changes) => {
    const next = { ...state, page: 0, ...changes };
    route(toUrl(next));
  };

  const key = toUrl(state);
  const { loading, error, data, reload } = useLoad(
    () =>
      api("GET", "/places", {
        query: {
          page: state.page,
          size: PAGE_SIZE,
          placeType: state.type === "ALL" ? undefined : state.type,
          placeName: state.q || undefined,
          lat: state.near ? state.near.lat : undefined,
          lng: state.near ? state.near.lng : undefined,
          radius: state.near ? state.radius : undefined,
        },
      }),
    [key],
  );
  const places = (data && data.content) || [];
  const centre = state.near ? { ...state.near, radius: state.radius } : null;

  return (
    <section class="page places">
      <div class="spread">
        <h1 tabIndex={-1} ref={heading}>
          {t("places.title")}
        </h1>
        <a href="/app/places/rank">{t("places.rankLink")}</a>
      </div>
      <div class="places-filters card">
        <SearchForm state={state} go={go} />
        <NearControls state={state} go={go} mapRef={mapRef} radius={radius} setRadius={setRadius} />
      </div>
      <div class="view-toggle" role="group" aria-label={t("places.view.label")}>
        {["list", "map"].map((v) => (
          <button key={v} type="button" aria-pressed={view === v ? "true" : "false"} onClick={() => setView(v)}>
            {t("places.view." + v)}
          </button>
        ))}
      </div>
      <div class={"places-layout show-" + view}>
        <div class="places-list-pane">
          <h2 class="results-count">{data ? countText("places.count", data.totalElements) : t("places.title")}</h2>
          {state.near && <p class="muted">{t("places.near.active", { radius: t("places.near.km", { n: state.radius / 1000 }) })}</p>}
          {loading && !data ? (
            <Loading />
          ) : error ? (
            <LoadError error={error} onRetry={reload} />
          ) : !places.length ? (
            <Empty>{t("places.empty")}</Empty>
          ) : (
            <ul class="list places-list" aria-busy={loading ? "true" : "false"}>
              {places.map((p) => (
                <PlaceRow key={p.id} place={p} />
              ))}
            </ul>
          )}
          {data && <Pager page={data.page} totalPages={data.totalPages} onPage={(page) => route(toUrl({ ...state, page }))} />}
        </div>
        <div class="places-map-pane">
          <PlaceMap
            places={places}
            centre={centre}
            visible={view === "map"}
            mapRef={mapRef}
            onPick={(lat, lng) => go({ near: { lat, lng }, radius })}
          />
          <p class="hint">{t("places.map.note")}</p>
        </div>
      </div>
    </section>
  );
}
