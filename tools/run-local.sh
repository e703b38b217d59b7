#!/usr/bin/env bash
# Runs the app locally with Azure Functions Core Tools against the repository's WeChat simulator and
# Azurite: no WeChat account and no Azure subscription needed. Ctrl+C stops all three.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
simulator_url=${WECHAT_SIMULATOR_URL:-http://127.0.0.1:5080}

if ! command -v func >/dev/null 2>&1; then
  cat >&2 <<'HELP'
Azure Functions Core Tools v4 ('func') is not installed. Install it, then run this again:
  npm:     npm install --global azure-functions-core-tools@4 --unsafe-perm true
  macOS:   brew tap azure/functions && brew install azure-functions-core-tools@4
  Windows: winget install Microsoft.Azure.FunctionsCoreTools
  Debian/Ubuntu: see https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools
HELP
  exit 127
fi

settings="$root/src/LogisticsFunctions/local.settings.json"
if [ ! -f "$settings" ]; then
  cp "$root/local.settings.example.json" "$settings"
  echo "Created src/LogisticsFunctions/local.settings.json from local.settings.example.json"
fi

# Azurite serves AzureWebJobsStorage=UseDevelopmentStorage=true: the host's own state and the push
# receiver's queue (express-path-events) and deduplication markers. Its data stays in .azurite/ (git-ignored).
azurite_bin="$root/tools/azurite/node_modules/.bin/azurite"
if [ ! -x "$azurite_bin" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "Azurite is not installed and npm is missing: install Node.js and npm, then run this again." >&2
    exit 1
  fi
  echo "Installing Azurite (npm ci --prefix tools/azurite)..."
  npm ci --prefix "$root/tools/azurite" --no-audit --no-fund
fi
mkdir -p "$root/.azurite"
"$azurite_bin" --silent --disableTelemetry --skipApiVersionCheck --location "$root/.azurite" \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
azurite=$!
simulator=""
cleanup() {
  [ -n "$simulator" ] && kill "$simulator" 2>/dev/null || true
  kill "$azurite" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "Building the WeChat simulator..."
dotnet build "$root/tools/WeChatSimulator/WeChatSimulator.csproj" --nologo -v quiet
dotnet "$root/tools/WeChatSimulator/bin/Debug/net10.0/WeChatSimulator.dll" --urls "$simulator_url" &
simulator=$!

# Azurite must be listening before the host starts: it keeps its own state there too.
for _ in $(seq 1 50); do
  if curl --silent --output /dev/null --max-time 1 "http://127.0.0.1:10001/devstoreaccount1?comp=list"; then
    break
  fi
  if ! kill -0 "$azurite" 2>/dev/null; then
    echo "Azurite did not start (are ports 10000-10002 already in use?)" >&2
    exit 1
  fi
  sleep 0.2
done

# Wait until the simulator answers, so the app's start-up token fetch finds it.
for _ in $(seq 1 50); do
  if curl --silent --output /dev/null --max-time 1 -X POST "$simulator_url/cgi-bin/stable_token"; then
    break
  fi
  if ! kill -0 "$simulator" 2>/dev/null; then
    echo "The WeChat simulator did not start (is $simulator_url already in use?)" >&2
    exit 1
  fi
  sleep 0.2
done

cd "$root/src/LogisticsFunctions"
func start
