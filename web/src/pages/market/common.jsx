// common.jsx -- what the market's pages share: the API's categories and
// statuses with their names, the status badge, and a listing's card in
// the lists (thumbnail, title, price, status, seller, date), and a page
// of such cards with its loading, error and empty states.
import { t } from "../../lib/i18n.js";
import { formatDate, formatPrice } from "../../lib/format.js";
import { PagedList } from "../../ui/states.jsx";

export const BASE = "/app/market";
export const CATEGORIES = [
  "FOOD_AND_TREATS",
  "TOYS",
  "HOUSES_AND_CARRIERS",
  "FEEDERS_AND_TOILETS",
  "GROOMING_AND_CARE_SUPPLIES",
  "CLOTHES_AND_ACCESSORIES",
  "HEALTH",
];
// The statuses a seller may pick (DELETED has its own button); the
// server decides which moves are allowed.
export const STATUSES = ["FOR_SALE", "RESERVED", "SOLD_OUT", "HIDDEN"];

export const categoryName = (c) => t("market.cat." + c);
export const statusName = (s) => t("market.st." + s);
export const sellerName = (nickname) => nickname || t("market.deletedUser");

export function StatusBadge({ status }) {
  return <span class={"market-badge market-badge-" + String(status).toLowerCase()}>{statusName(status)}</span>;
}

export function ListingCard({ item }) {
  return (
    <li class="card board-item market-item">
      {item.imageUrl ? (
        <img class="board-thumb" src={item.imageUrl} alt="" loading="lazy" />
      ) : (
        <span class="board-thumb market-thumb-none" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="40" height="40">
            <g fill="currentColor">
              <ellipse cx="6" cy="10" rx="2.2" ry="2.8" />
              <ellipse cx="10" cy="6" rx="2.2" ry="2.8" />
              <ellipse cx="14" cy="6" rx="2.2" ry="2.8" />
              <ellipse cx="18" cy="10" rx="2.2" ry="2.8" />
              <path d="M12 11c-3 0-6 4.5-6 7 0 1.7 1.5 2.5 3 2.5 1.2 0 2-.6 3-.6s1.8.6 3 .6c1.5 0 3-.8 3-2.5 0-2.5-3-7-6-7Z" />
            </g>
          </svg>
        </span>
      )}
      <div class="board-item-body">
        <h2>
          <a href={BASE + "/" + item.id}>{item.title}</a>
        </h2>
        <p class="market-price-line">
          <strong class="market-price">{formatPrice(item.price)}</strong> <StatusBadge status={item.status} />
        </p>
        <p class="board-excerpt">{item.content}</p>
        <p class="muted board-meta">
          <span>{t("market.item.by", { name: sellerName(item.sellerNickname) })}</span>
          <time dateTime={item.createdAt}>{formatDate(item.createdAt)}</time>
        </p>
      </div>
    </li>
  );
}

// A page of listings with its loading, error and empty states.
export function ListingPage({ state, empty, onPage }) {
  return (
    <PagedList state={state} empty={empty} onPage={onPage}>
      {(items, loading) => (
        <ul class="board-list" aria-busy={loading ? "true" : "false"}>
          {items.map((item) => (
            <ListingCard key={item.id} item={item} />
          ))}
        </ul>
      )}
    </PagedList>
  );
}
