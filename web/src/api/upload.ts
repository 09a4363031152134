import { ApiError, sessionEvents, SESSION_EXPIRED, type ErrorDetail } from './client.js';

/**
 * Sends a file as the raw body of a POST with XMLHttpRequest, whose upload events give the
 * progress `fetch` cannot. Answers and errors have the same shape as {@link api}.
 */
export function uploadFile<T>(
  path: string,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      const e = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } })
        ?.error;
      if (xhr.status === 401) sessionEvents.dispatchEvent(new Event(SESSION_EXPIRED));
      reject(
        new ApiError(
          xhr.status,
          e?.code ?? `HTTP_${xhr.status}`,
          e?.message ?? xhr.statusText,
          e?.details ?? [],
        ),
      );
    };
    xhr.send(file);
  });
}
