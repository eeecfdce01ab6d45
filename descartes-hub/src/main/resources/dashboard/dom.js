// Elements built with textContent only: agents' output and event contents never become markup.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'className') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

export const $ = (id) => document.getElementById(id);

export const shortId = (id) => (id ?? '').slice(0, 8);

/** Calls fn at most once per interval, the last call always running. */
export function throttle(fn, ms) {
  let timer = null;
  return () => {
    if (timer === null) timer = setTimeout(() => { timer = null; fn(); }, ms);
  };
}

/**
 * A time from the API as a Date, null for none. The views give RFC 3339 strings; older shapes still in
 * use give epoch seconds (events' timestamp) or upstream's {secs_since_epoch, nanos_since_epoch}.
 */
export function toDate(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'object') return new Date(value.secs_since_epoch * 1000 + value.nanos_since_epoch / 1e6);
  return new Date(value.replace(/(\.\d{3})\d*Z$/, '$1Z')); // Date takes milliseconds, the views give nanos
}

/** A time cell: local time shown, the exact value as its tooltip; empty for none. */
export function timeCell(className, value) {
  const date = toDate(value);
  return el('td', { className, title: date ? (typeof value === 'string' ? value : date.toISOString()) : '' },
    date ? date.toLocaleString() : '');
}
