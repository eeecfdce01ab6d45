// The hub's HTTP API with the bearer token. The token comes from #token=… in the address (then
// dropped from it, so it stays out of history and bookmarks) or from localStorage.
const TOKEN_KEY = 'descartes-hub.token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const token = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (value) => localStorage.setItem(TOKEN_KEY, value),
  fromAddress() {
    const match = location.hash.match(/(?:^#|&)token=([^&]+)/);
    if (match) {
      this.set(decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
  },
};

/** Raised on every 401 so the page can ask for a token again. */
export const unauthorized = new EventTarget();

async function send(method, path, body) {
  const headers = { Authorization: `Bearer ${token.get() ?? ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) unauthorized.dispatchEvent(new Event('unauthorized'));
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).error ?? text; } catch { /* not JSON: keep the text */ }
    throw new ApiError(response.status, `${response.status}: ${message}`);
  }
  return text;
}

export const api = {
  get: async (path) => JSON.parse(await send('GET', path)),
  post: async (path, body) => JSON.parse(await send('POST', path, body)),
  text: (path) => send('GET', path),
};
