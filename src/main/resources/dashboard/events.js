// The event list: newest first, bounded, one line per event.
import { el, shortId } from './dom.js';

const MAX_SHOWN = 500;
const MAX_SUMMARY = 200;
const utf8 = new TextDecoder();

function summary(event) {
  const content = event.content ?? {};
  switch (event.event_type) {
    case 'log_stream':
      return `${content.stream_type}: ${utf8.decode(new Uint8Array(content.data ?? [])).trimEnd()}`;
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

function time(timestamp) {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? String(timestamp) : date.toLocaleTimeString();
}

export class EventList {
  constructor(list, agentName) {
    this.list = list;
    this.agentName = agentName;
  }

  add(event) {
    const text = summary(event).slice(0, MAX_SUMMARY);
    const agent = event.agent_id ? this.agentName(event.agent_id) : '';
    this.list.prepend(el('li', { dataset: { eventId: event.id, eventType: event.event_type, agentId: event.agent_id ?? '' } },
      `#${event.id} ${time(event.timestamp)} ${event.event_type} ${agent} ${text}`));
    while (this.list.childElementCount > MAX_SHOWN) this.list.lastElementChild.remove();
  }

  clear() {
    this.list.replaceChildren();
  }
}
