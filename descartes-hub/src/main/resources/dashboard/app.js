// Wires the panels to the API, the event stream and the token.
import { api, token, unauthorized } from './api.js';
import { AgentsPanel } from './agents.js';
import { ChannelsPanel } from './channels.js';
import { MetricsChart } from './chart.js';
import { $, el } from './dom.js';
import { EventList } from './events.js';
import { AgentOutput } from './output.js';
import { RunnersPanel } from './runners.js';
import { EventStream } from './stream.js';
import { Timeline } from './timeline.js';

function notice(message) {
  $('notice').textContent = message ?? '';
  $('notice').hidden = !message;
}

function askForToken(message) {
  notice(message);
  $('token-form').hidden = false;
  $('token-input').focus();
}

const output = new AgentOutput($('output'), notice);
const timeline = new Timeline({ list: $('timeline'), preview: $('rewind-preview'), summary: $('rewind-summary'),
  confirm: $('rewind-confirm'), result: $('rewind-result') }, { onError: notice, onRewound: () => agents.refreshSoon() });

const agents = new AgentsPanel($('agents'), {
  onError: notice,
  onSelect(agent) {
    $('detail-panel').hidden = false;
    $('detail-name').textContent = agent.name;
    $('detail-id').textContent = agent.id;
    output.show(agent.id);
    timeline.show(agent.id);
  },
  onChange(list) {
    const select = $('filter-agent');
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, 'all agents'),
      ...list.map((agent) => el('option', { value: agent.id }, `${agent.name} (${agent.id.slice(0, 8)})`)));
    select.value = chosen;
  },
});

const events = new EventList($('events'), (id) => agents.nameOf(id));
const stream = new EventStream((event) => {
  events.add(event);
  agents.observe(event);
  output.observe(event);
  timeline.observe(event);
}, (state) => {
  $('stream-state').textContent = state;
  $('stream-state').className = `badge ${state}`;
  $('feed-toggle').textContent = state === 'paused' ? 'Resume feed' : 'Pause feed';
});
const chart = new MetricsChart($('chart'), $('chart-legend'));
const runners = new RunnersPanel($('runners'), notice);
const channels = new ChannelsPanel({ list: $('channels'), current: $('channel-current'), conversation: $('conversation'),
  state: $('channel-state') }, notice);

const RECENT_EVENTS = 200;

/** The newest stored events, shown before the live ones: the stream resumes right after them. */
async function showRecentEvents() {
  const newestFirst = (await api.get(`/api/events?order=desc&limit=${RECENT_EVENTS}`)).events;
  for (const event of newestFirst.reverse()) events.add(event);
  stream.resumeAfter(newestFirst.length ? newestFirst[newestFirst.length - 1].id : 0);
}

async function start() {
  notice(null);
  $('token-form').hidden = true;
  chart.start();
  runners.start();
  channels.start();
  await agents.refresh().catch((e) => notice(e.message)); // first, so that the events show agents' names
  // once per page: after a token change the feed goes on from the last event shown
  if (stream.lastId === null) await showRecentEvents().catch((e) => notice(e.message));
  stream.restart();
}

unauthorized.addEventListener('unauthorized', () => askForToken('The hub refused the token: enter the current one.'));

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  token.set($('token-input').value.trim());
  $('token-input').value = '';
  start();
});
$('token-change').addEventListener('click', () => askForToken(null));

$('spawn-form').addEventListener('submit', (e) => {
  e.preventDefault();
  notice(null);
  agents.spawn($('spawn-name').value, $('spawn-backend').value, $('spawn-task').value).catch((err) => notice(err.message));
});

const applyFilter = () => events.setFilter($('filter-agent').value, $('filter-type').value.trim());
$('filter-agent').addEventListener('change', applyFilter);
$('filter-type').addEventListener('change', applyFilter);
$('feed-toggle').addEventListener('click', () => (stream.paused ? stream.restart() : stream.pause()));

$('channel-open').addEventListener('submit', (e) => {
  e.preventDefault();
  channels.show($('channel-name').value.trim());
});
$('channel-send').addEventListener('submit', (e) => {
  e.preventDefault();
  notice(null);
  if (channels.send($('channel-sender').value.trim(), $('channel-text').value)) $('channel-text').value = '';
  else notice('Open a channel first (and wait until it is live).');
});

$('output-refresh').addEventListener('click', () => output.refresh());
$('snapshot-take').addEventListener('click', () => timeline.takeSnapshot());
$('rewind-cancel').addEventListener('click', () => timeline.closePreview());

token.fromAddress();
if (token.get()) start();
else askForToken('This hub needs its bearer token (data/hub-token).');
