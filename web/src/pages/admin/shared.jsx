// shared.jsx -- pieces every admin page uses: the page frame with its
// breadcrumb and focused heading, the status badge, and useAction (the
// app's useSubmit whose success line defaults to "Done.") with the line
// that shows its outcome.
import { useRef } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { useTitle, useFocusHeading } from "../../lib/hooks.js";
import { errorText, useSubmit } from "../../ui/forms.jsx";

export function AdminPage({ title, children, wide }) {
  const heading = useRef(null);
  useTitle(title);
  useFocusHeading(heading);
  return (
    <section class={"page admin" + (wide ? " admin-wide" : "")}>
      <nav class="admin-crumbs" aria-label={t("admin.breadcrumb")}>
        <a href="/app/admin">{t("admin.title")}</a>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{title}</span>
      </nav>
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </section>
  );
}

export function StatusBadge({ status }) {
  const s = status || "UNKNOWN";
  return <span class={"admin-badge admin-badge-" + s.toLowerCase()}>{t("admin.status." + s)}</span>;
}

// run(fn, {confirm, done}) -> true when fn succeeded. A refused call
// keeps its ApiError in `error` until the next run.
export const useAction = () => useSubmit({ done: t("admin.done") });

// The outcome line of an action: the refusal (alert) or the success (status).
export function ActionResult({ action }) {
  if (action.error)
    return (
      <p class="form-error" role="alert">
        {errorText(action.error)}
      </p>
    );
  return (
    <p class="admin-done" role="status">
      {action.done}
    </p>
  );
}
