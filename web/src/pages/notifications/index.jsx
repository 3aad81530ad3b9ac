// index.jsx -- /app/notifications: the member's notifications, newest
// first, page by page, all or only unread (?unread=true). Each leads to
// what it is about (opening it marks it read); one can be marked read
// or deleted, or all marked read. New ones pushed over the live socket
// appear at the top while the first page is open. After every change
// the header's bell is brought up to date (refreshUnread).
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { addMessages, t, has } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { on } from "../../lib/live.js";
import { refreshUnread } from "../../lib/notify.js";
import { formatDateTime } from "../../lib/format.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, Empty, LoadError, Pager } from "../../ui/states.jsx";
import { FormError, useSubmit } from "../../ui/forms.jsx";
import { membersOnly } from "../../ui/RequireLogin.jsx";
import { appLink } from "../../lib/links.js";
import messages from "./messages.js";
import "./notifications.css";

addMessages(messages);

const SIZE = 10;

function typeLabel(type) {
  const key = "notifications.type." + type;
  return has(key) ? t(key) : t("notifications.type.other");
}

function Filter({ unread }) {
  return (
    <nav class="notif-filter" aria-label={t("notifications.filter")}>
      <a href="/app/notifications" aria-current={!unread ? "page" : undefined}>
        {t("notifications.all")}
      </a>
      <a href="/app/notifications?unread=true" aria-current={unread ? "page" : undefined}>
        {t("notifications.unread")}
      </a>
    </nav>
  );
}

function Item({ n, onOpen, onRead, onDelete }) {
  const href = appLink(n.link);
  return (
    <li class={"notif" + (n.read ? " read" : " unread")} data-notification-id={n.id}>
      <div class="notif-body">
        <p class="notif-head">
          <span class="notif-type">{typeLabel(n.type)}</span>
          {!n.read && <span class="notif-new">{t("notifications.new")}</span>}
          <time class="muted" dateTime={n.createdAt}>
            {formatDateTime(n.createdAt)}
          </time>
        </p>
        {href ? (
          <a class="notif-content" href={href} onClick={() => onOpen(n)}>
            {n.content}
          </a>
        ) : (
          <p class="notif-content">{n.content}</p>
        )}
      </div>
      <div class="notif-actions">
        {!n.read && (
          <button type="button" onClick={() => onRead(n)}>
            {t("notifications.markRead")}
            <span class="visually-hidden">: {n.content}</span>
          </button>
        )}
        <button type="button" onClick={() => onDelete(n)}>
          {t("notifications.deleteOne")}
          <span class="visually-hidden">: {n.content}</span>
        </button>
      </div>
    </li>
  );
}

function List() {
  const { query } = useLocation();
  const unread = query.unread === "true";
  const [page, setPage] = useState(0);
  const action = useSubmit();
  const heading = useRef(null);
  useTitle(t("notifications.title"));
  useFocusHeading(heading);

  useEffect(() => setPage(0), [unread]);
  const list = useLoad(() => api("GET", "/notifications", { query: { page, size: SIZE, unread: unread || undefined } }), [page, unread]);
  const data = list.data;

  // a pushed notification goes on top of the first page
  const latest = useRef(list);
  latest.current = list;
  useEffect(
    () =>
      on("notification", (msg) => {
        const n = msg.notification;
        const cur = latest.current;
        if (!n || !cur.data) return;
        if (cur.data.page !== 0) {
          cur.setData({ ...cur.data, unreadCount: (cur.data.unreadCount || 0) + 1 });
          return;
        }
        if (cur.data.content.some((x) => x.id === n.id)) return;
        cur.setData({
          ...cur.data,
          content: [n, ...cur.data.content].slice(0, SIZE),
          totalElements: (cur.data.totalElements || 0) + 1,
          unreadCount: (cur.data.unreadCount || 0) + (n.read ? 0 : 1),
        });
      }),
    [],
  );

  const update = (fn) => {
    const cur = latest.current;
    if (cur.data) cur.setData(fn(cur.data));
  };
  const act = async (fn) => {
    await action.run(async () => {
      try {
        await fn();
      } catch (err) {
        // gone meanwhile (another tab): show the list as the server has it
        if (err.status === 404) list.reload();
        throw err;
      }
    });
    refreshUnread();
  };
  const markRead = (n) =>
    act(async () => {
      await api("PATCH", "/notifications/" + n.id + "/read");
      update((d) => ({
        ...d,
        content: d.content.map((x) => (x.id === n.id ? { ...x, read: true } : x)),
        unreadCount: Math.max(0, (d.unreadCount || 1) - 1),
      }));
    });
  const open = (n) => {
    if (!n.read) markRead(n);
  };
  const remove = (n) =>
    act(async () => {
      await api("DELETE", "/notifications/" + n.id);
      // the page fills up again from the server
      if (data && data.content.length === 1 && page > 0) setPage(page - 1);
      else list.reload();
    });
  const readAll = () =>
    act(async () => {
      await api("PATCH", "/notifications/read-all");
      list.reload();
    });

  const count = data ? data.unreadCount || 0 : 0;
  return (
    <section class="page notifications">
      <div class="spread">
        <h1 ref={heading} tabIndex={-1}>
          {t("notifications.title")}
        </h1>
        <button type="button" onClick={readAll} disabled={!data || count === 0}>
          {t("notifications.readAll")}
        </button>
      </div>
      <div class="spread">
        <Filter unread={unread} />
        {data && (
          <p class="muted notif-count" data-testid="notifications-unread">
            {t("notifications.unreadCount", { count })}
          </p>
        )}
      </div>
      <FormError error={action.error} />
      {list.loading && !data && <Loading />}
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      {data && !data.content.length && <Empty>{unread ? t("notifications.emptyUnread") : t("notifications.empty")}</Empty>}
      {data && data.content.length > 0 && (
        <ul class="notif-list" aria-busy={list.loading ? "true" : undefined}>
          {data.content.map((n) => (
            <Item key={n.id} n={n} onOpen={open} onRead={markRead} onDelete={remove} />
          ))}
        </ul>
      )}
      {data && <Pager page={data.page} totalPages={data.totalPages} onPage={setPage} />}
    </section>
  );
}

export default membersOnly(List);
