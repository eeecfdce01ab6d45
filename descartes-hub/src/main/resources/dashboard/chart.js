// Event rate and mean ack latency from the hub's own meters (/observe/metrics, Prometheus text),
// sampled every few seconds and drawn on a canvas, each series scaled to its own maximum.
import { api } from './api.js';

const SAMPLE_MS = 2000;
const POINTS = 60;
const RECORDED = 'descartes_events_recorded_total';
const LATENCY_SUM = 'descartes_reply_latency_seconds_sum';
const LATENCY_COUNT = 'descartes_reply_latency_seconds_count';
/**
 * The replies that are acks of agent events: event_ack on the runner link, and the embedded runner's
 * recorded events. Command replies are left out: a stop waits out the agent's grace period.
 */
const ACKS = ['endpoint="zmq-agent-events"', 'endpoint="embedded-agent-events"'];
const COLORS = { rate: '#2f6fdb', latency: '#d9822b' };

/** The sum of a metric over its label sets (those with one of the labels, if given), or 0 before it has any. */
function total(text, name, labels = null) {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(name) && (line[name.length] === '{' || line[name.length] === ' ')
        && (labels === null || labels.some((label) => line.includes(label)))) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

export class MetricsChart {
  constructor(canvas, legend) {
    this.canvas = canvas;
    this.legend = legend;
    this.samples = [];
    this.previous = null;
    this.timer = null;
  }

  start() {
    clearInterval(this.timer);
    this.previous = null;
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  async sample() {
    let text;
    try {
      text = await api.text('/observe/metrics');
    } catch (e) {
      this.legend.textContent = `metrics unavailable (${e.message})`;
      return;
    }
    const now = { at: performance.now(), recorded: total(text, RECORDED),
      latencySum: total(text, LATENCY_SUM, ACKS), latencyCount: total(text, LATENCY_COUNT, ACKS) };
    if (this.previous) {
      const acks = now.latencyCount - this.previous.latencyCount;
      this.samples.push({
        rate: (now.recorded - this.previous.recorded) * 1000 / (now.at - this.previous.at),
        latency: acks > 0 ? (now.latencySum - this.previous.latencySum) * 1000 / acks : null,
      });
      if (this.samples.length > POINTS) this.samples.shift();
      this.draw();
    }
    this.previous = now;
  }

  draw() {
    const last = this.samples[this.samples.length - 1];
    this.legend.textContent = `events/s ${last.rate.toFixed(1)} · ack latency `
      + (last.latency === null ? '– (no acks)' : `${last.latency.toFixed(2)} ms`);
    const g = this.canvas.getContext('2d');
    const { width, height } = this.canvas;
    g.clearRect(0, 0, width, height);
    for (const series of ['rate', 'latency']) {
      const max = Math.max(1e-9, ...this.samples.map((s) => s[series] ?? 0));
      g.strokeStyle = COLORS[series];
      g.fillStyle = COLORS[series];
      g.beginPath();
      this.samples.forEach((s, i) => {
        const x = (i / (POINTS - 1)) * width;
        const y = height - 14 - ((s[series] ?? 0) / max) * (height - 24);
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
      g.fillText(`${series === 'rate' ? 'events/s' : 'ack ms'} max ${max.toFixed(series === 'rate' ? 1 : 2)}`,
        series === 'rate' ? 4 : width / 2, height - 2);
    }
  }
}
