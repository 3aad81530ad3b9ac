// PostDetail.jsx -- /app/community/:id: one post with its photos and its
// text (as text: line breaks kept, nothing interpreted as HTML), the
// author's edit and delete (an admin may delete any post), and the
// comments below it.
import { useRef } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { me, isAdmin } from "../../lib/session.js";
import { formatDateTime } from "../../lib/format.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { FormError, useSubmit } from "../../ui/forms.jsx";
import { Gallery, flash } from "./boardkit.jsx";
import { writerName } from "./PostList.jsx";
import { Comments } from "./Comments.jsx";

const BASE = "/app/community";

function PostActions({ post }) {
  const { route } = useLocation();
  const action = useSubmit();
  const user = me.value;
  const mine = Boolean(user && post.writerId === user.id);
  if (!mine && !isAdmin(user)) return null;
  const remove = () =>
    action.run(
      async () => {
        await api("DELETE", "/owner-boards/" + post.id);
        flash.value = t("community.post.deleted");
        route(BASE);
      },
      { confirm: t("community.post.confirmDelete") },
    );
  return (
    <div class="board-actions">
      <div class="row">
        {mine && (
          <a class="button" href={BASE + "/" + post.id + "/edit"}>
            {t("community.post.edit")}
          </a>
        )}
        <button type="button" class="danger" onClick={remove} disabled={action.busy}>
          {t("community.post.delete")}
        </button>
      </div>
      <FormError error={action.error} />
    </div>
  );
}

function Post({ post }) {
  const heading = useRef(null);
  useFocusHeading(heading);
  return (
    <article class="card board-post">
      <h1 ref={heading} tabIndex={-1}>
        {post.title}
      </h1>
      <p class="muted board-meta">
        <span>{writerName(post.writerNickname)}</span>
        <time dateTime={post.createdAt}>{t("community.post.written", { date: formatDateTime(post.createdAt) })}</time>
        {post.updatedAt && post.updatedAt !== post.createdAt && <span>{t("community.post.updated")}</span>}
      </p>
      <Gallery images={post.images} title={post.title} />
      <div class="board-content">{post.content}</div>
      <PostActions post={post} />
    </article>
  );
}

export default function PostDetail() {
  const { params } = useRoute();
  const id = params.id;
  const { loading, error, data, reload } = useLoad(() => api("GET", "/owner-boards/" + encodeURIComponent(id)), [id]);
  useTitle(data ? data.title : t("community.list.title"));
  return (
    <section class="page board narrow-wide">
      <p>
        <a href={BASE}>← {t("community.post.back")}</a>
      </p>
      {loading && !data ? (
        <Loading />
      ) : error ? (
        <LoadError error={error} onRetry={error.status === 404 ? null : reload} />
      ) : (
        <>
          <Post post={data} />
          <Comments post={data} />
        </>
      )}
    </section>
  );
}
