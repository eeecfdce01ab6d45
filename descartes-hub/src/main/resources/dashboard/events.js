// The event list: newest first, one line per event, showing the recent events that match the filter:
// the last ones stored when the page opens, then the live ones.
import { el, shortId, toDate } from './dom.js';

const KEPT = 1000;
const MAX_SUMMARY = 200;

function summary(event) {
  const content = event.content ?? {};
  switch (event.event_type) {
    case 'log_stream':
      return `${content.stream_type}: ${outputText(content.data).trimEnd()}`;
    case 'status_update':
      return [content.status, content.message].filter(Boolean).join(' · ');
    case 'control_command':
      return content.command_type ?? '';
    case 'snapshot_created':
      return content.description ?? '';
    default:
      return content.status ?? content.name ?? '';
  }
}

/** Output is text, or {base64} for bytes that are not UTF-8 (README "JSON views"). */
const outputText = (data) => (typeof data === 'string' ? data : `[${atob(data?.base64 ?? '').length} bytes, not UTF-8]`);

/** An event's timestamp: an RFC 3339 string, or whole seconds since the epoch. */
const time = (timestamp) => toDate(timestamp)?.toLocaleTimeString() ?? '';

export class EventList {
  constructor(list, agentName) {
    this.list = list;
    this.agentName = agentName;
    this.recent = [];
    this.filter = { agentId: '', eventType: '' };
  }

  add(event) {
    this.recent.push(event);
    if (this.recent.length > KEPT) this.recent.shift();
    if (this.matches(event)) this.list.prepend(this.line(event));
    while (this.list.childElementCount > KEPT) this.list.lastElementChild.remove();
  }

  /** Empty fields match everything. */
  setFilter(agentId, eventType) {
    this.filter = { agentId, eventType };
    this.list.replaceChildren(...this.recent.filter((e) => this.matches(e)).reverse().map((e) => this.line(e)));
  }

  matches(event) {
    return (!this.filter.agentId || event.agent_id === this.filter.agentId)
      && (!this.filter.eventType || event.event_type === this.filter.eventType);
  }

  line(event) {
    const agent = event.agent_id ? this.agentName(event.agent_id) : '';
    return el('li', { dataset: { eventId: event.id, eventType: event.event_type, agentId: event.agent_id ?? '' } },
      `#${event.id} ${time(event.timestamp)} ${event.event_type} ${agent} ${summary(event).slice(0, MAX_SUMMARY)}`);
  }
}
