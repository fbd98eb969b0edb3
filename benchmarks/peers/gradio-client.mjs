// N concurrent FLUX.1-dev-like generations through @gradio/client against the emulator: the same scenario and the
// same steady-state procedure as FluxImaging's load test (20 steps, a preview every 4; 300 generations at start, three
// warm-up batches of N, then three measured rounds of N, medians). Reports this process's CPU per generation, peak RSS and its growth per
// in-flight generation, the live heap per in-flight generation (after a full collection mid-run, with --expose-gc),
// and the latency added after the emulator produced the result. One JSON line.
import { Client } from "@gradio/client";

const [url, nText, paceText] = process.argv.slice(2);
const n = Number(nText);
const pace = Number(paceText ?? 50);
const inputs = (i) => ({ prompt: `load test ${i}`, seed: 0, randomize_seed: true, width: 256, height: 256, guidance_scale: 3.5, num_inference_steps: 20 });
const median = (values) => { const s = [...values].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const liveBytes = () => { const m = process.memoryUsage(); return m.heapUsed + m.external; };

const app = await Client.connect(url);
let next = 0;

async function batch(latencies, onStreaming, count = n) {
  let ok = 0;
  await Promise.all(Array.from({ length: count }, async () => {
    const job = app.submit("/infer", inputs(next++));
    let last = null;
    let started = false;
    for await (const message of job) {
      // With the default events (data only), the first message is the first preview.
      if (message.type === "data") { last = message.data; if (!started) { started = true; onStreaming?.(); } }
      if (message.type === "status" && (message.stage === "complete" || message.stage === "error")) break;
    }
    const name = last?.[0]?.orig_name ?? "";
    if (name.startsWith("done-")) {
      // .NET ticks: 100 ns since 0001-01-01.
      const producedMs = Number((BigInt(name.slice(5, -4)) - 621355968000000000n) / 10000n);
      latencies.push(Date.now() - producedMs);
      ok++;
    }
  }));
  return ok;
}

// As on the .NET side: 300 generations when the process starts, then three warm-up batches of N.
for (let warmUp = 0; warmUp < 3; warmUp++) await batch([], null, 100);
for (let warmUp = 0; warmUp < 3; warmUp++) await batch([]);
await new Promise((r) => setTimeout(r, 1000));

// Live memory: one untimed round, a full collection once every job is streaming, a few steps later.
await new Promise((r) => setTimeout(r, 200));
globalThis.gc();
globalThis.gc();
const liveBefore = liveBytes();
let streaming = 0;
let liveDuring = liveBefore;
await batch([], () => {
  if (++streaming === n) setTimeout(() => { globalThis.gc(); globalThis.gc(); liveDuring = liveBytes(); }, pace * 5);
});

const cpu = [], wall = [], growth = [], latencies = [];
let ok = 0, peakRss = 0;
for (let round = 0; round < 3; round++) {
  globalThis.gc();
  const baselineRss = process.memoryUsage().rss;
  let roundPeak = baselineRss;
  const sampler = setInterval(() => { roundPeak = Math.max(roundPeak, process.memoryUsage().rss); }, 100);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const roundOk = await batch(latencies);
  const roundWall = performance.now() - started;
  const used = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  ok += roundOk;
  cpu.push((used.user + used.system) / 1000 / Math.max(1, roundOk));
  wall.push(roundWall / 1000);
  growth.push((roundPeak - baselineRss) / 1024 / n);
  peakRss = Math.max(peakRss, roundPeak);
}

latencies.sort((a, b) => a - b);
const pct = (p) => latencies.length ? latencies[Math.max(0, Math.ceil(p * latencies.length) - 1)] : null;
console.log(JSON.stringify({
  n, ok: Math.round(ok / 3), wallSeconds: median(wall),
  cpuMsPerGeneration: median(cpu),
  peakRssMb: peakRss / 1048576, kbPerInFlight: median(growth), liveKbPerInFlight: (liveDuring - liveBefore) / 1024 / n,
  p50Ms: pct(0.5), p99Ms: pct(0.99),
}));
process.exit(0);
