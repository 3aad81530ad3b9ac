// CalendarView.jsx -- FullCalendar (month and week views) with the app's
// own toolbar (labelled buttons in the app's language). It is given the
// user's time zone by name and wall-clock times in it (see time.js), the
// app's language, and a loader for the visible range. The view and the
// date follow the props (taken from the URL) and are reported back on
// every change so that the URL keeps them across a reload.
import { useEffect, useRef, useState } from "preact/hooks";
import { Calendar } from "@fullcalendar/core";
import dayGridPlugin from "@fullcalendar/daygrid";
import timeGridPlugin from "@fullcalendar/timegrid";
import interactionPlugin from "@fullcalendar/interaction";
import koLocale from "@fullcalendar/core/locales/ko";
import enGbLocale from "@fullcalendar/core/locales/en-gb";
import { t, lang } from "../../lib/i18n.js";
import { wallClock, markerDate, markerDateTime } from "./time.js";

const FC_VIEWS = { month: "dayGridMonth", week: "timeGridWeek" };
const fcLocale = () => (lang.value === "ko" ? "ko" : "en-gb");

function Toolbar({ cal, view, title }) {
  const unit = view === "week" ? "week" : "month";
  return (
    <div class="cal-toolbar">
      <div class="row" role="group" aria-label={t("calendar.nav")}>
        <button type="button" onClick={() => cal.prev()} aria-label={t("calendar.prev." + unit)}>
          <span aria-hidden="true">‹</span>
        </button>
        <button type="button" onClick={() => cal.today()}>
          {t("calendar.today")}
        </button>
        <button type="button" onClick={() => cal.next()} aria-label={t("calendar.next." + unit)}>
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <h2 class="cal-title" aria-live="polite" data-testid="calendar-title">
        {title}
      </h2>
      <div class="row" role="group" aria-label={t("calendar.view")}>
        {["month", "week"].map((v) => (
          <button key={v} type="button" aria-pressed={view === v ? "true" : "false"} onClick={() => cal.changeView(FC_VIEWS[v])}>
            {t("calendar.view." + v)}
          </button>
        ))}
      </div>
    </div>
  );
}

export function CalendarView({ view, date, zone, loadEvents, onRange, onEventClick, onDateClick, onLoading, refreshKey }) {
  const el = useRef(null);
  const [cal, setCal] = useState(null);
  const [title, setTitle] = useState("");
  // the latest callbacks, read by FullCalendar's handlers
  const props = useRef({});
  props.current = { loadEvents, onRange, onEventClick, onDateClick, onLoading };

  useEffect(() => {
    const calendar = new Calendar(el.current, {
      plugins: [dayGridPlugin, timeGridPlugin, interactionPlugin],
      timeZone: zone,
      now: () => wallClock(new Date(), zone),
      locales: [koLocale, enGbLocale],
      locale: fcLocale(),
      initialView: FC_VIEWS[view] || FC_VIEWS.month,
      initialDate: date,
      headerToolbar: false,
      height: "auto",
      fixedWeekCount: false,
      nowIndicator: true,
      scrollTime: "08:00:00",
      eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
      events: (info, success, failure) =>
        props.current.loadEvents(markerDate(info.start), markerDate(info.end)).then(success, failure),
      loading: (busy) => props.current.onLoading(busy),
      datesSet: (info) => {
        setTitle(info.view.title);
        const v = info.view.type === FC_VIEWS.week ? "week" : "month";
        props.current.onRange({ view: v, date: markerDate(calendar.getDate()) });
      },
      eventClick: (info) => {
        info.jsEvent.preventDefault();
        props.current.onEventClick(info.event);
      },
      dateClick: (info) => props.current.onDateClick({ date: markerDateTime(info.date), allDay: info.allDay }),
    });
    calendar.render();
    setCal(calendar);
    return () => calendar.destroy();
  }, []);

  // the URL changed under the calendar (a link, back/forward)
  useEffect(() => {
    if (!cal) return;
    const fcView = FC_VIEWS[view] || FC_VIEWS.month;
    if (cal.view.type !== fcView) cal.changeView(fcView, date);
    else if (date && markerDate(cal.getDate()) !== date) cal.gotoDate(date);
  }, [cal, view, date]);

  useEffect(() => {
    if (!cal) return;
    cal.setOption("locale", fcLocale());
    setTitle(cal.view.title);
  }, [cal, lang.value]);

  useEffect(() => {
    if (cal && refreshKey) cal.refetchEvents();
  }, [cal, refreshKey]);

  return (
    <div class="cal">
      {cal && <Toolbar cal={cal} view={view} title={title} />}
      <div ref={el} class="cal-grid" />
    </div>
  );
}
