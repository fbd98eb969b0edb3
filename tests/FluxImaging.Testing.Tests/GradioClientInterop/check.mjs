// Gradio's own client against one of our Space emulators. Usage: node check.mjs <scenario> <url> [image file] [mask file].
// Connects, reads view_api, submits (watching status and data events), uploads with handle_file where the Space takes
// an image, downloads the final files, and prints one JSON report on the last line.
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { Client, handle_file } from "@gradio/client";

const [scenario, url, imagePath, maskPath] = process.argv.slice(2);
const report = { scenario, endpoints: {}, statuses: [], data: [], files: [], error: null };

const app = await Client.connect(url, { events: ["data", "status"] });
const api = await app.view_api();
for (const [name, endpoint] of Object.entries(api.named_endpoints)) {
  report.endpoints[name] = endpoint.parameters.map((p) => ({ name: p.parameter_name, has_default: p.parameter_has_default, component: p.component }));
}

const plans = {
  sd35: () => ["/infer", { prompt: "a lighthouse", negative_prompt: "", seed: 7, randomize_seed: false, width: 512, height: 512, num_inference_steps: 3 }],
  kontext: async () => ["/infer", { input_image: handle_file(await readFile(imagePath)), prompt: "make it snow", seed: 5, randomize_seed: false, steps: 14 }],
  inpaint: async () => ["/inpaint", { image: handle_file(await readFile(imagePath)), mask_image: handle_file(await readFile(maskPath)), prompt: "a red door", seed: 6, randomize_seed: false, steps: 3 }],
  schnell: () => ["/infer", { prompt: "a lighthouse", seed: 3, randomize_seed: false, width: 256, height: 256, num_inference_steps: 2 }],
  gallery: () => ["/generate", { prompt: "a fox", negative_prompt: "", seed: 9, randomize_seed: false, width: 256, height: 256, num_images: 3 }],
  quota: () => ["/infer", { prompt: "a lighthouse", seed: 3, randomize_seed: false, width: 256, height: 256, num_inference_steps: 2 }],
};
const [endpoint, inputs] = await plans[scenario]();

const sha256 = async (fileUrl) => {
  const response = await fetch(fileUrl);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { url: fileUrl, png: bytes.subarray(1, 4).toString("latin1") === "PNG", sha256: createHash("sha256").update(bytes).digest("hex") };
};

try {
  const job = app.submit(endpoint, inputs);
  for await (const message of job) {
    if (message.type === "status") {
      report.statuses.push(message.stage);
      if (message.stage === "error") {
        report.error = { message: message.message ?? null, title: message.title ?? null };
        break;
      }
      if (message.stage === "complete") break;
    } else if (message.type === "data") {
      report.data.push(structuredClone(message.data));
    }
  }
} catch (error) {
  report.error = { message: error?.message ?? String(error), title: error?.title ?? null };
}

const final = report.data.at(-1);
if (final) {
  const first = final[0];
  const files = Array.isArray(first) ? first.map((item) => item.image) : [first];
  for (const file of files) report.files.push(await sha256(file.url));
}

console.log(JSON.stringify(report));
process.exit(0);
