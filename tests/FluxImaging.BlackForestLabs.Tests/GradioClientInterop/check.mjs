// Gradio's own client against our emulator: connect, predict /infer (watching status, log and diff-applied data
// events), download the final file, then hit the simulated quota and report the rejection. Prints one JSON object.
import { Client } from "@gradio/client";

const url = process.argv[2];
const inputs = { prompt: "a lighthouse at dawn", seed: 7, randomize_seed: false, width: 256, height: 256, guidance_scale: 3.5, num_inference_steps: 8 };
const report = { statuses: [], logs: [], data: [], finalIsPng: false, finalSeed: null, quotaError: null };

const app = await Client.connect(url, { events: ["data", "status", "log"] });
const job = app.submit("/infer", inputs);
for await (const message of job) {
  if (message.type === "status") {
    report.statuses.push({ stage: message.stage, position: message.position ?? null, index: message.progress_data?.[0]?.index ?? null });
    if (message.stage === "complete" || message.stage === "error") break;
  } else if (message.type === "log") {
    report.logs.push(message.log);
  } else if (message.type === "data") {
    // The client applies diffs in place to one object per output: snapshot each state as it arrives.
    report.data.push(structuredClone(message.data));
  }
}

const [finalFile, finalSeed] = report.data.at(-1);
const response = await fetch(finalFile.url);
const bytes = Buffer.from(await response.arrayBuffer());
report.finalIsPng = bytes.subarray(1, 4).toString("latin1") === "PNG";
report.finalSeed = finalSeed;
report.previewUrls = report.data.map(([file]) => file?.url ?? null);

try {
  await app.predict("/infer", inputs);
} catch (error) {
  report.quotaError = error?.message ?? String(error);
}

console.log(JSON.stringify(report));
process.exit(0);
