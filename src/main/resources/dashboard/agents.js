// The agents table: spawn, live status (from status_update events), control buttons, selection.
import { api } from './api.js';
import { el, shortId, throttle } from './dom.js';

const COMMANDS = ['pause', 'resume', 'stop', 'kill'];
const REFRESH_MS = 1000;

export class AgentsPanel {
  constructor(table, { onSelect, onError, onChange }) {
    this.table = table;
    this.onSelect = onSelect;
    this.onError = onError;
    this.onChange = onChange;
    this.agents = new Map();
    this.selectedId = null;
    this.refreshSoon = throttle(() => this.refresh().catch((e) => this.onError(e.message)), REFRESH_MS);
  }

  async refresh() {
    const reply = await api.get('/api/agents');
    // RFC 3339 times in UTC sort as text
    const newest = [...reply.agents].sort((a, b) => (b.started_at ?? '').localeCompare(a.started_at ?? ''));
    this.agents = new Map(newest.map((agent) => [agent.id, agent]));
    this.render();
    this.onChange([...this.agents.values()]);
  }

  nameOf(id) {
    return this.agents.get(id)?.name ?? shortId(id);
  }

  /** A recorded event: a status change shows at once; anything about an agent not listed reloads the list. */
  observe(event) {
    const agent = this.agents.get(event.agent_id);
    if (event.event_type === 'status_update' && agent && event.content?.status) {
      agent.status = event.content.status;
      this.render();
    } else if (event.event_type === 'rewind' || (event.agent_id && !agent)) {
      this.refreshSoon();
    }
  }

  async spawn(name, backend, task) {
    const reply = await api.post('/api/agents', { name, model_backend: backend, task });
    await this.refresh();
    this.select(reply.agent_info.id);
  }

  select(id) {
    this.selectedId = id;
    this.render();
    this.onSelect(this.agents.get(id));
  }

  async control(id, command) {
    try {
      const reply = await api.post(`/api/agents/${id}/control`, { command });
      const agent = this.agents.get(id);
      if (agent && reply.status) {
        agent.status = reply.status;
        this.render();
      }
    } catch (e) {
      this.onError(e.message);
    }
  }

  render() {
    this.table.replaceChildren(...[...this.agents.values()].map((agent) => el('tr',
      { dataset: { agentId: agent.id }, className: agent.id === this.selectedId ? 'selected' : '' },
      el('td', {}, el('button', { type: 'button', className: 'open', onclick: () => this.select(agent.id) }, agent.name)),
      el('td', { title: agent.id }, shortId(agent.id)),
      el('td', {}, agent.model_backend),
      el('td', { className: `status status-${agent.status}` }, agent.status),
      el('td', {}, ...COMMANDS.map((command) => el('button',
        { type: 'button', dataset: { command }, onclick: () => this.control(agent.id, command) }, command))))));
  }
}
