// Users.jsx -- /app/admin/users: find members by email or nickname
// (GET /admin/users?q=), or open one by number (GET /admin/users/{id}),
// and act on them: grant or remove a role, suspend, lift a suspension.
// Each card shows what the server answered (its roles after a change,
// its refusals with the catalogue's words). Destructive actions ask first.
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me } from "../../lib/session.js";
import { formatDate } from "../../lib/format.js";
import { useLoad } from "../../lib/hooks.js";
import { TextField, FormError, useSubmit } from "../../ui/forms.jsx";
import { Loading, Empty, LoadError, Pager } from "../../ui/states.jsx";
import { AdminPage, StatusBadge, useAction, ActionResult } from "./shared.jsx";

const ROLES = ["ADMIN", "USER"];
const PAGE_SIZE = 20;

// The route itself is missing (an older server): "NOT_FOUND", not "USER_NOT_FOUND".
const routeMissing = (err) => err && err.status === 404 && err.code === "NOT_FOUND";

function displayName(u) {
  return u.nickname || u.email || "#" + u.id;
}

// Controlled: every change goes up through onChange, so that the same
// member shown twice (opened and in the results) never disagrees.
function UserCard({ user, onChange }) {
  const action = useAction();
  const self = me.value && me.value.id === user.id;
  const name = displayName(user);
  const roles = user.roles || [];

  const changeRole = (role, grant) =>
    action.run(
      async () => {
        const res = await api(grant ? "POST" : "DELETE", grant ? "/auth/roles" : "/auth/roles/remove", {
          query: { userId: user.id, role },
        });
        onChange({ ...user, roles: res.roles });
      },
      {
        confirm: t(grant ? "admin.users.confirmGrant" : "admin.users.confirmRemove", { role, name }),
        done: t(grant ? "admin.users.granted" : "admin.users.removed", { role }),
      },
    );
  const suspend = () =>
    action.run(
      async () => {
        await api("DELETE", "/auth/suspend", { query: { userId: user.id } });
        onChange({ ...user, status: "SUSPENDED" });
      },
      { confirm: t("admin.users.confirmSuspend", { name }), done: t("admin.users.suspended") },
    );
  const restore = () =>
    action.run(
      async () => {
        await api("PATCH", "/auth/restore", { query: { userId: user.id } });
        onChange({ ...user, status: "ACTIVE" });
      },
      { done: t("admin.users.restored") },
    );

  const known = !user.unknown;
  return (
    <li class="admin-user" data-testid={"user-" + user.id}>
      <div class="spread">
        <h2 class="admin-user-name">
          {known ? name : t("admin.users.unknown", { id: user.id })}
          {self && <span class="muted"> ({t("admin.users.you")})</span>}
        </h2>
        {known && <StatusBadge status={user.status} />}
      </div>
      {known && (
        <dl class="facts">
          <dt>{t("admin.users.id")}</dt>
          <dd>{user.id}</dd>
          <dt>{t("admin.users.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("admin.users.roles")}</dt>
          <dd data-testid="user-roles">{roles.join(", ")}</dd>
          <dt>{t("admin.users.joined")}</dt>
          <dd>{formatDate(user.createdAt)}</dd>
        </dl>
      )}
      <div class="row admin-actions" role="group" aria-label={t("admin.users.actionsFor", { name })}>
        {ROLES.map((role) => {
          const has = roles.includes(role);
          return (
            <Fragment key={role}>
              {(!known || !has) && (
                <button type="button" disabled={action.busy} onClick={() => changeRole(role, true)}>
                  {t("admin.users.grant", { role })}
                </button>
              )}
              {(!known || has) && (
                <button type="button" disabled={action.busy} onClick={() => changeRole(role, false)}>
                  {t("admin.users.remove", { role })}
                </button>
              )}
            </Fragment>
          );
        })}
        {(!known || user.status !== "SUSPENDED") && (
          <button type="button" class="danger" disabled={action.busy} onClick={suspend}>
            {t("admin.users.suspend")}
          </button>
        )}
        {(!known || user.status === "SUSPENDED") && (
          <button type="button" disabled={action.busy} onClick={restore}>
            {t("admin.users.restore")}
          </button>
        )}
      </div>
      <ActionResult action={action} />
    </li>
  );
}

function OpenById({ onOpen }) {
  const [id, setId] = useState("");
  const action = useSubmit();
  const submit = action.submit(async () => {
    try {
      onOpen(await api("GET", "/admin/users/" + encodeURIComponent(id.trim())));
    } catch (err) {
      // without the lookup route the actions still work on the number
      if (routeMissing(err) && /^\d+$/.test(id.trim())) onOpen({ id: Number(id.trim()), unknown: true });
      else throw err;
    }
  });
  return (
    <form class="card admin-inline-form" onSubmit={submit} noValidate aria-label={t("admin.users.byId")}>
      <TextField label={t("admin.users.id")} name="userId" inputMode="numeric" value={id} onInput={setId} />
      <button type="submit" disabled={action.busy || !id.trim()}>
        {t("admin.users.open")}
      </button>
      <FormError error={action.error} />
    </form>
  );
}

function Results({ q, page, setPage, current, onChange }) {
  const list = useLoad(() => api("GET", "/admin/users", { query: { q, page, size: PAGE_SIZE } }), [q, page]);
  if (list.loading) return <Loading />;
  if (routeMissing(list.error)) return <p class="notice">{t("admin.users.listUnavailable")}</p>;
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  const data = list.data;
  if (!data.content.length) return <Empty>{t("admin.users.none")}</Empty>;
  return (
    <>
      <p class="muted" role="status">
        {t("admin.users.results", { count: data.totalElements })}
      </p>
      <ul class="list admin-users">
        {data.content.map((u) => (
          <UserCard key={u.id} user={current(u)} onChange={onChange} />
        ))}
      </ul>
      <Pager page={data.page} totalPages={data.totalPages} onPage={setPage} />
    </>
  );
}

export function Users() {
  const [draft, setDraft] = useState("");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(0);
  const [opened, setOpened] = useState(null);
  // what the server answered to this page's actions, by member id
  const [changed, setChanged] = useState({});
  const current = (u) => (changed[u.id] ? { ...u, ...changed[u.id] } : u);
  const onChange = (u) => setChanged((c) => ({ ...c, [u.id]: { roles: u.roles, status: u.status } }));
  // a freshly opened member is the newest word on them, in the results too
  const open = (u) => {
    if (!u.unknown) onChange(u);
    setOpened(u);
  };
  const search = (e) => {
    e.preventDefault();
    setQ(draft.trim());
    setPage(0);
  };
  return (
    <AdminPage title={t("admin.users.title")}>
      <div class="admin-tools">
        <form class="card admin-inline-form" role="search" aria-label={t("admin.users.searchLabel")} onSubmit={search}>
          <TextField label={t("admin.users.search")} name="q" type="search" value={draft} onInput={setDraft} />
          <button type="submit" class="primary">
            {t("admin.users.searchButton")}
          </button>
        </form>
        <OpenById onOpen={open} />
      </div>
      {opened && (
        <ul class="list admin-users admin-opened">
          <UserCard key={"opened-" + opened.id} user={current(opened)} onChange={onChange} />
        </ul>
      )}
      <Results q={q} page={page} setPage={setPage} current={current} onChange={onChange} />
    </AdminPage>
  );
}
