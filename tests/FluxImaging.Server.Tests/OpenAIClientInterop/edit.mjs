// The official openai npm client edits an image on the FluxImaging server: one image (sent as the part "image"), an
// array of one (sent as "image[]"), then an array of two for a model that takes one, which must be refused. The seed
// travels as an extra body field, so the edit can be checked byte for byte. Prints one JSON object.
import OpenAI, { toFile } from "openai";
import { readFile } from "node:fs/promises";

const [baseURL, inputPath] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: "any-key", maxRetries: 0, timeout: 120_000 });
const input = await readFile(inputPath);
const file = () => toFile(input, "input.png", { type: "image/png" });
const report = {};

const single = await client.images.edit({ model: "flux-kontext", image: await file(), prompt: "make it snow", response_format: "b64_json", seed: 7 });
report.single = single.data[0].b64_json;

const array = await client.images.edit({ model: "flux-kontext", image: [await file()], prompt: "make it snow", response_format: "b64_json", seed: 9 });
report.array = array.data[0].b64_json;

try {
  await client.images.edit({ model: "flux-kontext", image: [await file(), await file()], prompt: "make it snow" });
  report.tooMany = null;
} catch (error) {
  report.tooMany = { status: error.status, type: error.type, param: error.param };
}

console.log(JSON.stringify(report));
