// The selected agent's timeline (events with the snapshots that end at them), snapshots on demand,
// and a rewind that is always previewed (dry run) before it is confirmed.
import { api } from './api.js';
import { el, throttle } from './dom.js';

const PAGE = 1000;
const REFRESH_MS = 1000;

function describeRewind(result) {
  const target = result.target;
  const files = result.files;
  const lines = [
    `target: snapshot #${target.snapshot_id ?? '-'} · event #${target.event_id} · commit ${target.git_commit.slice(0, 10)}`,
    `files: ${files.added.length} added, ${files.modified.length} modified, ${files.deleted.length} deleted`,
    ...files.added.map((f) => `  + ${f}`), ...files.modified.map((f) => `  ~ ${f}`), ...files.deleted.map((f) => `  - ${f}`),
    `status: ${result.state.before.status} → ${result.state.after.status}`,
    // the replayed status is history; the agent's row keeps what its process is (none: terminated, rewound)
    `agent row: ${result.registry.status}${result.registry.status_reason ? ` (${result.registry.status_reason})` : ''}`,
  ];
  if (result.backup) lines.push(`backup: ${result.backup.ref}`);
  return lines.join('\n');
}

export class Timeline {
  constructor(parts, { onError, onRewound }) {
    this.parts = parts; // {list, preview, summary, confirm, result}
    this.onError = onError;
    this.onRewound = onRewound;
    this.agentId = null;
    this.loading = Promise.resolve();
    this.snapshotsAdded = false;
    this.refreshSoon = throttle(() => {
      this.refresh(this.snapshotsAdded);
      this.snapshotsAdded = false;
    }, REFRESH_MS);
  }

  show(agentId) {
    this.agentId = agentId;
    this.parts.list.replaceChildren();
    this.parts.result.textContent = '';
    this.closePreview();
    this.refresh(true);
  }

  observe(event) {
    if (!this.agentId || event.agent_id !== this.agentId) return;
    if (event.event_type === 'snapshot_created') this.snapshotsAdded = true;
    this.refreshSoon();
  }

  /**
   * Reads the pages after the last one read, one load at a time. A snapshot ends at an event that may
   * already have been read (it is taken after the event is recorded), so a new one means reading from
   * the start.
   */
  refresh(fromStart) {
    this.loading = this.loading.then(() => this.load(fromStart));
    return this.loading;
  }

  async load(fromStart) {
    const agentId = this.agentId;
    if (fromStart) {
      this.items = [];
      this.after = 0;
    }
    try {
      let page;
      do {
        page = await api.get(`/api/agents/${agentId}/timeline?after=${this.after}&limit=${PAGE}`);
        if (agentId !== this.agentId) return;
        this.items.push(...page.items);
        this.after = page.next_after;
      } while (page.has_more);
      this.render();
    } catch (e) {
      if (agentId === this.agentId) this.onError(e.message);
    }
  }

  async takeSnapshot() {
    try {
      const snapshot = await api.post('/api/snapshots', { agent_id: this.agentId, description: 'from the dashboard' });
      this.parts.result.textContent = `snapshot #${snapshot.id} taken at event #${snapshot.last_event_id}`;
      await this.refresh(true);
    } catch (e) {
      this.onError(e.message);
    }
  }

  async preview(snapshotId) {
    try {
      const result = await api.post('/api/rewind', { agent_id: this.agentId, snapshot_id: snapshotId, dry_run: true });
      this.parts.summary.textContent = describeRewind(result);
      this.parts.confirm.onclick = () => this.rewind(snapshotId);
      this.parts.preview.hidden = false;
    } catch (e) {
      this.onError(e.message);
    }
  }

  async rewind(snapshotId) {
    try {
      const result = await api.post('/api/rewind', { agent_id: this.agentId, snapshot_id: snapshotId });
      this.closePreview();
      this.parts.result.textContent = `rewound to snapshot #${snapshotId} (event #${result.event_id})\n${describeRewind(result)}`;
      this.onRewound();
      await this.refresh(false);
    } catch (e) {
      this.onError(e.message);
    }
  }

  closePreview() {
    this.parts.preview.hidden = true;
    this.parts.summary.textContent = '';
  }

  /** Runs of events collapse into one line; each snapshot gets its own, with its rewind button. */
  render() {
    const lines = [];
    let run = null;
    for (const item of this.items) {
      if (item.kind === 'event') {
        if (run === null) lines.push(run = { first: item.event, last: item.event, count: 0 });
        run.last = item.event;
        run.count++;
      } else {
        run = null;
        lines.push({ snapshot: item.snapshot });
      }
    }
    this.parts.list.replaceChildren(...lines.map((line) => line.snapshot
      ? el('li', { className: 'snapshot', dataset: { snapshotId: line.snapshot.id } },
        `snapshot #${line.snapshot.id} · ${line.snapshot.description} · at event #${line.snapshot.last_event_id} `,
        el('button', { type: 'button', className: 'rewind-preview', onclick: () => this.preview(line.snapshot.id) },
          'Preview rewind'))
      : el('li', {}, `${line.count} event(s) #${line.first.id}–#${line.last.id}, last: ${line.last.event_type}`)));
  }
}
