// Comments.jsx -- the comments of a post, oldest first, ten a page; the
// form that adds one (at most 80 characters, with a live counter); and
// each comment's edit and delete for its writer (delete also for admins).
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me, tokens, isAdmin } from "../../lib/session.js";
import { formatDateTime } from "../../lib/format.js";
import { useLoad } from "../../lib/hooks.js";
import { PagedList } from "../../ui/states.jsx";
import { TextField, FormError, fieldErrors, useSubmit, charCount } from "../../ui/forms.jsx";
import { writerName } from "./PostList.jsx";

const SIZE = 10;
const MAX = 80;

// A comment's text box with its counter; the error is the server's
// refusal, or the length note while the text is too long.
function CommentBox({ label, value, onInput, error, autoFocus }) {
  const over = charCount(value) > MAX ? t("community.comments.tooLong", { max: MAX }) : null;
  return (
    <TextField
      label={label}
      multiline
      rows={2}
      value={value}
      onInput={onInput}
      autoFocus={autoFocus}
      counter={{ message: "community.comments.counter", max: MAX }}
      error={over || error}
    />
  );
}

// The server's refusal of a comment as words for the box, or null when it
// names no field (then it goes to the form's error line).
function boxError(err) {
  return fieldErrors(err).content ? t("community.err.comment") : null;
}

function CommentForm({ postId, onAdded }) {
  const { url } = useLocation();
  const [text, setText] = useState("");
  const form = useSubmit();
  if (!tokens.value) {
    return (
      <p class="notice">
        <a href={"/app/login?next=" + encodeURIComponent(url)}>{t("community.comments.login")}</a>
      </p>
    );
  }
  const submit = (e) => {
    e.preventDefault();
    if (charCount(text) > MAX) return; // the box already says why
    form.run(async () => {
      const comment = await api("POST", "/owner-boards/" + postId + "/comments", { body: { content: text } });
      setText("");
      onAdded(comment);
    });
  };
  return (
    <form class="board-comment-form" onSubmit={submit} noValidate>
      <CommentBox label={t("community.comments.label")} value={text} onInput={setText} error={boxError(form.error)} />
      <FormError error={form.error} fields={["content"]} />
      <button type="submit" class="primary" disabled={form.busy}>
        {t("community.comments.add")}
      </button>
    </form>
  );
}

function CommentItem({ postId, comment, onChanged, onDeleted }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.content);
  const action = useSubmit();
  const { busy, error } = action;
  const user = me.value;
  const mine = Boolean(user && comment.writerId === user.id);
  const name = writerName(comment.writerNickname);
  const path = "/owner-boards/" + postId + "/comments/" + comment.id;

  const save = (e) => {
    e.preventDefault();
    if (charCount(text) > MAX) return;
    action.run(async () => {
      const updated = await api("PUT", path, { body: { content: text } });
      setEditing(false);
      onChanged(updated);
    });
  };
  const remove = () => {
    action.run(
      async () => {
        await api("DELETE", path);
        onDeleted(comment);
      },
      { confirm: t("community.comments.confirmDelete") },
    );
  };
  const edited = comment.updatedAt && comment.updatedAt !== comment.createdAt;
  return (
    <li class="board-comment">
      <p class="muted board-meta">
        <strong>{name}</strong>
        <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt)}</time>
        {edited && <span>{t("community.comments.edited")}</span>}
      </p>
      {editing ? (
        <form onSubmit={save} noValidate>
          <CommentBox label={t("community.comments.editLabel")} value={text} onInput={setText} error={boxError(error)} autoFocus />
          <div class="row">
            <button type="submit" class="primary" disabled={busy}>
              {t("community.comments.save")}
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
                setText(comment.content);
                action.setError(null);
              }}
            >
              {t("community.comments.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <p class="board-content">{comment.content}</p>
      )}
      {!editing && (mine || isAdmin(user)) && (
        <div class="row">
          {mine && (
            <button type="button" class="link" onClick={() => setEditing(true)} aria-label={t("community.comments.editOf", { name })}>
              {t("community.comments.edit")}
            </button>
          )}
          <button type="button" class="link" onClick={remove} disabled={busy} aria-label={t("community.comments.deleteOf", { name })}>
            {t("community.comments.delete")}
          </button>
        </div>
      )}
      <FormError error={error} fields={["content"]} />
    </li>
  );
}

export function Comments({ post }) {
  const [page, setPage] = useState(0);
  const list = useLoad(
    () => api("GET", "/owner-boards/" + post.id + "/comments", { query: { page, size: SIZE } }),
    [post.id, page],
  );
  const { data, reload, setData } = list;
  const total = data ? data.totalElements : post.commentCount;

  // a new comment is the newest, so it is on the last page
  const onAdded = () => {
    const last = Math.floor(total / SIZE);
    if (last === page) reload();
    else setPage(last);
  };
  const onChanged = (c) => setData({ ...data, content: data.content.map((x) => (x.id === c.id ? c : x)) });
  const onDeleted = () => {
    if (data.content.length === 1 && page > 0) setPage(page - 1);
    else reload();
  };

  return (
    <section class="card board-comments" aria-labelledby="board-comments-title">
      <h2 id="board-comments-title">{t("community.comments.title", { count: total })}</h2>
      <PagedList state={list} empty={t("community.comments.empty")} onPage={setPage}>
        {(comments) => (
          <ul class="board-comment-list">
            {comments.map((c) => (
              <CommentItem key={c.id + ":" + c.updatedAt} postId={post.id} comment={c} onChanged={onChanged} onDeleted={onDeleted} />
            ))}
          </ul>
        )}
      </PagedList>
      <CommentForm postId={post.id} onAdded={onAdded} />
    </section>
  );
}
