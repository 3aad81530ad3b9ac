// states.jsx -- what a page shows while loading, when empty, when a load
// failed, the pager of the API's page-numbered lists, and PagedList (one
// loaded page of such a list in whichever of these states it is).
import { t } from "../lib/i18n.js";
import { errorText } from "./forms.jsx";

export function Loading() {
  return (
    <p class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {t("common.loading")}
    </p>
  );
}

export function Empty({ children }) {
  return <p class="state state-empty">{children || t("common.empty")}</p>;
}

export function LoadError({ error, onRetry }) {
  return (
    <div class="state state-error" role="alert">
      <p>{errorText(error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

// Pager over {page, totalPages}: previous / "page x of y" / next.
export function Pager({ page, totalPages, onPage }) {
  if (!totalPages || totalPages <= 1) return null;
  return (
    <nav class="pager" aria-label={t("common.pages")}>
      <button type="button" disabled={page <= 0} onClick={() => onPage(page - 1)}>
        {t("common.prev")}
      </button>
      <span>{t("common.pageOf", { page: page + 1, total: totalPages })}</span>
      <button type="button" disabled={page + 1 >= totalPages} onClick={() => onPage(page + 1)}>
        {t("common.next")}
      </button>
    </nav>
  );
}

// One page of a list that useLoad fetched (state: its answer): loading
// until the first answer, the load's error with a retry, `empty` when
// the page has no items, else children(items, loading) and the pager.
export function PagedList({ state, empty, onPage, children }) {
  const { loading, error, data, reload } = state;
  if (loading && !data) return <Loading />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data.content.length) return <Empty>{empty}</Empty>;
  return (
    <>
      {children(data.content, loading)}
      <Pager page={data.page} totalPages={data.totalPages} onPage={onPage} />
    </>
  );
}
