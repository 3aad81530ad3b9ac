// ImageUpload.jsx -- pick one or several images and upload each at once
// through /files/presign, with a progress bar per file. onChange gets the
// file keys of the uploads that finished (in pick order); onBusy tells
// whether some upload is still running (forms wait for it). A refused
// file (too large, not an image) shows the server's reason on its row;
// `error` is the form's refusal of the keys (the server's imageKeys).
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { uploadImage } from "../lib/upload.js";
import { t } from "../lib/i18n.js";
import { errorText } from "./forms.jsx";
import { loadConfig } from "../lib/config.js";

// A refused file's reason: too large names the limit; else the server's.
function rowError(error, maxBytes) {
  if (error && error.errors && error.errors.size && maxBytes)
    return t("upload.tooLarge", { mb: Math.round((maxBytes / 1048576) * 10) / 10 });
  if (error && error.errors && error.errors.contentType) return t("error.UNSUPPORTED_MEDIA_TYPE");
  return errorText(error);
}

let nextRow = 1;

export function ImageUpload({ purpose, multiple = true, label, onChange, onBusy, chatRoomId, resetKey, error }) {
  const [rows, setRows] = useState([]);
  const [maxBytes, setMaxBytes] = useState(0);
  const inputId = useId();
  useEffect(() => {
    loadConfig().then((c) => setMaxBytes(c.maxUploadBytes || 0));
  }, []);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  useEffect(() => setRows([]), [resetKey]);

  useEffect(() => {
    if (onChange) onChange(rows.filter((r) => r.key).map((r) => r.key));
    if (onBusy) onBusy(rows.some((r) => !r.key && !r.error));
  }, [rows]);

  const update = (id, patch) => setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  const pick = (e) => {
    const files = [...e.currentTarget.files];
    e.currentTarget.value = "";
    const added = files.map((file) => ({ id: nextRow++, name: file.name, progress: 0, key: null, error: null, file }));
    setRows((rs) => (multiple ? [...rs, ...added] : added));
    for (const row of added) {
      uploadImage(row.file, purpose, { chatRoomId, onProgress: (p) => update(row.id, { progress: p }) }).then(
        (key) => update(row.id, { key, progress: 1 }),
        (error) => update(row.id, { error }),
      );
    }
  };

  const remove = (id) => setRows((rs) => rs.filter((r) => r.id !== id));

  return (
    <div class="upload">
      <label for={inputId} class="upload-label">
        {label || t("upload.choose")}
      </label>
      <input id={inputId} type="file" accept="image/jpeg,image/png,image/gif,image/webp" multiple={multiple} onChange={pick} />
      {rows.length > 0 && (
        <ul class="upload-list">
          {rows.map((r) => (
            <li key={r.id} class={r.error ? "upload-failed" : r.key ? "upload-done" : ""}>
              <span class="upload-name">{r.name}</span>
              <progress max="1" value={r.progress} aria-label={t("upload.progress", { name: r.name })} />
              {r.error ? (
                <span class="field-error" role="alert">
                  {rowError(r.error, maxBytes)}
                </span>
              ) : r.key ? (
                <span class="upload-status">{t("upload.done")}</span>
              ) : (
                <span class="upload-status">{Math.round(r.progress * 100)}%</span>
              )}
              <button type="button" class="link" onClick={() => remove(r.id)} aria-label={t("upload.remove", { name: r.name })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
