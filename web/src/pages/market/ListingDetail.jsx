// ListingDetail.jsx -- /app/market/:id: a listing with its photos, price,
// status, category, seller and description (as text). The seller (or an
// admin) changes its status -- the server decides which moves are
// allowed and a refusal is shown while the status stays -- edits or
// deletes it; a signed-in buyer opens the chat with the seller.
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me, tokens, isAdmin } from "../../lib/session.js";
import { formatDateTime, formatPrice } from "../../lib/format.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { SelectField, FormError, useSubmit } from "../../ui/forms.jsx";
import { Gallery, flash } from "../community/boardkit.jsx";
import { BASE, STATUSES, StatusBadge, categoryName, statusName, sellerName } from "./common.jsx";

// The seller's controls: the status select, edit and delete.
function SellerPanel({ item, onChange }) {
  const { route } = useLocation();
  const [next, setNext] = useState(item.status);
  const action = useSubmit();
  const { busy, error, done } = action;
  const mine = Boolean(me.value && item.sellerId === me.value.id);
  useEffect(() => setNext(item.status), [item.status]);

  // a refused move leaves the select on the status the listing has
  const move = async (status) => {
    try {
      return await api("PATCH", "/trade-boards/" + item.id, { query: { status } });
    } catch (err) {
      setNext(item.status);
      throw err;
    }
  };
  const apply = action.submit(
    async () => {
      const updated = await move(next);
      if (updated) onChange(updated);
      return updated;
    },
    { done: (updated) => (updated ? t("market.status.changed", { status: statusName(updated.status) }) : "") },
  );
  const remove = () =>
    action.run(
      async () => {
        if (!(await move("DELETED"))) return;
        flash.value = t("market.status.deleted");
        route(BASE + "/mine");
      },
      { confirm: t("market.status.confirmDelete") },
    );
  const options = STATUSES.map((s) => ({ value: s, label: statusName(s) }));
  return (
    <section class="card market-seller" aria-labelledby="market-status-title">
      <h2 id="market-status-title">{t("market.status.title")}</h2>
      <form class="market-status-form" onSubmit={apply}>
        <SelectField label={t("market.status.label")} value={next} onChange={setNext} options={options} />
        <button type="submit" class="primary" disabled={busy || next === item.status}>
          {t("market.status.apply")}
        </button>
      </form>
      <FormError error={error} />
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      <div class="row market-seller-actions">
        {(mine || isAdmin()) && (
          <a class="button" href={BASE + "/" + item.id + "/edit"}>
            {t("market.detail.edit")}
          </a>
        )}
        <button type="button" class="danger" onClick={remove} disabled={busy}>
          {t("market.status.delete")}
        </button>
      </div>
    </section>
  );
}

// "Chat with the seller": opens (or finds) the room and goes there.
function ChatButton({ item }) {
  const { url, route } = useLocation();
  const action = useSubmit();
  if (!tokens.value) {
    return (
      <a class="button primary" href={"/app/login?next=" + encodeURIComponent(url)}>
        {t("market.detail.chatLogin")}
      </a>
    );
  }
  const open = () =>
    action.run(async () => {
      const room = await api("POST", "/chat/" + item.id);
      route("/app/chat/" + room.chatRoomId);
    });
  return (
    <div>
      <button type="button" class="primary" onClick={open} disabled={action.busy}>
        {t("market.detail.chat")}
      </button>
      <FormError error={action.error} />
    </div>
  );
}

function Listing({ item, onChange }) {
  const heading = useRef(null);
  useFocusHeading(heading);
  const user = me.value;
  const mine = Boolean(user && item.sellerId === user.id);
  return (
    <>
      <article class="card market-listing">
        <h1 ref={heading} tabIndex={-1}>
          {item.title}
        </h1>
        <p class="market-price-line">
          <strong class="market-price market-price-big">{formatPrice(item.price)}</strong> <StatusBadge status={item.status} />
        </p>
        <Gallery images={item.images} title={item.title} />
        <dl class="facts">
          <dt>{t("market.detail.category")}</dt>
          <dd>{categoryName(item.category)}</dd>
          <dt>{t("market.detail.seller")}</dt>
          <dd>{sellerName(item.sellerNickname)}</dd>
          <dt>{t("market.detail.date")}</dt>
          <dd>
            <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
          </dd>
        </dl>
        <div class="board-content">{item.content}</div>
        {mine ? <p class="muted">{t("market.detail.yours")}</p> : item.sellerId && <ChatButton item={item} />}
      </article>
      {(mine || isAdmin(user)) && <SellerPanel item={item} onChange={onChange} />}
    </>
  );
}

export function ListingDetail() {
  const { params } = useRoute();
  const id = params.id;
  const { loading, error, data, reload, setData } = useLoad(() => api("GET", "/trade-boards/" + encodeURIComponent(id)), [id]);
  useTitle(data ? data.title : t("market.list.title"));
  return (
    <section class="page board">
      <p>
        <a href={BASE}>← {t("market.detail.back")}</a>
      </p>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} onRetry={error.status === 404 ? null : reload} />
      ) : (
        <Listing item={data} onChange={setData} />
      )}
    </section>
  );
}
