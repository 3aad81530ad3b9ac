// Viewer.jsx -- an album's photos one at a time in a modal <dialog>:
// showModal() keeps focus inside and makes the page inert, Escape closes
// (the browser's cancel), ← and → or the buttons move between photos, the
// "photo n of m" heading names the dialog and is announced when it
// changes, and focus returns to the thumbnail that opened it.
import { useEffect, useRef } from "preact/hooks";
import { t } from "../../lib/i18n.js";

export function Viewer({ images, index, date, onIndex, onClose }) {
  const dialog = useRef(null);
  const opener = useRef(null);
  const open = index !== null && index >= 0 && index < images.length;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);

  const closed = () => {
    onClose();
    if (opener.current && opener.current.isConnected) opener.current.focus();
  };
  const total = images.length;
  const go = (step) => onIndex((index + step + total) % total);
  const keys = (e) => {
    if (e.key === "ArrowRight") {
      e.preventDefault();
      go(1);
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      go(-1);
    }
  };
  const image = open ? images[index] : null;
  return (
    <dialog ref={dialog} class="viewer" aria-labelledby="viewer-title" aria-describedby="viewer-keys" onClose={closed} onKeyDown={keys}>
      {image && (
        <>
          <div class="viewer-top">
            <h2 id="viewer-title" aria-live="polite">
              {t("albums.viewer.title", { n: index + 1, total })}
            </h2>
            <button type="button" class="viewer-close" onClick={() => dialog.current.close()} autofocus>
              {t("albums.viewer.close")}
            </button>
          </div>
          <img class="viewer-image" src={image.url} alt={t("albums.viewer.alt", { date, n: index + 1 })} />
          <div class="viewer-nav">
            <button type="button" onClick={() => go(-1)} disabled={total < 2}>
              ← {t("albums.viewer.prev")}
            </button>
            <button type="button" onClick={() => go(1)} disabled={total < 2}>
              {t("albums.viewer.next")} →
            </button>
          </div>
          <p id="viewer-keys" class="muted viewer-keys">
            {t("albums.viewer.keys")}
          </p>
        </>
      )}
    </dialog>
  );
}
