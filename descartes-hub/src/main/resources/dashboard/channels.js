// The bus's channels (GET /api/bus/channels) and one channel's conversation: its stored messages from the first
// (after=0), then live, on /ws/bus/channels/{name}, resumed from the last stored_id after a dropped connection.
// A person sends into the channel on the same socket; the hub answers each send with its stored id or an error.
import { api } from './api.js';
import { el, toDate } from './dom.js';
import { EventStream } from './stream.js';

const REFRESH_MS = 3000;
const KEPT = 500;

const text = (payload) => (typeof payload?.text === 'string' ? payload.text : JSON.stringify(payload ?? null));

export class ChannelsPanel {
  constructor({ list, current, conversation, state }, onError) {
    this.list = list;
    this.current = current;
    this.conversation = conversation;
    this.state = state;
    this.onError = onError;
    this.channel = null;
    this.stream = null;
    this.timer = null;
  }

  start() {
    clearInterval(this.timer);
    this.refresh();
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    if (this.channel) this.stream.restart(); // after a token change, from the last message shown
  }

  async refresh() {
    let reply;
    try {
      reply = await api.get('/api/bus/channels');
    } catch (e) {
      this.onError(e.message);
      return;
    }
    this.list.replaceChildren(...reply.channels.map((name) => el('li', {},
      el('button', { type: 'button', dataset: { channel: name }, className: name === this.channel ? 'selected' : '',
        onclick: () => this.show(name) }, name))));
  }

  /** Follows one channel: its conversation from the first message, then live. */
  show(name) {
    this.stream?.pause();
    this.channel = name;
    this.current.textContent = name;
    this.conversation.replaceChildren();
    this.stream = new EventStream((message) => this.add(message), (state) => {
      this.state.textContent = state;
      this.state.className = `badge ${state}`;
    }, {
      path: `/ws/bus/channels/${encodeURIComponent(name)}`,
      idOf: (frame) => (frame.type === 'bus_message' ? frame.stored_id : undefined),
      onOther: (frame) => { if (frame.type === 'error') this.onError(`${frame.status}: ${frame.error}`); },
    });
    this.stream.resumeAfter(0);
    this.stream.restart();
    this.refresh();
  }

  add(message) {
    const time = toDate(message.timestamp)?.toLocaleTimeString() ?? '';
    this.conversation.append(el('li', { dataset: { storedId: message.stored_id, sender: message.sender } },
      `#${message.stored_id} ${time} ${message.sender}: ${text(message.payload)}`));
    while (this.conversation.childElementCount > KEPT) this.conversation.firstElementChild.remove();
    this.conversation.scrollTop = this.conversation.scrollHeight;
  }

  /** Sends as `sender` into the channel shown; false when no channel is open or the socket is down. */
  send(sender, message) {
    return this.stream !== null && this.stream.send(JSON.stringify({ sender, payload: { text: message } }));
  }
}
