// Detail.jsx -- /app/places/:id: the place (name, type, address, info,
// rating, photos, a small map), its like button (optimistic, rolled back
// with a message when the server refuses), its reviews (the newest 10,
// then older ones; write, edit and delete one's own) and a report form.
import { useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { tokens } from "../../lib/session.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { Stars, typeName, loginHref, countText } from "./common.jsx";
import { PlaceMap } from "./PlaceMap.jsx";
import { Reviews } from "./Reviews.jsx";
import { ReportForm } from "./ReportForm.jsx";

function LikeButton({ place }) {
  const { url, route } = useLocation();
  const [like, setLike] = useState({ liked: Boolean(place.liked), count: place.likeCount || 0 });
  const [failed, setFailed] = useState(false);
  const busy = useRef(false);
  const toggle = async () => {
    if (!tokens.value) {
      route(loginHref(url));
      return;
    }
    if (busy.current) return;
    busy.current = true;
    const before = like;
    const next = { liked: !before.liked, count: Math.max(0, before.count + (before.liked ? -1 : 1)) };
    setLike(next);
    setFailed(false);
    try {
      const r = await api(next.liked ? "PUT" : "DELETE", `/places/${place.id}/like`);
      setLike({ liked: r.liked, count: r.likeCount });
    } catch {
      setLike(before);
      setFailed(true);
    } finally {
      busy.current = false;
    }
  };
  return (
    <div class="like-box">
      <button type="button" class={"like-button" + (like.liked ? " liked" : "")} aria-pressed={like.liked ? "true" : "false"} onClick={toggle}>
        <span aria-hidden="true">{like.liked ? "♥" : "♡"}</span> {t("places.like.add")}
      </button>
      <span class="like-count" role="status">
        {countText("places.like.count", like.count)}
      </span>
      {failed && (
        <p class="form-error" role="alert">
          {t("places.like.failed")}
        </p>
      )}
    </div>
  );
}

function PlaceView({ place, reload }) {
  const heading = useRef(null);
  useTitle(place.placeName);
  useFocusHeading(heading);
  const photos = (place.images || []).filter((i) => i && i.url);
  return (
    <article class="page place-detail">
      <p>
        <a href="/app/places">← {t("places.detail.back")}</a>
      </p>
      <div class="spread">
        <h1 tabIndex={-1} ref={heading}>
          {place.placeName}
        </h1>
        <span class="type-chip">{typeName(place.placeType)}</span>
      </div>
      <div class="place-top">
        <div class="card">
          <dl class="facts">
            <dt>{t("places.detail.type")}</dt>
            <dd>{typeName(place.placeType)}</dd>
            <dt>{t("places.detail.address")}</dt>
            <dd>{place.address}</dd>
            {place.placeInfo && (
              <>
                <dt>{t("places.detail.info")}</dt>
                <dd>{place.placeInfo}</dd>
              </>
            )}
            <dt>{t("places.detail.rating")}</dt>
            <dd>
              <Stars value={place.ratio} />
            </dd>
          </dl>
          <LikeButton key={place.id} place={place} />
          {photos.length > 0 && (
            <ul class="place-photos">
              {photos.map((img) => (
                <li key={img.id}>
                  <img src={img.url} alt={t("places.detail.photo", { name: place.placeName })} loading="lazy" />
                </li>
              ))}
            </ul>
          )}
        </div>
        <section class="card" aria-labelledby="place-map-title">
          <h2 id="place-map-title">{t("places.detail.map")}</h2>
          <PlaceMap places={[place]} zoom={15} className="small" label={t("places.detail.map") + ": " + place.placeName} />
        </section>
      </div>
      <Reviews place={place} reload={reload} />
      <ReportForm placeId={place.id} />
    </article>
  );
}

export default function Detail() {
  const { params } = useRoute();
  const id = params.id;
  const { loading, error, data, reload } = useLoad(() => api("GET", "/places/" + encodeURIComponent(id)), [id, Boolean(tokens.value)]);
  if (error)
    return (
      <section class="page">
        <p>
          <a href="/app/places">← {t("places.detail.back")}</a>
        </p>
        <LoadError error={error} onRetry={error.status === 404 ? null : reload} />
      </section>
    );
  if (loading && !data) return <Loading />;
  return <PlaceView place={data} reload={reload} />;
}
