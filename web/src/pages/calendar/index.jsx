// index.jsx -- /app/calendar?view=month|week&date=YYYY-MM-DD: the
// member's events and their pets' birthdays on FullCalendar (lazily
// loaded with this page), an agenda of the visible range (the same items
// as a plain list, for screen readers and small screens), and the dialog
// that creates, edits and deletes events.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { addMessages, t, lang } from "../../lib/i18n.js";
import { userZone, todayInZone, formatDate } from "../../lib/format.js";
import { useTitle, useFocusHeading } from "../../lib/hooks.js";
import { membersOnly } from "../../ui/RequireLogin.jsx";
import { LoadError, Empty } from "../../ui/states.jsx";
import { CalendarView } from "./CalendarView.jsx";
import { EventDialog } from "./EventDialog.jsx";
import { loadPets, loadRange, dday } from "./data.js";
import { isDate, addDays } from "./time.js";
import messages from "./messages.js";
import "./calendar.css";

addMessages(messages);

// A wall-clock "YYYY-MM-DDTHH:mm:ss" as the reader says it.
function wallText(s) {
  return new Intl.DateTimeFormat(lang.value === "ko" ? "ko-KR" : "en-GB", {
    timeZone: "UTC",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(Date.parse(s + "Z")));
}

function when(item) {
  if (!item.allDay) return wallText(item.start);
  const last = item.end ? addDays(item.end, -1) : item.start;
  const first = formatDate(item.start);
  return last !== item.start ? `${first} – ${formatDate(last)}` : `${first} · ${t("calendar.allDay")}`;
}

function Agenda({ items, today, onOpen }) {
  return (
    <section class="cal-agenda" aria-labelledby="cal-agenda-title">
      <h2 id="cal-agenda-title">{t("calendar.agenda")}</h2>
      {items.length === 0 && <Empty>{t("calendar.agenda.empty")}</Empty>}
      {items.length > 0 && (
        <ul class="list" data-testid="agenda">
          {items.map((item) => {
            const p = item.extendedProps;
            if (p.kind === "birthday") {
              const d = dday(p.date, today);
              return (
                <li key={item.id} class="cal-agenda-item">
                  <span class="muted">{when(item)}</span>
                  <a href={`/app/pets/${p.petId}`} aria-label={t("calendar.birthdayOf", { name: p.petName })}>
                    {item.title}
                  </a>
                  {d && <strong class="cal-dday">{d}</strong>}
                </li>
              );
            }
            return (
              <li key={item.id} class="cal-agenda-item">
                <span class="muted">{when(item)}</span>
                <button type="button" class="link" onClick={() => onOpen(p, item.start)}>
                  <span class="cal-swatch" aria-hidden="true" style={{ background: item.backgroundColor }} />
                  {item.title}
                </button>
                {p.recurring && <span class="muted">↻ {t("calendar.repeats")}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function CalendarScreen() {
  const { path, query, route } = useLocation();
  const heading = useRef(null);
  const zone = userZone();
  const today = todayInZone(zone);
  // While the next page loads after a link, this one still renders with
  // the next URL: keep the calendar where it is until it goes away.
  const here = path === "/app/calendar";
  const shown = useRef(null);
  if (here || !shown.current)
    shown.current = { view: query.view === "week" ? "week" : "month", date: isDate(query.date) ? query.date : today };
  const { view, date } = shown.current;
  const [items, setItems] = useState([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState(null);
  const [pets, setPets] = useState([]);
  const [petsError, setPetsError] = useState(null);
  const [dialog, setDialog] = useState(null);
  const [message, setMessage] = useState("");
  const [refreshKey, setRefreshKey] = useState(0);
  useTitle(t("calendar.title"));
  useFocusHeading(heading);

  const petsPromise = useMemo(() => loadPets(), []);
  useEffect(() => {
    petsPromise.then(setPets, setPetsError);
  }, []);

  const loadEvents = (start, end) =>
    loadRange(start, end, zone, petsPromise).then(
      (events) => {
        setItems(events);
        setError(null);
        return events;
      },
      (err) => {
        setError(err);
        throw err;
      },
    );
  const onRange = (r) => {
    if (!here) return;
    if (r.view !== query.view || r.date !== query.date) route(`/app/calendar?view=${r.view}&date=${r.date}`, true);
  };
  const openOccurrence = (p) =>
    setDialog({ eventId: p.eventId, occurrence: { date: p.occurrenceStart.slice(0, 10), recurring: p.recurring } });
  const onEventClick = (event) => {
    const p = event.extendedProps;
    if (p.kind === "birthday") route(`/app/pets/${p.petId}`);
    else openOccurrence(p);
  };
  const onDateClick = ({ date: at, allDay }) =>
    setDialog({ at: view === "month" ? { date: at.slice(0, 10), allDay: false } : { date: allDay ? at.slice(0, 10) : at, allDay } });
  const onSaved = (kind) => {
    setDialog(null);
    setMessage(t("calendar." + kind));
    setRefreshKey((k) => k + 1);
  };

  return (
    <section class="page calendar">
      <div class="spread">
        <h1 tabIndex={-1} ref={heading}>
          {t("calendar.title")}
        </h1>
        <button type="button" class="primary" onClick={() => setDialog({ at: { date, allDay: false } })}>
          {t("calendar.new")}
        </button>
      </div>
      <p class="cal-status" role="status">
        {loading ? t("calendar.loadingEvents") : message}
      </p>
      {error && <LoadError error={error} onRetry={() => setRefreshKey((k) => k + 1)} />}
      {petsError && <p class="notice">{t("calendar.petsFailed")}</p>}
      <CalendarView
        view={view}
        date={date}
        zone={zone}
        loadEvents={loadEvents}
        onRange={onRange}
        onEventClick={onEventClick}
        onDateClick={onDateClick}
        onLoading={setLoading}
        refreshKey={refreshKey}
      />
      <Agenda items={items} today={today} onOpen={openOccurrence} />
      {dialog && <EventDialog request={dialog} zone={zone} pets={pets} onClose={() => setDialog(null)} onSaved={onSaved} />}
    </section>
  );
}

export default membersOnly(CalendarScreen);
