// index.jsx -- /app/today: the daily question in the current language
// (anyone may read it; members answer it once a day), the member's
// answers to the same question over the years (edit, hide), and their
// hidden answers (show again).
import { useRef, useState } from "preact/hooks";
import { addMessages, t, lang } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { tokens } from "../../lib/session.js";
import { todayInZone, userZone } from "../../lib/format.js";
import { useLoad, useTitle, useFocusHeading } from "../../lib/hooks.js";
import { Loading, LoadError } from "../../ui/states.jsx";
import { FormError } from "../../ui/forms.jsx";
import { AnswerForm } from "./AnswerForm.jsx";
import { MyAnswers } from "./MyAnswers.jsx";
import { HiddenAnswers } from "./HiddenAnswers.jsx";
import { localDate } from "./dates.js";
import messages from "./messages.js";
import "./today.css";

addMessages(messages);

// "MM-dd" as the reader says it ("March 5", "3월 5일").
function monthDay(md) {
  const [m, d] = String(md || "").split("-").map(Number);
  if (!m || !d) return md || "";
  return new Intl.DateTimeFormat(lang.value === "ko" ? "ko-KR" : "en-GB", {
    timeZone: "UTC",
    month: "long",
    day: "numeric",
  }).format(new Date(Date.UTC(2000, m - 1, d)));
}

function NoQuestion() {
  return (
    <div class="card today-none">
      <p class="today-none-icon" aria-hidden="true">
        🐾
      </p>
      <h2>{t("today.none.title")}</h2>
      <p class="muted">{t("today.none.body")}</p>
    </div>
  );
}

// The member's part: answer today, then the answers and hidden answers.
// An answer written meanwhile elsewhere (409 ALREADY_WRITTEN_TODAY)
// stays explained after the form gives way to the notice.
function Member({ question }) {
  const [version, setVersion] = useState(0);
  const [conflict, setConflict] = useState(null);
  const bump = () => setVersion((v) => v + 1);
  const answers = useLoad(() => api("GET", `/daily-questions/${question.id}/daily-answers`), [question.id, version]);
  const list = answers.data || [];
  const answeredToday = list.some((a) => localDate(a.createdAt) === todayInZone(userZone()));
  const onConflict = (err) => {
    setConflict(err);
    bump();
  };
  return (
    <>
      {answers.data && !answeredToday && <AnswerForm questionId={question.id} onSaved={bump} onConflict={onConflict} />}
      {answeredToday && (
        <div class="today-already">
          <FormError error={conflict} />
          <p class="notice" role="status">
            {t("today.answer.already")}
          </p>
        </div>
      )}
      <MyAnswers state={answers} onChanged={bump} />
      <HiddenAnswers version={version} onRestored={bump} />
    </>
  );
}

export default function Today() {
  const heading = useRef(null);
  const signedIn = Boolean(tokens.value);
  const l = lang.value;
  useTitle(t("today.title"));
  useFocusHeading(heading);
  // re-fetched when the language switches, or the user signs in or out
  const today = useLoad(() => api("GET", "/daily-questions/today", { query: { lang: l } }), [l, signedIn]);
  const none = today.error && today.error.code === "TODAY_QUESTION_IS_DEACTIVATED";
  return (
    <section class="page today">
      <h1 tabIndex={-1} ref={heading}>
        {t("today.title")}
      </h1>
      {today.loading && !today.data && <Loading />}
      {none && <NoQuestion />}
      {today.error && !none && <LoadError error={today.error} onRetry={today.reload} />}
      {today.data && (
        <>
          <figure class="card today-question">
            <figcaption class="muted">{t("today.questionOf", { date: monthDay(today.data.date) })}</figcaption>
            <blockquote lang={l} data-testid="today-question">
              {today.data.question}
            </blockquote>
          </figure>
          {signedIn ? (
            <Member question={today.data} />
          ) : (
            <p class="card">
              {t("today.loginHint")}{" "}
              <a class="button primary" href={"/app/login?next=" + encodeURIComponent("/app/today")}>
                {t("today.login")}
              </a>
            </p>
          )}
        </>
      )}
    </section>
  );
}
