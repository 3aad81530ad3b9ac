// MyAnswers.jsx -- the member's answers to today's question, all years,
// newest first and grouped by year; each can be edited in place or
// hidden.
import { useState } from "preact/hooks";
import { t } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { formatDateTime, todayInZone } from "../../lib/format.js";
import { FormError, SaveButtons, useSubmit } from "../../ui/forms.jsx";
import { Loading, LoadError, Empty } from "../../ui/states.jsx";
import { AnswerText } from "./AnswerText.jsx";
import { localYear } from "./dates.js";

function byYear(list) {
  const groups = [];
  for (const a of list) {
    const year = localYear(a.createdAt);
    const last = groups[groups.length - 1];
    if (last && last.year === year) last.items.push(a);
    else groups.push({ year, items: [a] });
  }
  return groups;
}

function EditAnswer({ answer, onDone, onCancel }) {
  const [text, setText] = useState(answer.answer);
  const action = useSubmit();
  const save = action.submit(async () => {
    await api("PUT", `/daily-questions/daily-answers/${answer.id}`, { body: { answer: text } });
    onDone();
  });
  const errs = action.fields;
  return (
    <form onSubmit={save} noValidate>
      <AnswerText label={t("today.mine.editLabel")} value={text} onInput={setText} error={errs.answer} autoFocus />
      <FormError error={action.error} fields={["answer"]} />
      <SaveButtons busy={action.busy} label={t("common.save")} onCancel={onCancel} />
    </form>
  );
}

function Answer({ answer, onChanged, onMessage }) {
  const [editing, setEditing] = useState(false);
  const action = useSubmit();
  const edited = answer.updatedAt && answer.updatedAt !== answer.createdAt;
  const hide = () =>
    action.run(async () => {
      await api("PATCH", `/daily-questions/daily-answers/${answer.id}/hide`);
      onMessage(t("today.mine.hidden"));
      onChanged();
    });
  if (editing)
    return (
      <li>
        <EditAnswer
          answer={answer}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            onMessage(t("today.mine.updated"));
            onChanged();
          }}
        />
      </li>
    );
  return (
    <li data-testid="my-answer">
      <p class="today-answer">{answer.answer}</p>
      <div class="spread">
        <small class="muted">
          <time dateTime={answer.createdAt}>{formatDateTime(answer.createdAt)}</time>
          {edited && <> · {t("today.mine.edited")}</>}
        </small>
        <div class="row">
          <button type="button" onClick={() => setEditing(true)}>
            {t("today.mine.edit")}
          </button>
          <button type="button" onClick={hide}>
            {t("today.mine.hide")}
          </button>
        </div>
      </div>
      <FormError error={action.error} />
    </li>
  );
}

export function MyAnswers({ state, onChanged }) {
  const [message, setMessage] = useState("");
  const thisYear = todayInZone().slice(0, 4);
  return (
    <section class="today-mine" aria-labelledby="today-mine-title">
      <h2 id="today-mine-title">{t("today.mine.title")}</h2>
      <p class="visually-hidden" role="status">
        {message}
      </p>
      {state.loading && !state.data && <Loading />}
      {state.error && <LoadError error={state.error} onRetry={state.reload} />}
      {state.data && state.data.length === 0 && <Empty>{t("today.mine.empty")}</Empty>}
      {state.data &&
        byYear(state.data).map((g) => (
          <section key={g.year} aria-labelledby={"today-year-" + g.year}>
            <h3 id={"today-year-" + g.year} class="today-year">
              {g.year === thisYear ? t("today.mine.thisYear", { year: g.year }) : t("today.mine.year", { year: g.year })}
            </h3>
            <ul class="list">
              {g.items.map((a) => (
                <Answer key={a.id} answer={a} onChanged={onChanged} onMessage={setMessage} />
              ))}
            </ul>
          </section>
        ))}
    </section>
  );
}
