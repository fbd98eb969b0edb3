# The client snippet from the seed documents, verbatim but for the response_format value, followed by checks of what
# it printed: each answer parses, a URL downloads a PNG, base64 decodes to a PNG. Prints CHECK <json> at the end.
import base64, json, sys
response_format = {"None": None, "url": "url", "b64_json": "b64_json"}[sys.argv[1]]

import requests
url = "http://localhost:1337/v1/images/generations"
body = {"model": "flux", "prompt": "hello world user", "response_format": response_format}  # or "url", or "b64_json"
data = requests.post(url, json=body, stream=True).json()
print(data)

checks = []
for item in data["data"]:
    if "url" in item:
        image = requests.get(item["url"])
        checks.append({"kind": "url", "status": image.status_code, "content_type": image.headers.get("content-type"), "png": image.content[:8] == b"\x89PNG\r\n\x1a\n", "url": item["url"]})
    else:
        checks.append({"kind": "b64_json", "png": base64.b64decode(item["b64_json"])[:8] == b"\x89PNG\r\n\x1a\n"})
print("CHECK " + json.dumps({"created": data["created"], "revised_prompt": data["data"][0]["revised_prompt"], "checks": checks}))
