// The JSON API from the page: same-origin fetch with the session cookie,
// the CSRF token on every state change, and errors as exceptions that
// carry the API's error object.
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || 'error';
    this.field = error.field || null;
    this.retryAfter = null;
  }
}

export function setCsrf(token) {
  csrfToken = token;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'network', message: 'network error' });
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, (data && data.error) || {});
    err.retryAfter = res.headers.get('Retry-After');
    throw err;
  }
  return data;
}

// Every item of a list, page by page (the API answers at most 500 at once).
// Returns the last page's answer with all the items.
export async function apiAll(path) {
  const sep = path.includes('?') ? '&' : '?';
  const items = [];
  for (;;) {
    const page = await api('GET', `${path}${sep}limit=500&offset=${items.length}`);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return { ...page, items };
  }
}
