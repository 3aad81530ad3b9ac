// shared.jsx -- pieces every admin page uses: the page frame with its
// breadcrumb and focused heading, the status badge, and useAction (one
// server call behind an optional confirmation, with busy state, the
// server's refusal and a success line).
import { useRef, useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { useTitle, useFocusHeading } from "../../lib/hooks.js";
import { errorText } from "../../ui/forms.jsx";

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
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [message, setMessage] = useState("");
  const run = async (fn, { confirm, done } = {}) => {
    if (confirm && !window.confirm(confirm)) return false;
    setBusy(true);
    setError(null);
    setMessage("");
    try {
      await fn();
      setMessage(done || t("admin.done"));
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, message, run, setError, setMessage };
}

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
      {action.message}
    </p>
  );
}
