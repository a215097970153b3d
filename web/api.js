// The JSON API of `stemma serve` (docs/http_api.md), one function per
// endpoint. Errors come back as ApiError with the server's one-line message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, ...options });
  } catch (error) {
    throw new ApiError(0, `The server could not be reached (${error.message}).`);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : response.statusText;
    throw new ApiError(response.status, `${response.status}: ${message}`);
  }
  if (body === null) throw new ApiError(response.status, 'The server sent no JSON.');
  return body;
}

function postJson(path, payload) {
  return request(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Stored documents do not change, so their full records (text included) are
// kept for the session, up to a bound so that browsing stays light.
const MAX_CACHED_DOCUMENTS = 64;
const documentCache = new Map();

function cachedDocument(id) {
  const key = String(id);
  if (documentCache.has(key)) return documentCache.get(key);
  const pending = request(`/v1/documents/${encodeURIComponent(key)}`);
  pending.catch(() => documentCache.delete(key));
  documentCache.set(key, pending);
  if (documentCache.size > MAX_CACHED_DOCUMENTS) {
    documentCache.delete(documentCache.keys().next().value);
  }
  return pending;
}

export const api = {
  trace: (text) => postJson('/v1/trace', { text }),
  report: (text) => postJson('/v1/report', { text }),
  documents: (params) => request(`/v1/documents${query(params)}`),
  document: cachedDocument,
  documentPassages: (id) => request(`/v1/documents/${encodeURIComponent(id)}/passages`),
  documentReport: (id) => request(`/v1/documents/${encodeURIComponent(id)}/report`),
  families: (params) => request(`/v1/families${query(params)}`),
  family: (id) => request(`/v1/families/${encodeURIComponent(id)}`),
  outlets: () => request('/v1/outlets'),
  watches: () => request('/v1/watches'),
  alerts: (params) => request(`/v1/alerts${query(params)}`),
};
