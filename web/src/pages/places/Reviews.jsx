// Reviews.jsx -- a place's reviews: the newest 10 that came with the
// place, older ones on demand, the review form (1–5 stars as a radio
// group, content up to 255 characters), and edit/delete of one's own.
// The server decides: its field errors show next to the stars or the
// text, DUPLICATE_REVIEW and other refusals as the form's error.
import { useId, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { tokens, me } from "../../lib/session.js";
import { formatDateTime } from "../../lib/format.js";
import { TextField, FieldError, FormError, SaveButtons, useSubmit } from "../../ui/forms.jsx";
import { Empty, LoadError } from "../../ui/states.jsx";
import { Stars, loginHref } from "./common.jsx";

const PAGE = 10;
// the server's limit of a review's text, in characters
const CONTENT_MAX = 255;

function StarPicker({ value, onChange, error }) {
  const name = useId();
  const errId = name + "-err";
  return (
    <fieldset class={"star-picker" + (error ? " field-invalid" : "")} aria-describedby={error ? errId : undefined}>
      <legend>{t("places.review.rating")}</legend>
      <div class="star-options">
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} class="star-option">
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} />
            <span aria-hidden="true">{"★".repeat(n)}</span>
            <span class="visually-hidden">{t("places.review.starN", { n })}</span>
          </label>
        ))}
      </div>
      <FieldError id={errId} error={error} />
    </fieldset>
  );
}

// Write (no review) or edit (a review) form.
function ReviewForm({ placeId, review, onDone, onCancel }) {
  const [ratio, setRatio] = useState(review ? review.ratio : 0);
  const [content, setContent] = useState(review ? review.content : "");
  const action = useSubmit();
  const titleId = useId();
  const submit = action.submit(async () => {
    const body = { content };
    if (ratio) body.ratio = ratio;
    const saved = review
      ? await api("PUT", `/places/${placeId}/reviews/${review.id}`, { body })
      : await api("POST", `/places/${placeId}/reviews`, { body });
    if (!review) {
      setRatio(0);
      setContent("");
    }
    onDone(saved);
  });
  const errs = action.fields;
  return (
    <form class={review ? "review-form editing" : "card review-form"} onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h3 id={titleId}>{review ? t("places.review.edit") : t("places.review.write")}</h3>
      <StarPicker value={ratio} onChange={setRatio} error={errs.ratio ? t("places.review.ratingError") : null} />
      <TextField
        label={t("places.review.content")}
        multiline
        rows={3}
        name="content"
        value={content}
        onInput={setContent}
        counter={{ message: "places.review.counter", max: CONTENT_MAX }}
        error={errs.content ? t("places.review.contentError") : null}
      />
      <FormError error={action.error} fields={["ratio", "content"]} />
      <SaveButtons busy={action.busy} label={review ? t("places.review.save") : t("places.review.submit")} onCancel={onCancel} />
    </form>
  );
}

function ReviewItem({ placeId, review, onChanged }) {
  const [mode, setMode] = useState("view"); // view | edit | confirm
  const action = useSubmit();
  const mine = me.value && review.userId === me.value.id;
  const remove = () =>
    action.run(async () => {
      try {
        await api("DELETE", `/places/${placeId}/reviews/${review.id}`);
      } catch (err) {
        setMode("view");
        throw err;
      }
      onChanged(t("places.review.deleted"));
    });
  if (mode === "edit")
    return (
      <li>
        <ReviewForm placeId={placeId} review={review} onDone={() => onChanged(t("places.review.saved"))} onCancel={() => setMode("view")} />
      </li>
    );
  return (
    <li class="review">
      <div class="spread">
        <strong>{review.userId ? review.nickName : t("places.reviews.gone")}</strong>
        <Stars value={review.ratio} />
      </div>
      <p class="review-content">{review.content}</p>
      <p class="muted small">
        <time dateTime={review.createdAt}>{formatDateTime(review.createdAt)}</time>
        {review.updatedAt && review.updatedAt !== review.createdAt ? " " + t("places.reviews.edited") : ""}
      </p>
      {mine && mode === "view" && (
        <div class="row">
          <button type="button" onClick={() => setMode("edit")}>
            {t("common.edit")}
          </button>
          <button type="button" class="danger" onClick={() => setMode("confirm")}>
            {t("common.delete")}
          </button>
        </div>
      )}
      {mine && mode === "confirm" && (
        <div class="row notice" role="group" aria-label={t("places.review.deleteConfirm")}>
          <span>{t("places.review.deleteConfirm")}</span>
          <button type="button" class="danger" onClick={remove}>
            {t("common.yes")}
          </button>
          <button type="button" onClick={() => setMode("view")}>
            {t("common.no")}
          </button>
        </div>
      )}
      <FormError error={action.error} />
    </li>
  );
}

export function Reviews({ place, reload }) {
  const { url } = useLocation();
  const first = place.reviews || [];
  // next: the id to continue from (undefined: not asked yet, null: the end)
  const fresh = { items: [], next: undefined, error: null, unavailable: false };
  const [older, setOlder] = useState(fresh);
  const next = older.next === undefined ? (first.length >= PAGE ? first[first.length - 1].id : null) : older.next;
  const [message, setMessage] = useState("");
  const all = [...first, ...older.items];

  const more = async () => {
    try {
      const r = await api("GET", `/places/${place.id}/reviews`, { query: { before: next, size: PAGE } });
      setOlder((o) => ({ items: [...o.items, ...(r.content || [])], next: r.nextBefore ?? null, error: null, unavailable: false }));
    } catch (err) {
      // a server without the review feed answers 404/405: say so once
      if (err.status === 404 || err.status === 405) setOlder((o) => ({ ...o, next: null, unavailable: true }));
      else setOlder((o) => ({ ...o, error: err }));
    }
  };
  const changed = (text) => {
    setMessage(text);
    setOlder(fresh);
    reload();
  };

  return (
    <section class="reviews" aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t("places.reviews.title")}</h2>
      <p role="status" class="muted">
        {message}
      </p>
      {tokens.value ? (
        <ReviewForm placeId={place.id} onDone={() => changed(t("places.review.saved"))} />
      ) : (
        <p class="card">
          {t("places.review.login")} <a href={loginHref(url)}>{t("places.login")}</a>
        </p>
      )}
      {all.length === 0 ? (
        <Empty>{t("places.reviews.empty")}</Empty>
      ) : (
        <ul class="list review-list">
          {all.map((r) => (
            <ReviewItem key={r.id + ":" + r.updatedAt} placeId={place.id} review={r} onChanged={changed} />
          ))}
        </ul>
      )}
      {older.error && <LoadError error={older.error} onRetry={more} />}
      {older.unavailable && <p class="muted">{t("places.reviews.noMore")}</p>}
      {next !== null && !older.error && (
        <button type="button" onClick={more}>
          {t("places.reviews.more")}
        </button>
      )}
    </section>
  );
}
