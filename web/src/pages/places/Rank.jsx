// Rank.jsx -- /app/places/rank?type=CAFE: the most liked places, all
// types or one, highest first with their like counts. The types are
// links (one URL per ranking), the current one marked.
import { useRef } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, Empty, LoadError } from "../../ui/states.jsx";
import { TYPES, PlaceRow, typeName } from "./common.jsx";

export default function Rank() {
  const { query } = useLocation();
  const type = TYPES.includes(query.type) ? query.type : "ALL";
  const heading = useRef(null);
  useTitle(t("places.rank.title"));
  useFocusHeading(heading);
  const { loading, error, data, reload } = useLoad(
    () => api("GET", "/places/rank", { query: { placeType: type === "ALL" ? undefined : type, size: 20 } }),
    [type],
  );
  const places = Array.isArray(data) ? data : (data && data.content) || [];
  return (
    <section class="page places-rank">
      <p>
        <a href="/app/places">← {t("places.detail.back")}</a>
      </p>
      <h1 tabIndex={-1} ref={heading}>
        {t("places.rank.title")}
      </h1>
      <nav aria-label={t("places.rank.types")}>
        <ul class="type-tabs">
          {["ALL", ...TYPES].map((ty) => (
            <li key={ty}>
              <a href={ty === "ALL" ? "/app/places/rank" : "/app/places/rank?type=" + ty} aria-current={ty === type ? "page" : undefined}>
                {typeName(ty)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{typeName(type)}</h2>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} onRetry={reload} />
      ) : !places.length ? (
        <Empty>{t("places.rank.empty")}</Empty>
      ) : (
        <ol class="list places-list" aria-busy={loading ? "true" : "false"}>
          {places.map((p, i) => (
            <PlaceRow key={p.id} place={p} rank={i + 1} />
          ))}
        </ol>
      )}
    </section>
  );
}
