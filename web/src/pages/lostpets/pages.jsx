// pages.jsx -- the three lost-pets pages. Coordinates come from clicks on
// the map; times are sent as RFC 3339 (now, or the sighting's "now").
// Every refusal is shown with the server's field errors.
import { useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me } from "../../lib/session.js";
import { formatDateTime } from "../../lib/format.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError, Empty } from "../../ui/states.jsx";
import { TextField, FormError, useSubmit } from "../../ui/forms.jsx";
import { PlaceMap } from "../places/PlaceMap.jsx";

const SEOUL = { lat: 37.5665, lng: 126.978 };
const SEARCH_RADIUS = 10000;
const href = (id) => "/app/lost-pets/" + id;
const nowIso = () => new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, "Z");

const loadArea = () => api("GET", "/users/me/alert-area").catch((e) => (e.status === 404 ? null : Promise.reject(e)));

// The watched area's form; the map draws the saved area as its circle.
function AreaForm({ point, area }) {
  const [radius, setRadius] = useState("1000");
  const [enabled, setEnabled] = useState(true);
  const action = useSubmit({ done: t("lost.area.saved") });
  if (area.loading) return <Loading />;
  const save = action.submit(async () => {
    const centre = point || (area.data && { lat: area.data.latitude, lng: area.data.longitude }) || SEOUL;
    const saved = await api("PUT", "/users/me/alert-area", {
      body: { latitude: centre.lat, longitude: centre.lng, radiusM: Number(radius), enabled },
    });
    area.setData(saved);
  });
  return (
    <form class="card" onSubmit={save} aria-labelledby="area-title">
      <h2 id="area-title">{t("lost.area.title")}</h2>
      {!area.data && <p class="muted">{t("lost.area.none")}</p>}
      <TextField label={t("lost.area.radius")} name="radiusM" type="number" min="100" max="10000" value={radius} onInput={setRadius} error={action.fields.radiusM} />
      <label class="row">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> {t("lost.area.enabled")}
      </label>
      <FormError error={action.error} />
      {action.done && <p role="status">{action.done}</p>}
      <button type="submit" disabled={action.busy}>
        {t("lost.area.save")}
      </button>
    </form>
  );
}

export function LostMap() {
  const heading = useRef(null);
  const [point, setPoint] = useState(null);
  const centre = point || SEOUL;
  const area = useLoad(() => (me.value ? loadArea() : null), []);
  const watched = area.data ? { lat: area.data.latitude, lng: area.data.longitude, radius: area.data.radiusM } : null;
  useTitle(t("lost.title"));
  useFocusHeading(heading);
  const list = useLoad(() => api("GET", "/lost-pets", { query: { lat: centre.lat, lng: centre.lng, radius: SEARCH_RADIUS, size: 50 } }), [centre.lat, centre.lng]);
  const items = (list.data && list.data.content) || [];
  return (
    <section class="page">
      <h1 ref={heading} tabIndex={-1}>
        {t("lost.title")}
      </h1>
      <p class="muted">{t("lost.hint")}</p>
      <div class="lost-layout">
        <PlaceMap
          places={items}
          centre={watched || { lat: centre.lat, lng: centre.lng, radius: SEARCH_RADIUS }}
          onPick={(lat, lng) => setPoint({ lat, lng })}
          label={t("lost.map")}
          nameOf={(a) => a.petName}
          hrefOf={(a) => href(a.id)}
        />
        <div>
          <h2>{t("lost.list")}</h2>
          {list.loading ? (
            <Loading />
          ) : list.error ? (
            <LoadError error={list.error} onRetry={list.reload} />
          ) : items.length === 0 ? (
            <Empty>{t("lost.none")}</Empty>
          ) : (
            <ul class="lost-list">
              {items.map((a) => (
                <li class="card" key={a.id}>
                  <a href={href(a.id)}>{a.petName}</a> · {a.species} · {t("lost.distance", { km: (a.distance / 1000).toFixed(1) })}
                  <p>{a.description}</p>
                </li>
              ))}
            </ul>
          )}
          {me.value && <AreaForm point={point} area={area} />}
        </div>
      </div>
    </section>
  );
}

export function NewAlert() {
  const { query, route } = useLocation();
  const heading = useRef(null);
  const [point, setPoint] = useState(null);
  const [description, setDescription] = useState("");
  const [contact, setContact] = useState("");
  const [noPoint, setNoPoint] = useState(false);
  const action = useSubmit();
  useTitle(t("lost.new.title"));
  useFocusHeading(heading);
  const pet = useLoad(() => api("GET", "/pets/" + Number(query.pet)), [query.pet]);
  const send = action.submit(async () => {
    setNoPoint(!point);
    if (!point) return;
    const body = { petId: Number(query.pet), lastSeenAt: nowIso(), latitude: point.lat, longitude: point.lng, description };
    if (contact) body.contact = contact;
    const a = await api("POST", "/lost-pets", { body });
    route(href(a.id));
  });
  return (
    <section class="page">
      <h1 ref={heading} tabIndex={-1}>
        {t("lost.new.title")}
      </h1>
      {pet.loading ? <Loading /> : pet.error ? <LoadError error={pet.error} onRetry={pet.reload} /> : <p>{t("lost.new.pet")}: {pet.data.name}</p>}
      <PlaceMap places={[]} centre={point ? { ...point, radius: 100 } : null} onPick={(lat, lng) => setPoint({ lat, lng })} label={t("lost.map")} />
      <p>{point ? t("lost.new.pointChosen", { lat: point.lat.toFixed(5), lng: point.lng.toFixed(5) }) : t("lost.new.point")}</p>
      <form onSubmit={send}>
        <TextField label={t("lost.new.description")} name="description" multiline value={description} onInput={setDescription} error={action.fields.description} />
        <TextField label={t("lost.new.contact")} name="contact" value={contact} onInput={setContact} error={action.fields.contact} />
        {noPoint && !point && <p role="alert">{t("lost.new.noPoint")}</p>}
        <FormError error={action.error} />
        <button type="submit" disabled={action.busy}>
          {t("lost.new.submit")}
        </button>
      </form>
    </section>
  );
}

function SightingForm({ id, onSent }) {
  const [point, setPoint] = useState(null);
  const [note, setNote] = useState("");
  const [noPoint, setNoPoint] = useState(false);
  const action = useSubmit({ done: t("lost.sighting.sent") });
  const send = action.submit(async () => {
    setNoPoint(!point);
    if (!point) return;
    const body = { latitude: point.lat, longitude: point.lng, seenAt: nowIso() };
    if (note) body.note = note;
    onSent(await api("POST", `/lost-pets/${id}/sightings`, { body }));
    setNote("");
  });
  return (
    <form class="card" onSubmit={send} aria-labelledby="sighting-title">
      <h2 id="sighting-title">{t("lost.sighting.title")}</h2>
      <PlaceMap places={[]} centre={point ? { ...point, radius: 100 } : null} onPick={(lat, lng) => setPoint({ lat, lng })} label={t("lost.sighting.title")} />
      <p>{point ? t("lost.new.pointChosen", { lat: point.lat.toFixed(5), lng: point.lng.toFixed(5) }) : t("lost.sighting.point")}</p>
      <TextField label={t("lost.sighting.note")} name="note" value={note} onInput={setNote} error={action.fields.note} />
      {noPoint && !point && <p role="alert">{t("lost.new.noPoint")}</p>}
      <FormError error={action.error} />
      {action.done && <p role="status">{action.done}</p>}
      <button type="submit" disabled={action.busy}>
        {t("lost.sighting.submit")}
      </button>
    </form>
  );
}

export function AlertDetail() {
  const { params } = useRoute();
  const heading = useRef(null);
  const alert = useLoad(() => api("GET", "/lost-pets/" + Number(params.id)), [params.id]);
  const action = useSubmit();
  useFocusHeading(heading);
  useTitle(alert.data ? alert.data.petName : t("lost.title"));
  if (alert.loading) return <Loading />;
  if (alert.error) return <LoadError error={alert.error} onRetry={alert.reload} />;
  const a = alert.data;
  // the owner's buttons (another user's click is refused: 403)
  const mine = me.value && a.mine && a.status === "LOST";
  const close = (status) =>
    action.run(async () => {
      alert.setData(await api("PATCH", "/lost-pets/" + a.id, { body: { status } }));
    });
  const photo = (a.images[0] || a.petImages[0] || {}).url;
  return (
    <section class="page">
      <p>
        <a href="/app/lost-pets">← {t("lost.detail.back")}</a>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {a.petName} <span class="lost-status">({t("lost.status." + a.status)})</span>
      </h1>
      {photo && <img class="lost-photo" src={photo} alt={a.petName} />}
      <p>{a.description}</p>
      <dl class="facts card">
        <dt>{t("lost.detail.lastSeen")}</dt>
        <dd>{formatDateTime(a.lastSeenAt)}</dd>
        {a.contact && (
          <>
            <dt>{t("lost.detail.contact")}</dt>
            <dd>{a.contact}</dd>
          </>
        )}
        <dt>{t("lost.detail.alerted")}</dt>
        <dd data-testid="alerted">{a.alertedCount}</dd>
      </dl>
      <PlaceMap places={[a]} label={t("lost.map")} nameOf={(x) => x.petName} hrefOf={(x) => href(x.id)} />
      {mine && (
        <div class="row">
          <button type="button" onClick={() => close("FOUND")} disabled={action.busy}>
            {t("lost.detail.found")}
          </button>
          <button type="button" class="danger" onClick={() => close("CANCELLED")} disabled={action.busy}>
            {t("lost.detail.cancel")}
          </button>
        </div>
      )}
      <FormError error={action.error} />
      <h2>{t("lost.sightings")}</h2>
      {a.sightings.length === 0 ? (
        <p class="muted">{t("lost.sightings.none")}</p>
      ) : (
        <ul class="lost-list">
          {a.sightings.map((s) => (
            <li class="card" key={s.id}>
              {formatDateTime(s.seenAt)} · {s.latitude.toFixed(3)}, {s.longitude.toFixed(3)}
              {s.note && <p>{s.note}</p>}
            </li>
          ))}
        </ul>
      )}
      {me.value && a.status === "LOST" && <SightingForm id={a.id} onSent={(x) => alert.setData(x)} />}
    </section>
  );
}
