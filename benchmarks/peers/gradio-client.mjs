// N concurrent FLUX.1-dev-like generations through @gradio/client against the emulator: the same scenario as
// FluxImaging's load test (20 steps, previews every 4 steps). Reports this process's CPU per generation, peak RSS and
// memory per in-flight generation, and the latency added after the emulator produced the result. One JSON line.
import { Client } from "@gradio/client";

const [url, nText] = process.argv.slice(2);
const n = Number(nText);
const inputs = (i) => ({ prompt: `load test ${i}`, seed: 0, randomize_seed: true, width: 256, height: 256, guidance_scale: 3.5, num_inference_steps: 20 });

const app = await Client.connect(url);
await app.predict("/infer", inputs(-1)); // warm-up, like the .NET side

globalThis.gc?.();
const baselineRss = process.memoryUsage().rss;
let peakRss = baselineRss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);

const latencies = [];
let ok = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
await Promise.all(Array.from({ length: n }, async (_, i) => {
  const job = app.submit("/infer", inputs(i));
  let last = null;
  for await (const message of job) {
    if (message.type === "data") last = message.data;
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
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
latencies.sort((a, b) => a - b);
const pct = (p) => latencies.length ? latencies[Math.max(0, Math.ceil(p * latencies.length) - 1)] : null;
console.log(JSON.stringify({
  n, ok, wallSeconds: wallMs / 1000,
  cpuMsPerGeneration: (cpu.user + cpu.system) / 1000 / Math.max(1, ok),
  peakRssMb: peakRss / 1048576, kbPerInFlight: (peakRss - baselineRss) / 1024 / n,
  p50Ms: pct(0.5), p99Ms: pct(0.99),
}));
process.exit(0);
