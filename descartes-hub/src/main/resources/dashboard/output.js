// The selected agent's recent output (GET /api/agents/{id}/output), reloaded as its log_stream events arrive.
import { api } from './api.js';
import { throttle } from './dom.js';

const LINES = 200;
const REFRESH_MS = 1000;

export class AgentOutput {
  constructor(pre, onError) {
    this.pre = pre;
    this.onError = onError;
    this.agentId = null;
    this.refreshSoon = throttle(() => this.refresh(), REFRESH_MS);
  }

  show(agentId) {
    this.agentId = agentId;
    this.pre.textContent = '';
    this.refresh();
  }

  observe(event) {
    if (this.agentId && event.agent_id === this.agentId && event.event_type === 'log_stream') this.refreshSoon();
  }

  async refresh() {
    const agentId = this.agentId;
    try {
      const path = `/api/agents/${agentId}/output?stream=both`;
      const total = (await api.get(`${path}&limit=1`)).total_lines;
      const page = await api.get(`${path}&offset=${Math.max(0, total - LINES)}&limit=${LINES}`);
      if (agentId === this.agentId) {
        this.pre.textContent = page.lines.join('\n');
        this.pre.scrollTop = this.pre.scrollHeight;
      }
    } catch (e) {
      if (agentId === this.agentId) this.pre.textContent = e.message;
    }
  }
}
