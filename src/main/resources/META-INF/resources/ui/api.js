// Every call to the service goes through here: the API key rides in the X-API-Key header (never in a URL) and lives
// only in this tab's sessionStorage; errors are the service's problem+json, thrown as ApiError.

const KEY = 'runbook.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  /** The key's name, the part between "rbk_" and the secret: it is the caller the audit log records. */
  name: () => (session.key() || '').match(/^rbk_([a-z0-9][a-z0-9-]{0,62})_[A-Za-z0-9_-]{20,128}$/)?.[1] ?? null,
  set: key => sessionStorage.setItem(KEY, key.trim()),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

/** Query string of the non-empty entries of {@code params}. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') q.set(name, value);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * Calls the API. body: an object (sent as JSON) or {xml: '...'} (sent as application/xml). Answers the parsed JSON,
 * the text for XML and other text bodies, null for 204. A 401 clears the key and sends the owner to the login page.
 */
export async function api(method, path, body) {
  const headers = {Accept: 'application/json, application/problem+json, application/xml;q=0.9'};
  const key = session.key();
  if (key) headers['X-API-Key'] = key;
  let payload;
  if (body && typeof body.xml === 'string') {
    headers['Content-Type'] = 'application/xml';
    payload = body.xml;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, {method, headers, body: payload, credentials: 'omit', cache: 'no-store'});
  const type = response.headers.get('Content-Type') || '';
  const parsed = response.status === 204 ? null
    : type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    if (response.status === 401) {
      session.clear();
      window.dispatchEvent(new CustomEvent('runbook:unauthorized'));
    }
    throw new ApiError(response.status, typeof parsed === 'object' ? parsed : {detail: parsed});
  }
  return parsed;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const del = path => api('DELETE', path);
