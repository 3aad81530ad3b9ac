// upload.js -- one image upload: POST /files/presign, then PUT the bytes
// to the signed URL with XMLHttpRequest (fetch reports no upload
// progress). Resolves to the file key that resources take as imageKeys.
import { api, ApiError } from "./api.js";

export async function uploadImage(file, purpose, { onProgress, chatRoomId, presignPath } = {}) {
  const body = {
    purpose,
    filename: file.name || "image",
    contentType: file.type || "application/octet-stream",
    size: file.size,
  };
  if (chatRoomId) body.chatRoomId = chatRoomId;
  const grant = await api("POST", presignPath || "/files/presign", { body });
  await new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(grant.method || "PUT", grant.uploadUrl);
    for (const [k, v] of Object.entries(grant.headers || {})) {
      // the browser sets these itself and refuses to be told
      if (!/^(content-length|host)$/i.test(k)) xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => {
      if (onProgress && e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        if (onProgress) onProgress(1);
        resolve();
        return;
      }
      let problem = null;
      try {
        problem = JSON.parse(xhr.responseText);
      } catch {
        problem = null;
      }
      reject(new ApiError(xhr.status, problem));
    };
    xhr.onerror = () => reject(new ApiError(0, { detail: "network" }));
    xhr.send(file);
  });
  return grant.fileKey;
}
