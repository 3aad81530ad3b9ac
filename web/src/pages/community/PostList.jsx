// PostList.jsx -- /app/community: the owner board, newest first, five
// posts a page. The search text (?q=, full text over title and content,
// Korean included) and the page (?page=) live in the URL, so a reload or
// a shared link shows the same list.
import { useRef } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { formatDate } from "../../lib/format.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { PagedList } from "../../ui/states.jsx";
import { listHref, pageOf, Flash, SearchBox } from "./boardkit.jsx";

const PAGE_SIZE = 5;
const BASE = "/app/community";

export function writerName(nickname) {
  return nickname || t("community.deletedUser");
}

function PostItem({ post }) {
  return (
    <li class="card board-item">
      {post.imageUrl && <img class="board-thumb" src={post.imageUrl} alt="" loading="lazy" />}
      <div class="board-item-body">
        <h2>
          <a href={BASE + "/" + post.id}>{post.title}</a>
        </h2>
        <p class="board-excerpt">{post.content}</p>
        <p class="muted board-meta">
          <span>{t("community.item.by", { name: writerName(post.writerNickname) })}</span>
          <span>{t("community.item.comments", { count: post.commentCount })}</span>
          <time dateTime={post.createdAt}>{formatDate(post.createdAt)}</time>
        </p>
      </div>
    </li>
  );
}

export default function PostList() {
  const { query, route } = useLocation();
  const page = pageOf(query);
  const q = (query.q || "").trim();
  const list = useLoad(() => api("GET", "/owner-boards", { query: { page, size: PAGE_SIZE, q } }), [page, q]);
  const data = list.data;
  const heading = useRef(null);
  useTitle(t("community.list.title"));
  useFocusHeading(heading);

  return (
    <section class="page board">
      <div class="spread">
        <h1 ref={heading} tabIndex={-1}>
          {t("community.list.title")}
        </h1>
        <a class="button primary" href={BASE + "/new"}>
          {t("community.list.new")}
        </a>
      </div>
      <p class="muted">{t("community.list.intro")}</p>
      <Flash />
      <SearchBox
        value={q}
        label={t("community.search.label")}
        placeholder={t("community.search.placeholder")}
        onSearch={(text) => route(listHref(BASE, { q: text }))}
      />
      {q && data && (
        <p class="spread board-results" role="status">
          <span>{t("community.list.results", { q, count: data.totalElements })}</span>
          <a href={BASE}>{t("community.list.clear")}</a>
        </p>
      )}
      <PagedList
        state={list}
        empty={q ? t("community.list.noMatch", { q }) : t("community.list.empty")}
        onPage={(p) => route(listHref(BASE, { q, page: p }))}
      >
        {(posts, loading) => (
          <ul class="board-list" aria-busy={loading ? "true" : "false"}>
            {posts.map((post) => (
              <PostItem key={post.id} post={post} />
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}
