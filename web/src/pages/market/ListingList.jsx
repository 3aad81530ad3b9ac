// ListingList.jsx -- /app/market: the listings for sale, reserved or sold,
// newest first, ten a page, with a category filter and a search; the
// category (?category=), the search (?q=) and the page (?page=) live in
// the URL. And /app/market/mine: the signed-in seller's own listings in
// any status (hidden ones too).
import { useRef } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { tokens } from "../../lib/session.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { listHref, pageOf, Flash, SearchBox } from "../community/boardkit.jsx";
import { BASE, CATEGORIES, categoryName, ListingPage } from "./common.jsx";

const PAGE_SIZE = 10;

function Heading({ text, children }) {
  const heading = useRef(null);
  useTitle(text);
  useFocusHeading(heading);
  return (
    <div class="spread">
      <h1 ref={heading} tabIndex={-1}>
        {text}
      </h1>
      <div class="row">{children}</div>
    </div>
  );
}

function CategorySelect({ value, onChange }) {
  return (
    <select aria-label={t("market.filter.category")} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{t("market.filter.all")}</option>
      {CATEGORIES.map((c) => (
        <option key={c} value={c}>
          {categoryName(c)}
        </option>
      ))}
    </select>
  );
}

export function ListingList() {
  const { query, route } = useLocation();
  const page = pageOf(query);
  const q = (query.q || "").trim();
  const category = CATEGORIES.includes(query.category) ? query.category : "";
  const state = useLoad(
    () => api("GET", "/trade-boards", { query: { page, size: PAGE_SIZE, q, category } }),
    [page, q, category],
  );
  const go = (params) => route(listHref(BASE, { q, category, ...params }));
  const filtered = Boolean(q || category);

  return (
    <section class="page board">
      <Heading text={t("market.list.title")}>
        {tokens.value && (
          <a class="button" href={BASE + "/mine"}>
            {t("market.list.mine")}
          </a>
        )}
        <a class="button primary" href={BASE + "/new"}>
          {t("market.list.new")}
        </a>
      </Heading>
      <p class="muted">{t("market.list.intro")}</p>
      <Flash />
      <SearchBox
        value={q}
        label={t("market.search.label")}
        placeholder={t("market.search.placeholder")}
        onSearch={(text) => go({ q: text, page: 0 })}
      >
        <CategorySelect value={category} onChange={(c) => go({ category: c, page: 0 })} />
      </SearchBox>
      {filtered && (
        <p class="board-results">
          <a href={BASE}>{t("market.list.clear")}</a>
        </p>
      )}
      <ListingPage
        state={state}
        empty={filtered ? t("market.list.noMatch") : t("market.list.empty")}
        onPage={(p) => go({ page: p })}
      />
    </section>
  );
}

export function MyListings() {
  const { query, route } = useLocation();
  const page = pageOf(query);
  const state = useLoad(() => api("GET", "/trade-boards/my-board", { query: { page, size: PAGE_SIZE } }), [page]);
  return (
    <section class="page board">
      <Heading text={t("market.mine.title")}>
        <a class="button primary" href={BASE + "/new"}>
          {t("market.list.new")}
        </a>
      </Heading>
      <p class="muted">{t("market.mine.intro")}</p>
      <p>
        <a href={BASE}>← {t("market.detail.back")}</a>
      </p>
      <Flash />
      <ListingPage state={state} empty={t("market.mine.empty")} onPage={(p) => route(listHref(BASE + "/mine", { page: p }))} />
    </section>
  );
}
