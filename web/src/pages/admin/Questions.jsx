// Questions.jsx -- /app/admin/questions: the daily questions by status
// (tabs over GET /daily-questions, /inactive, /deleted; 50 a page), the
// form that creates one (Korean text 1–85, optional English text, a
// month/day picker for the MM-dd date), and per question: edit,
// deactivate/activate, delete/restore, following the server's state
// machine (ACTIVE ⇄ INACTIVE, both → DELETED → ACTIVE). A taken date
// (DATE_IS_EXIST) shows next to the date.
import { useId, useRef, useState } from "preact/hooks";
import { t, lang } from "../../lib/i18n.js";
import { api } from "../../lib/api.js";
import { useLoad } from "../../lib/hooks.js";
import { TextField, FieldError, FormError, SaveButtons, errorText, useSubmit } from "../../ui/forms.jsx";
import { Loading, Empty, LoadError, Pager } from "../../ui/states.jsx";
import { AdminPage, StatusBadge, useAction, ActionResult } from "./shared.jsx";

const PAGE_SIZE = 50;
const TABS = [
  { id: "all", path: "/daily-questions" },
  { id: "inactive", path: "/daily-questions/inactive" },
  { id: "deleted", path: "/daily-questions/deleted" },
];
// days per month, 02-29 included (the question returns every year)
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n) => String(n).padStart(2, "0");
// the server's limit of the Korean text, in characters
const QUESTION_MAX = 85;

function monthName(m) {
  const locale = lang.value === "ko" ? "ko-KR" : "en-GB";
  return new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2000, m - 1, 1)));
}

// "MM-dd" as the reader says it ("3월 5일", "5 March").
export function dayLabel(md) {
  const [m, d] = (md || "").split("-").map(Number);
  if (!m || !d) return md || "";
  const locale = lang.value === "ko" ? "ko-KR" : "en-GB";
  return new Intl.DateTimeFormat(locale, { month: "long", day: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(2000, m - 1, d)),
  );
}

// Two labelled selects in a fieldset; value and onChange speak "MM-dd"
// ("" while incomplete). The error sits under both and names the date.
function MonthDayField({ value, onChange, error }) {
  const id = useId();
  const [month, day] = value ? value.split("-") : ["", ""];
  const [m, setM] = useState(month || "");
  const [d, setD] = useState(day || "");
  const emit = (nm, nd) => {
    setM(nm);
    setD(nd);
    onChange(nm && nd ? nm + "-" + nd : "");
  };
  const maxDay = m ? DAYS[Number(m) - 1] : 31;
  const errId = id + "-err";
  const common = { "aria-describedby": error ? errId : undefined, "aria-invalid": error ? "true" : undefined };
  return (
    <fieldset class={"admin-monthday" + (error ? " field-invalid" : "")}>
      <legend>{t("admin.questions.date")}</legend>
      <div class="row">
        <div class="field">
          <label for={id + "-m"}>{t("admin.questions.month")}</label>
          <select id={id + "-m"} name="month" value={m} onChange={(e) => emit(e.currentTarget.value, d && Number(d) > DAYS[Number(e.currentTarget.value) - 1] ? "" : d)} {...common}>
            <option value="">—</option>
            {DAYS.map((_, i) => (
              <option key={i} value={pad(i + 1)}>
                {monthName(i + 1)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={id + "-d"}>{t("admin.questions.day")}</label>
          <select id={id + "-d"} name="day" value={d} onChange={(e) => emit(m, e.currentTarget.value)} {...common}>
            <option value="">—</option>
            {Array.from({ length: maxDay }, (_, i) => (
              <option key={i} value={pad(i + 1)}>
                {i + 1}
              </option>
            ))}
          </select>
        </div>
      </div>
      <FieldError id={errId} error={error} />
    </fieldset>
  );
}

// Create (no question) or edit (question): sends only what changed.
function QuestionForm({ question, onSaved, onCancel }) {
  const blank = { question: "", questionEn: "", date: "" };
  const [form, setForm] = useState(question ? { question: question.question, questionEn: question.questionEn || "", date: question.date } : blank);
  const action = useSubmit();
  const { error, busy } = action;
  const [resetKey, setResetKey] = useState(0);
  const set = (k) => (v) => {
    setForm((f) => ({ ...f, [k]: v }));
    action.setDone("");
  };

  const submit = action.submit(
    async () => {
      const body = {};
      for (const k of ["question", "questionEn", "date"]) {
        const before = question ? question[k] || "" : "";
        if (form[k] !== before && (form[k] !== "" || question)) body[k] = form[k];
      }
      const saved = question
        ? await api("PUT", "/daily-questions/" + question.id, { body })
        : await api("POST", "/daily-questions", { body });
      if (!question) {
        setForm(blank);
        setResetKey((k) => k + 1);
      }
      onSaved(saved);
      return saved;
    },
    { done: (saved) => t(question ? "admin.questions.saved" : "admin.questions.created", { date: dayLabel(saved.date) }) },
  );

  const errs = action.fields;
  const dateError = error && error.code === "DATE_IS_EXIST" ? errorText(error) : errs.date;
  const formError = error && !dateError && !Object.keys(errs).length ? error : null;
  return (
    <form onSubmit={submit} noValidate class="admin-question-form">
      <TextField
        label={t("admin.questions.question")}
        name="question"
        multiline
        rows={2}
        value={form.question}
        onInput={set("question")}
        error={errs.question}
        counter={{ message: "admin.questions.questionHint", max: QUESTION_MAX }}
      />
      <TextField
        label={t("admin.questions.questionEn")}
        name="questionEn"
        multiline
        rows={2}
        value={form.questionEn}
        onInput={set("questionEn")}
        error={errs.questionEn}
        hint={t("admin.questions.questionEnHint")}
      />
      <MonthDayField key={resetKey} value={form.date} onChange={set("date")} error={dateError} />
      <FormError error={formError} />
      <p class="admin-done" role="status">
        {action.done}
      </p>
      <SaveButtons busy={busy} label={question ? t("common.save") : t("admin.questions.create")} onCancel={onCancel} />
    </form>
  );
}

function QuestionRow({ q, onChanged }) {
  const [editing, setEditing] = useState(false);
  const action = useAction();
  const when = dayLabel(q.date);
  const move = (path, opts) =>
    action.run(async () => {
      await api(path === "" ? "DELETE" : "PATCH", "/daily-questions/" + q.id + path);
      onChanged();
    }, opts);
  return (
    <li class="admin-question" data-testid={"question-" + q.date}>
      <div class="spread">
        <h3 class="admin-question-date">
          <time>{when}</time> <span class="muted">({q.date})</span>
        </h3>
        <StatusBadge status={q.status} />
      </div>
      {editing ? (
        <div role="group" aria-label={t("admin.questions.editTitle", { date: when })}>
          <QuestionForm
            question={q}
            onSaved={() => {
              setEditing(false);
              onChanged();
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      ) : (
        <>
          <p class="admin-question-text" lang="ko">
            {q.question}
          </p>
          {q.questionEn && q.questionEn !== q.question && (
            <p class="muted" lang="en">
              {q.questionEn}
            </p>
          )}
          <div class="row admin-actions">
            {q.status !== "DELETED" && (
              <button type="button" onClick={() => setEditing(true)} disabled={action.busy}>
                {t("admin.questions.edit")}
              </button>
            )}
            {q.status === "ACTIVE" && (
              <button type="button" disabled={action.busy} onClick={() => move("/inactive", { confirm: t("admin.questions.confirmInactivate", { date: when }) })}>
                {t("admin.questions.inactivate")}
              </button>
            )}
            {q.status === "INACTIVE" && (
              <button type="button" disabled={action.busy} onClick={() => move("/activate/restore")}>
                {t("admin.questions.activate")}
              </button>
            )}
            {q.status !== "DELETED" ? (
              <button type="button" class="danger" disabled={action.busy} onClick={() => move("", { confirm: t("admin.questions.confirmDelete", { date: when }) })}>
                {t("admin.questions.delete")}
              </button>
            ) : (
              <button type="button" disabled={action.busy} onClick={() => move("/restore")}>
                {t("admin.questions.restore")}
              </button>
            )}
          </div>
          <ActionResult action={action} />
        </>
      )}
    </li>
  );
}

function Tabs({ current, onSelect, panelId }) {
  const refs = useRef([]);
  const key = (e, i) => {
    const next = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const j = (next + TABS.length) % TABS.length;
    onSelect(TABS[j].id);
    refs.current[j] && refs.current[j].focus();
  };
  return (
    <div class="admin-tabs" role="tablist" aria-label={t("admin.questions.tabs")}>
      {TABS.map((tab, i) => (
        <button
          key={tab.id}
          ref={(el) => (refs.current[i] = el)}
          type="button"
          role="tab"
          id={"qtab-" + tab.id}
          aria-selected={current === tab.id ? "true" : "false"}
          aria-controls={panelId}
          tabIndex={current === tab.id ? 0 : -1}
          onClick={() => onSelect(tab.id)}
          onKeyDown={(e) => key(e, i)}
        >
          {t("admin.questions.tab." + tab.id)}
        </button>
      ))}
    </div>
  );
}

export function Questions() {
  const [tab, setTab] = useState("all");
  const [page, setPage] = useState(0);
  const path = TABS.find((x) => x.id === tab).path;
  // the answer remembers its tab, so that a tab switch never shows another tab's rows
  const list = useLoad(async () => ({ path, page: await api("GET", path, { query: { page, size: PAGE_SIZE } }) }), [path, page]);
  const select = (id) => {
    setTab(id);
    setPage(0);
  };
  const data = list.data && list.data.path === path ? list.data.page : null;
  return (
    <AdminPage title={t("admin.questions.title")}>
      <details class="card admin-new">
        <summary>
          <h2>{t("admin.questions.new")}</h2>
        </summary>
        <QuestionForm onSaved={list.reload} />
      </details>
      <Tabs current={tab} onSelect={select} panelId="qpanel" />
      <div id="qpanel" role="tabpanel" aria-labelledby={"qtab-" + tab} class="admin-tabpanel">
        {list.error ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : !data ? (
          <Loading />
        ) : !data.content.length ? (
          <Empty>{t("admin.questions.empty")}</Empty>
        ) : (
          <>
            <p class="muted">{t("admin.questions.count", { count: data.totalElements })}</p>
            <ul class="list admin-questions" aria-busy={list.loading ? "true" : "false"}>
              {data.content.map((q) => (
                <QuestionRow key={q.id + ":" + q.status + ":" + q.updatedAt} q={q} onChanged={list.reload} />
              ))}
            </ul>
            <Pager page={data.page} totalPages={data.totalPages} onPage={setPage} />
          </>
        )}
      </div>
    </AdminPage>
  );
}
