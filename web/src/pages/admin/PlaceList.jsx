// PlaceList.jsx -- /app/admin/places: the places an admin edits, found
// by name and type (GET /places, 20 a page). GET /places lists ACTIVE
// places only, so an INACTIVE or DELETED place is opened by its number
// (its page shows it to an admin, or offers to restore a deleted one).
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useLoad } from "../../lib/hooks.js";
import { formatNumber } from "../../lib/format.js";
import { TextField, SelectField } from "../../ui/forms.jsx";
import { Loading, Empty, LoadError, Pager } from "../../ui/states.jsx";
import { AdminPage, StatusBadge } from "./shared.jsx";

export const PLACE_TYPES = ["CAFE", "RESTAURANT", "HOSPITAL", "STORE", "BEAUTY", "SCHOOL", "ACCOMMODATION", "BAR", "CAMPING", "ETC"];
const PAGE_SIZE = 20;

export const typeOptions = () => PLACE_TYPES.map((v) => ({ value: v, label: t("admin.placeType." + v) }));

function OpenById() {
  const [id, setId] = useState("");
  const { route } = useLocation();
  const submit = (e) => {
    e.preventDefault();
    if (/^\d+$/.test(id.trim())) route("/app/admin/places/" + id.trim());
  };
  return (
    <form class="card admin-inline-form" onSubmit={submit} noValidate aria-label={t("admin.places.byId")}>
      <TextField label={t("admin.places.id")} name="placeId" inputMode="numeric" value={id} onInput={setId} />
      <button type="submit" disabled={!/^\d+$/.test(id.trim())}>
        {t("admin.places.open")}
      </button>
    </form>
  );
}

function Results({ filter, page, setPage }) {
  const list = useLoad(
    () => api("GET", "/places", { query: { placeName: filter.name, placeType: filter.type, page, size: PAGE_SIZE } }),
    [filter, page],
  );
  if (list.loading) return <Loading />;
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  const data = list.data;
  if (!data.content.length) return <Empty>{t("admin.places.none")}</Empty>;
  return (
    <>
      <ul class="list admin-places">
        {data.content.map((p) => (
          <li key={p.id}>
            <div class="spread">
              <a class="admin-place-name" href={"/app/admin/places/" + p.id}>
                {p.placeName}
              </a>
              <StatusBadge status={p.placeStatus || "ACTIVE"} />
            </div>
            <p class="muted">
              #{p.id} · {t("admin.placeType." + p.placeType)} · {p.address} · {t("admin.places.likes", { count: formatNumber(p.likeCount) })}
            </p>
          </li>
        ))}
      </ul>
      <Pager page={data.page} totalPages={data.totalPages} onPage={setPage} />
    </>
  );
}

export function PlaceList() {
  const [draft, setDraft] = useState({ name: "", type: "ALL" });
  const [filter, setFilter] = useState({ name: "", type: "ALL" });
  const [page, setPage] = useState(0);
  const search = (e) => {
    e.preventDefault();
    setFilter({ name: draft.name.trim(), type: draft.type });
    setPage(0);
  };
  return (
    <AdminPage title={t("admin.places.title")}>
      <p>
        <a class="button primary" href="/app/admin/places/new">
          {t("admin.places.new")}
        </a>
      </p>
      <div class="admin-tools">
        <form class="card admin-inline-form" role="search" aria-label={t("admin.places.searchLabel")} onSubmit={search}>
          <TextField label={t("admin.places.searchName")} name="placeName" type="search" value={draft.name} onInput={(v) => setDraft({ ...draft, name: v })} />
          <SelectField
            label={t("admin.places.type")}
            name="placeType"
            value={draft.type}
            onChange={(v) => setDraft({ ...draft, type: v })}
            options={[{ value: "ALL", label: t("admin.places.allTypes") }, ...typeOptions()]}
          />
          <button type="submit" class="primary">
            {t("common.search")}
          </button>
        </form>
        <OpenById />
      </div>
      <p class="notice">{t("admin.places.listNote")}</p>
      <Results filter={filter} page={page} setPage={setPage} />
    </AdminPage>
  );
}
