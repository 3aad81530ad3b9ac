// app.jsx -- the shell: header with navigation, the notification bell and
// the language switch, the live connection's state, and the routes.
// Every page is its own lazily loaded module, so the first load of a page
// carries only that page's code (the map only on places, the calendar
// only on the calendar). Routes live under /app/; each survives a reload
// because petory-httpd answers this same HTML for every /app/ path.
// An area with pages of its own (pets, places…) is routed twice: its bare
// path (preact-iso's "/x/*" does not match "/x") and "/x/*"; its own
// nested <Router> then sees "" or the rest ("/12") and matches "/" or
// "/:id".
import { useEffect, useState } from "preact/hooks";
import { LocationProvider, Router, Route, lazy, ErrorBoundary, useLocation } from "preact-iso";
import { t, lang, setLang, LANGUAGES } from "./lib/i18n.js";
import { tokens, me, isAdmin, clearSession } from "./lib/session.js";
import { api } from "./lib/api.js";
import { start as startLive, connected } from "./lib/live.js";
import { unreadCount, refreshUnread, lastPushed } from "./lib/notify.js";
import { appLink } from "./lib/links.js";
import { Loading } from "./ui/states.jsx";
import { NotFound } from "./pages/NotFound.jsx";

const Login = lazy(() => import("./pages/account/Login.jsx"));
const Signup = lazy(() => import("./pages/account/Signup.jsx"));
const Me = lazy(() => import("./pages/account/Me.jsx"));
const OAuthCallback = lazy(() => import("./pages/account/OAuthCallback.jsx"));
const VerifyEmail = lazy(() => import("./pages/account/VerifyEmail.jsx"));
const ForgotPassword = lazy(() => import("./pages/account/ForgotPassword.jsx"));
const ResetPassword = lazy(() => import("./pages/account/ResetPassword.jsx"));
const Pets = lazy(() => import("./pages/pets/index.jsx"));
const Albums = lazy(() => import("./pages/albums/index.jsx"));
const Today = lazy(() => import("./pages/today/index.jsx"));
const Calendar = lazy(() => import("./pages/calendar/index.jsx"));
const Notifications = lazy(() => import("./pages/notifications/index.jsx"));
const Community = lazy(() => import("./pages/community/index.jsx"));
const Market = lazy(() => import("./pages/market/index.jsx"));
const Chat = lazy(() => import("./pages/chat/index.jsx"));
const Places = lazy(() => import("./pages/places/index.jsx"));
const LostPets = lazy(() => import("./pages/lostpets/index.jsx"));
const Admin = lazy(() => import("./pages/admin/index.jsx"));

// Loads the profile whenever the tokens change, and starts the socket.
function useSession() {
  const [ready, setReady] = useState(!tokens.value);
  useEffect(() => {
    const load = (value) => {
      if (!value) {
        setReady(true);
        return;
      }
      api("GET", "/users/me")
        .then((user) => {
          me.value = user;
          startLive();
          refreshUnread();
        })
        .catch(() => {})
        .finally(() => setReady(true));
    };
    // subscribe() calls back at once with the current tokens, then on
    // every change
    let last = null;
    return tokens.subscribe((value) => {
      // a silent reissue changes the pair but not the user
      const id = value && value.refreshToken;
      if (value && me.value && last) {
        last = id;
        return;
      }
      last = id;
      load(value);
    });
  }, []);
  return ready;
}

function NavLink({ href, children, onClick }) {
  const { path } = useLocation();
  const current = path === href || path.startsWith(href + "/");
  return (
    <a href={href} aria-current={current ? "page" : undefined} onClick={onClick}>
      {children}
    </a>
  );
}

function Bell() {
  const count = unreadCount.value;
  return (
    <a href="/app/notifications" class="bell" aria-label={t("bell.label", { count })}>
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {count > 0 && (
        <span class="badge" data-testid="unread-count">
          {count > 99 ? "99+" : count}
        </span>
      )}
    </a>
  );
}

function LanguageSwitch() {
  return (
    <label class="lang-switch">
      <span class="visually-hidden">{t("nav.language")}</span>
      <select value={lang.value} onChange={(e) => setLang(e.currentTarget.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {l === "ko" ? "한국어" : "English"}
          </option>
        ))}
      </select>
    </label>
  );
}

function Header() {
  const [open, setOpen] = useState(false);
  const { route } = useLocation();
  const user = me.value;
  const signedIn = Boolean(tokens.value);
  const close = () => setOpen(false);
  const logout = async () => {
    try {
      await api("POST", "/auth/logout");
    } catch {
      /* the tokens go anyway */
    }
    clearSession();
    close();
    route("/app/login");
  };
  return (
    <header class="topbar">
      <a class="brand" href="/app/places">
        PETORY
      </a>
      <button
        type="button"
        class="menu-button"
        aria-expanded={open ? "true" : "false"}
        aria-controls="main-nav"
        onClick={() => setOpen(!open)}
      >
        {t("nav.menu")}
      </button>
      <nav id="main-nav" class={open ? "open" : ""} aria-label={t("nav.main")}>
        <NavLink href="/app/places" onClick={close}>
          {t("nav.places")}
        </NavLink>
        <NavLink href="/app/lost-pets" onClick={close}>
          {t("nav.lostPets")}
        </NavLink>
        <NavLink href="/app/community" onClick={close}>
          {t("nav.community")}
        </NavLink>
        <NavLink href="/app/market" onClick={close}>
          {t("nav.market")}
        </NavLink>
        <NavLink href="/app/today" onClick={close}>
          {t("nav.today")}
        </NavLink>
        {signedIn && (
          <>
            <NavLink href="/app/pets" onClick={close}>
              {t("nav.pets")}
            </NavLink>
            <NavLink href="/app/albums" onClick={close}>
              {t("nav.albums")}
            </NavLink>
            <NavLink href="/app/calendar" onClick={close}>
              {t("nav.calendar")}
            </NavLink>
            <NavLink href="/app/chat" onClick={close}>
              {t("nav.chat")}
            </NavLink>
            {isAdmin(user) && (
              <NavLink href="/app/admin" onClick={close}>
                {t("nav.admin")}
              </NavLink>
            )}
            <NavLink href="/app/me" onClick={close}>
              {t("nav.me")}
            </NavLink>
            <button type="button" class="link" onClick={logout}>
              {t("nav.logout")}
            </button>
          </>
        )}
        {!signedIn && (
          <>
            <NavLink href="/app/login" onClick={close}>
              {t("nav.login")}
            </NavLink>
            <NavLink href="/app/signup" onClick={close}>
              {t("nav.signup")}
            </NavLink>
          </>
        )}
      </nav>
      <div class="topbar-tools">
        {signedIn && <Bell />}
        <LanguageSwitch />
      </div>
    </header>
  );
}

// A pushed notification shows for a moment in a polite live region.
function Toast() {
  const n = lastPushed.value;
  const [shown, setShown] = useState(null);
  useEffect(() => {
    if (!n) return undefined;
    setShown(n);
    const timer = setTimeout(() => setShown(null), 6000);
    return () => clearTimeout(timer);
  }, [n]);
  return (
    <div class="toast-region" role="status" aria-live="polite">
      {shown && (
        <a class="toast" href={appLink(shown.link) || "/app/notifications"}>
          {shown.content}
        </a>
      )}
    </div>
  );
}

function OfflineBanner() {
  if (!tokens.value || connected.value) return null;
  if (!me.value) return null;
  return <p class="offline-banner">{t("live.offline")}</p>;
}

function RootRedirect() {
  const { route } = useLocation();
  useEffect(() => {
    route("/app/places", true);
  }, []);
  return null;
}

export function App() {
  const ready = useSession();
  // reading the language here re-renders everything when it changes
  void lang.value;
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <Header />
      <OfflineBanner />
      <main id="main" tabIndex={-1}>
        {!ready ? (
          <Loading />
        ) : (
          <ErrorBoundary>
            <Router>
              <Route path="/" component={RootRedirect} />
              <Route path="/app" component={RootRedirect} />
              <Route path="/app/login" component={Login} />
              <Route path="/app/signup" component={Signup} />
              <Route path="/app/me" component={Me} />
              <Route path="/app/auth/callback" component={OAuthCallback} />
              <Route path="/app/verify-email" component={VerifyEmail} />
              <Route path="/app/forgot-password" component={ForgotPassword} />
              <Route path="/app/reset-password" component={ResetPassword} />
              <Route path="/app/pets" component={Pets} />
              <Route path="/app/pets/*" component={Pets} />
              <Route path="/app/albums" component={Albums} />
              <Route path="/app/albums/*" component={Albums} />
              <Route path="/app/today" component={Today} />
              <Route path="/app/calendar" component={Calendar} />
              <Route path="/app/notifications" component={Notifications} />
              <Route path="/app/community" component={Community} />
              <Route path="/app/community/*" component={Community} />
              <Route path="/app/market" component={Market} />
              <Route path="/app/market/*" component={Market} />
              <Route path="/app/chat" component={Chat} />
              <Route path="/app/chat/*" component={Chat} />
              <Route path="/app/places" component={Places} />
              <Route path="/app/places/*" component={Places} />
              <Route path="/app/lost-pets" component={LostPets} />
              <Route path="/app/lost-pets/*" component={LostPets} />
              <Route path="/app/admin" component={Admin} />
              <Route path="/app/admin/*" component={Admin} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        )}
      </main>
      <Toast />
    </LocationProvider>
  );
}
