// NotFound.jsx -- any /app/ path that no page claims.
import { t } from "../lib/i18n.js";
import { useTitle } from "../lib/hooks.js";

export function NotFound() {
  useTitle(t("common.notFound"));
  return (
    <section class="page">
      <h1>{t("common.notFound")}</h1>
      <p>
        <a href="/app/places">{t("common.home")}</a>
      </p>
    </section>
  );
}
