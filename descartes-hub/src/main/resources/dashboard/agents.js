// The agents table: spawn, live status (from status_update events), start and end times, exit code and
// status reason, control buttons enabled only in the states the hub accepts them, selection.
import { api } from './api.js';
import { el, shortId, throttle, timeCell, toDate } from './dom.js';

const REFRESH_MS = 1000;
const FINISHED = new Set(['completed', 'failed', 'terminated']);
/** When each command is accepted (RunningAgent): pause a running agent, resume a paused one, stop or kill an unfinished one. */
const COMMANDS = {
  pause: (status) => status === 'running',
  resume: (status) => status === 'paused',
  stop: (status) => !FINISHED.has(status),
  kill: (status) => !FINISHED.has(status),
};

/** Newest first; an agent not started yet sorts by when it was created. */
const since = (agent) => toDate(agent.created_at ?? agent.started_at)?.getTime() ?? 0;

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

  /** Every page of GET /api/agents. */
  async refresh() {
    const all = [];
    let page = await api.get('/api/agents');
    all.push(...page.agents);
    while (page.has_more) {
      page = await api.get(`/api/agents?after=${encodeURIComponent(page.next_after)}`);
      all.push(...page.agents);
    }
    this.agents = new Map(all.sort((a, b) => since(b) - since(a)).map((agent) => [agent.id, agent]));
    this.render();
    this.onChange([...this.agents.values()]);
  }

  nameOf(id) {
    return this.agents.get(id)?.name ?? shortId(id);
  }

  /**
   * A recorded event: a status change shows at once, then the agent's view is reloaded for what came with it
   * (times, exit code, reason); anything about an agent not listed reloads the list.
   */
  observe(event) {
    const agent = this.agents.get(event.agent_id);
    if (event.event_type === 'status_update' && agent && event.content?.status) {
      agent.status = event.content.status;
      this.render();
      this.refreshSoon();
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
      el('td', { className: 'runner' }, agent.runner_id ?? 'embedded'),
      el('td', { className: `status status-${agent.status}` }, agent.status),
      el('td', { className: 'reason' }, agent.status_reason ?? ''),
      timeCell('started', agent.started_at),
      timeCell('ended', agent.ended_at),
      el('td', { className: 'exit' }, agent.exit_code === null || agent.exit_code === undefined ? '' : String(agent.exit_code)),
      el('td', {}, ...Object.entries(COMMANDS).map(([command, allowed]) => {
        const button = el('button', { type: 'button', dataset: { command }, onclick: () => this.control(agent.id, command) },
          command);
        button.disabled = !allowed(agent.status);
        return button;
      })))));
  }
}
