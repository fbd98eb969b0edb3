// The official openai npm client against the FluxImaging server: generate with b64_json and with url, then provoke a
// 404 for an unknown model. Prints one JSON object.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "any-key", maxRetries: 0, timeout: 120_000 });
const report = {};

const b64 = await client.images.generate({ model: "flux-schnell", prompt: "a lighthouse at dawn", response_format: "b64_json", size: "256x256" });
report.created = b64.created;
report.b64IsPng = Buffer.from(b64.data[0].b64_json, "base64").subarray(1, 4).toString("latin1") === "PNG";

const byUrl = await client.images.generate({ model: "flux", prompt: "a lighthouse at dawn", response_format: "url" });
report.url = byUrl.data[0].url;

try {
  await client.images.generate({ model: "no-such-model", prompt: "x" });
  report.notFound = null;
} catch (error) {
  report.notFound = { status: error.status, code: error.code, type: error.type };
}

console.log(JSON.stringify(report));
