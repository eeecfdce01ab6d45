// /ws/events, resumed after a dropped connection or a paused feed from the last event id seen: the hub
// replays the stored events after it, then goes live (no gap), and ids at or below it are dropped here
// (no duplicate). Unfiltered: the panels follow every event (statuses, output, timeline), so the
// page's filter applies to the list only (EventList).
import { token } from './api.js';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10000;

export class EventStream {
  constructor(onEvent, onState) {
    this.onEvent = onEvent;
    this.onState = onState;
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

  pause() {
    this.paused = true;
    this.socket?.close(1000);
  }

  open() {
    const query = new URLSearchParams({ access_token: token.get() ?? '' });
    if (this.lastId !== null) query.set('after', this.lastId);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/ws/events?${query}`);
    this.socket = socket;
    this.onState('connecting');
    socket.onopen = () => {
      this.retryMs = RETRY_MIN_MS;
      this.onState('live');
    };
    socket.onmessage = (message) => {
      const event = JSON.parse(message.data);
      if (this.lastId !== null && event.id <= this.lastId) return;
      this.lastId = event.id;
      this.onEvent(event);
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
