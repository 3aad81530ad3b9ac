// PlaceMap.jsx -- the Leaflet map of the places pages (imported only
// here, so Leaflet stays in the places chunk). Markers are small div
// icons, drawn without any image, so they show even when no tile loads;
// each is a keyboard-reachable button named after its place whose popup
// links to the place. Tiles and attribution come from GET /config.
// Clicking the map picks a point (onPick); the list next to the map is
// its accessible equivalent.
import { useEffect, useRef } from "preact/hooks";
import { Map as LeafletMap, TileLayer, Marker, DivIcon, Circle, LayerGroup, LatLngBounds } from "leaflet/dist/leaflet-src.esm.js";
import "leaflet/dist/leaflet.css";
import { t, lang } from "../../lib/i18n.js";
import { loadConfig } from "../../lib/config.js";
import { placeHref } from "./common.jsx";

const SEOUL = [37.5665, 126.978];

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

const pin = new DivIcon({ className: "place-pin", html: "", iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10] });

// Leaflet's own English labels, in the user's language.
function translateControls(map) {
  const box = map.getContainer();
  const zoomIn = box.querySelector(".leaflet-control-zoom-in");
  const zoomOut = box.querySelector(".leaflet-control-zoom-out");
  for (const [el, key] of [
    [zoomIn, "places.map.zoomIn"],
    [zoomOut, "places.map.zoomOut"],
  ]) {
    if (!el) continue;
    el.title = t(key);
    el.setAttribute("aria-label", t(key));
  }
}

// nameOf and hrefOf (other areas' markers, e.g. lost pets) default to a
// place's name and page.
export function PlaceMap({
  places = [],
  centre,
  onPick,
  visible = true,
  zoom = 12,
  label,
  className = "",
  mapRef,
  nameOf = (p) => p.placeName,
  hrefOf = (p) => placeHref(p.id),
}) {
  const box = useRef(null);
  const state = useRef(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  // the map itself, once
  useEffect(() => {
    const map = new LeafletMap(box.current, {
      center: SEOUL,
      zoom: 11,
      scrollWheelZoom: false,
      zoomControl: true,
    });
    const layers = new LayerGroup().addTo(map);
    map.on("click", (e) => pick.current && pick.current(e.latlng.lat, e.latlng.lng));
    map.on("popupopen", (e) => {
      const close = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", t("places.map.closePopup"));
    });
    translateControls(map);
    let alive = true;
    loadConfig().then((c) => {
      if (!alive || !c.mapTileUrl) return;
      new TileLayer(c.mapTileUrl, { attribution: c.mapAttribution || "", maxZoom: 19 }).addTo(map);
    });
    state.current = { map, layers };
    if (mapRef) mapRef.current = map;
    return () => {
      alive = false;
      if (mapRef) mapRef.current = null;
      map.remove();
      state.current = null;
    };
  }, []);

  useEffect(() => {
    if (state.current) translateControls(state.current.map);
  }, [lang.value]);

  // markers, the chosen point and the view
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    s.layers.clearLayers();
    const points = [];
    for (const p of places) {
      if (typeof p.latitude !== "number" || typeof p.longitude !== "number") continue;
      const at = [p.latitude, p.longitude];
      points.push(at);
      const name = nameOf(p);
      const m = new Marker(at, { icon: pin, title: name, keyboard: true, riseOnHover: true });
      m.bindPopup(`<a href="${hrefOf(p)}" aria-label="${escapeHtml(t("places.map.open", { name }))}">${escapeHtml(name)}</a>`);
      m.addTo(s.layers);
      const el = m.getElement();
      if (el) el.setAttribute("aria-label", name);
    }
    if (centre) {
      const c = [centre.lat, centre.lng];
      new Circle(c, { radius: centre.radius, color: "#1f4d36", weight: 2, fillOpacity: 0.08, interactive: false }).addTo(s.layers);
      const me = new Marker(c, {
        icon: new DivIcon({ className: "place-centre", html: "", iconSize: [16, 16], iconAnchor: [8, 8] }),
        keyboard: false,
        interactive: false,
        title: t("places.map.centre"),
      }).addTo(s.layers);
      const el = me.getElement();
      if (el) el.setAttribute("aria-hidden", "true");
      // the whole circle in view: its north-east and south-west corners
      const dLat = centre.radius / 111320;
      const dLng = dLat / Math.max(0.01, Math.cos((centre.lat * Math.PI) / 180));
      points.push(c, [centre.lat + dLat, centre.lng + dLng], [centre.lat - dLat, centre.lng - dLng]);
    }
    s.fit = () => {
      if (points.length === 1) s.map.setView(points[0], zoom);
      else if (points.length > 1) s.map.fitBounds(new LatLngBounds(points), { padding: [30, 30], maxZoom: 15 });
    };
    s.fit();
  }, [places, centre && centre.lat, centre && centre.lng, centre && centre.radius]);

  // a map that was hidden (phones) must measure itself again
  useEffect(() => {
    const s = state.current;
    if (!visible || !s) return;
    s.map.invalidateSize();
    if (s.fit) s.fit();
  }, [visible]);

  return <div ref={box} class={"place-map " + className} role="region" aria-label={label || t("places.map.label")} />;
}
