// /ws/events (or another of the hub's streams, e.g. a bus channel's), resumed after a dropped connection or a
// paused feed from the last id seen: the hub replays the stored items after it, then goes live (no gap), and ids
// at or below it are dropped here (no duplicate). Unfiltered: the panels follow every event (statuses, output,
// timeline), so the page's filter applies to the list only (EventList).
import { token } from './api.js';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10000;

export class EventStream {
  /**
   * path: the stream's WebSocket path; idOf: a frame's id, undefined for a frame that is no stored item (the
   * answer to something sent), which goes to onOther.
   */
  constructor(onEvent, onState, { path = '/ws/events', idOf = (frame) => frame.id, onOther = () => {} } = {}) {
    this.onEvent = onEvent;
    this.onState = onState;
    this.path = path;
    this.idOf = idOf;
    this.onOther = onOther;
    this.lastId = null;
    this.paused = false;
    this.socket = null;
    this.retryMs = RETRY_MIN_MS;
  }

  /** The feed goes on after this event id (the newest the page already shows; 0 for all stored events). */
  resumeAfter(id) {
    this.lastId = id;
  }

  /** (Re)connects from the last event seen, e.g. when the feed is resumed or the token changed. */
  restart() {
    this.paused = false;
    this.socket?.close(1000);
    this.open();
  }

  /** Sends a text frame; false when the stream is not connected. */
  send(text) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(text);
    return true;
  }

  pause() {
    this.paused = true;
    this.socket?.close(1000);
  }

  open() {
    const query = new URLSearchParams({ access_token: token.get() ?? '' });
    if (this.lastId !== null) query.set('after', this.lastId);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}${this.path}?${query}`);
    this.socket = socket;
    this.onState('connecting');
    socket.onopen = () => {
      this.retryMs = RETRY_MIN_MS;
      this.onState('live');
    };
    socket.onmessage = (message) => {
      const frame = JSON.parse(message.data);
      const id = this.idOf(frame);
      if (id === undefined) {
        this.onOther(frame);
        return;
      }
      if (this.lastId !== null && id <= this.lastId) return;
      this.lastId = id;
      this.onEvent(frame);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return; // replaced by restart()
      if (this.paused) {
        this.onState('paused');
        return;
      }
      this.onState('reconnecting');
      setTimeout(() => { if (this.socket === socket && !this.paused) this.open(); }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    };
  }
}
