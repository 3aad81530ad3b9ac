// common.jsx -- pieces the places pages share: the place types, a type's
// name, links to a place and to the login, the star rating with its spoken text, a distance in words, the
// place as a list row, and the URL of a place.
import { t } from "../../lib/i18n.js";
import { formatNumber } from "../../lib/format.js";

export const TYPES = ["CAFE", "RESTAURANT", "HOSPITAL", "STORE", "BEAUTY", "SCHOOL", "ACCOMMODATION", "BAR", "CAMPING", "ETC"];
export const RADII_KM = [1, 3, 5, 10, 20];

export const typeName = (type) => t("places.type." + (type || "ETC"));
export const placeHref = (id) => "/app/places/" + id;
// The login page, coming back to url afterwards.
export const loginHref = (url) => "/app/login?next=" + encodeURIComponent(url);

// The type options of a select, "ALL" first.
export function typeOptions() {
  return ["ALL", ...TYPES].map((value) => ({ value, label: typeName(value) }));
}

// A count in words: KEY.one for exactly one, else KEY with {n}.
export function countText(key, n) {
  return n === 1 ? t(key + ".one") : t(key, { n: formatNumber(n || 0) });
}

// A rating 0–5 as five stars; screen readers hear "4.5 out of 5".
export function Stars({ value }) {
  const v = Math.round((Number(value) || 0) * 10) / 10;
  if (!v) return <span class="muted">{t("places.noRating")}</span>;
  return (
    <span class="stars" role="img" aria-label={t("places.stars", { value: v.toFixed(1) })}>
      <span class="stars-bar" aria-hidden="true">
        ★★★★★
        <span class="stars-on" style={{ width: (v / 5) * 100 + "%" }}>
          ★★★★★
        </span>
      </span>{" "}
      <span aria-hidden="true">{v.toFixed(1)}</span>
    </span>
  );
}

// Metres as "850 m" or "1.2 km".
export function distanceText(m) {
  if (m === undefined || m === null) return "";
  if (m < 1000) return t("places.distance.m", { n: formatNumber(Math.round(m)) });
  return t("places.distance.km", { n: formatNumber(Math.round(m / 100) / 10) });
}

// One place in a list: name (the link), type, address, rating, likes,
// and the distance of a near search.
export function PlaceRow({ place, rank }) {
  return (
    <li class="place-row">
      <div class="spread">
        <h3 class="place-name">
          {rank ? <span class="rank-no">{t("places.rank.position", { n: rank })} </span> : null}
          <a href={placeHref(place.id)}>{place.placeName}</a>
        </h3>
        <span class="type-chip">{typeName(place.placeType)}</span>
      </div>
      <p class="muted place-address">{place.address}</p>
      <p class="row place-meta">
        <Stars value={place.ratio} />
        <span>{countText("places.likes", place.likeCount)}</span>
        {place.distance !== undefined && place.distance !== null && (
          <span class="distance">
            <span class="visually-hidden">{t("places.distance.label")}: </span>
            {distanceText(place.distance)}
          </span>
        )}
      </p>
    </li>
  );
}
