// hooks.js -- small hooks shared by the pages: useLoad (fetch on mount and
// when its keys change, with loading and error state and a reload), and
// useTitle (the document title, in the current language).
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { t } from "./i18n.js";

export function useLoad(loader, keys = []) {
  const [state, setState] = useState({ loading: true, error: null, data: null });
  const seq = useRef(0);
  const run = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    Promise.resolve()
      .then(loader)
      .then(
        (data) => mine === seq.current && setState({ loading: false, error: null, data }),
        (error) => mine === seq.current && setState({ loading: false, error, data: null }),
      );
  }, keys); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(run, [run]);
  return { ...state, reload: run, setData: (data) => setState((s) => ({ ...s, data })) };
}

export function useTitle(text) {
  useEffect(() => {
    document.title = text ? text + " · PETORY" : "PETORY";
  }, [text]);
}

// The page's main heading takes focus after a route change so that
// keyboard and screen-reader users start at the new content.
export function useFocusHeading(ref) {
  useEffect(() => {
    if (ref.current) ref.current.focus({ preventScroll: true });
  }, []);
}

export { t };
