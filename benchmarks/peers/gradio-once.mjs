// One FLUX.1-dev generation through @gradio/client in a fresh Node process: the peer of `fluximg generate` for the
// cold-start figure (the whole process's CPU, start-up included, is measured from outside with /usr/bin/time).
import { Client } from "@gradio/client";

const [url] = process.argv.slice(2);
const app = await Client.connect(url);
const result = await app.predict("/infer", { prompt: "cold start", seed: 0, randomize_seed: true, width: 256, height: 256, guidance_scale: 3.5, num_inference_steps: 20 });
if (!result.data?.[0]?.url) throw new Error("no image in the result");
process.exit(0);
