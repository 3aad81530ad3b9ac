// HiddenAnswers.jsx -- the member's hidden answers (to any question),
// newest first and paged, each with "show again".
import { useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { formatDateTime } from "../../lib/format.js";
import { useLoad } from "../../lib/hooks.js";
import { FormError, useSubmit } from "../../ui/forms.jsx";
import { Loading, LoadError, Empty, Pager } from "../../ui/states.jsx";

export function HiddenAnswers({ version, onRestored }) {
  const [page, setPage] = useState(0);
  const action = useSubmit();
  const hidden = useLoad(() => api("GET", "/daily-questions/daily-answers/hide", { query: { page, size: 10 } }), [page, version]);
  const restore = (a) =>
    action.run(
      async () => {
        await api("PATCH", `/daily-questions/daily-answers/${a.id}/visibility/restore`);
        onRestored();
      },
      { done: t("today.hidden.restored") },
    );
  const data = hidden.data;
  return (
    <section class="today-hidden" aria-labelledby="today-hidden-title">
      <h2 id="today-hidden-title">{t("today.hidden.title")}</h2>
      <p class="visually-hidden" role="status">
        {action.done}
      </p>
      <FormError error={action.error} />
      {hidden.loading && !data && <Loading />}
      {hidden.error && <LoadError error={hidden.error} onRetry={hidden.reload} />}
      {data && data.content.length === 0 && <Empty>{t("today.hidden.empty")}</Empty>}
      {data && data.content.length > 0 && (
        <ul class="list">
          {data.content.map((a) => (
            <li key={a.id} data-testid="hidden-answer">
              <p class="today-answer">{a.answer}</p>
              <div class="spread">
                <small class="muted">
                  <time dateTime={a.createdAt}>{formatDateTime(a.createdAt)}</time>
                </small>
                <button type="button" onClick={() => restore(a)}>
                  {t("today.hidden.restore")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {data && <Pager page={data.page} totalPages={data.totalPages} onPage={setPage} />}
    </section>
  );
}
