// PostForm.jsx -- /app/community/new and /app/community/:id/edit: a
// post's title, text and photos (uploaded at once with purpose
// "owner-board"). Editing changes title and text, deletes the photos
// marked for deletion and attaches the new ones. The server's field
// refusals show next to their fields; nothing is created on a refusal.
import { useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { me } from "../../lib/session.js";
import { TextField } from "../../ui/forms.jsx";
import { BoardForm, EditLoader, fieldText } from "./boardkit.jsx";

const BASE = "/app/community";

function PostForm({ heading, post }) {
  const [title, setTitle] = useState(post ? post.title : "");
  const [content, setContent] = useState(post ? post.content : "");
  return (
    <BoardForm
      heading={heading}
      prefix="community"
      base={BASE}
      apiPath="/owner-boards"
      purpose="owner-board"
      item={post}
      body={() => ({ title, content })}
    >
      {(errs) => (
        <>
          <TextField
            label={t("community.form.title")}
            name="title"
            value={title}
            onInput={setTitle}
            hint={t("community.form.titleHint")}
            error={fieldText(errs, "community", "title")}
            autoComplete="off"
          />
          <TextField
            label={t("community.form.content")}
            name="content"
            multiline
            rows={8}
            value={content}
            onInput={setContent}
            hint={t("community.form.contentHint")}
            error={fieldText(errs, "community", "content")}
          />
        </>
      )}
    </BoardForm>
  );
}

export function NewPost() {
  return <PostForm heading={t("community.form.new")} post={null} />;
}

export function EditPost() {
  return (
    <EditLoader apiPath="/owner-boards">
      {(post) =>
        me.value && post.writerId !== me.value.id ? (
          <p class="state state-error">{t("error.ONLY_AUTHOR_CAN_EDIT")}</p>
        ) : (
          <PostForm heading={t("community.form.edit")} post={post} />
        )
      }
    </EditLoader>
  );
}
