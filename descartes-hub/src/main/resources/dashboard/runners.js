// The remote runners (GET /api/runners): state, load against capacity, labels, backends, last heartbeat.
// Runner registrations and heartbeats are not events, so the table is reloaded on a timer.
import { api } from './api.js';
import { el, timeCell } from './dom.js';

const REFRESH_MS = 3000;

export class RunnersPanel {
  constructor(table, onError) {
    this.table = table;
    this.onError = onError;
    this.timer = null;
  }

  start() {
    clearInterval(this.timer);
    this.refresh();
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  async refresh() {
    let reply;
    try {
      reply = await api.get('/api/runners');
    } catch (e) {
      this.onError(e.message);
      return;
    }
    this.table.replaceChildren(...reply.runners.map((runner) => el('tr', { dataset: { runnerId: runner.id } },
      el('td', {}, runner.id),
      el('td', { className: 'address' }, runner.address),
      el('td', { className: `state state-${runner.state}` }, runner.state),
      el('td', { className: 'load' }, `${runner.load}/${runner.capacity}`),
      el('td', { className: 'labels' }, Object.entries(runner.labels).map(([k, v]) => `${k}=${v}`).join(' ')),
      el('td', { className: 'backends' }, runner.backends.join(' ')),
      timeCell('heartbeat', runner.last_heartbeat))));
  }
}
