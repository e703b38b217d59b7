#!/usr/bin/env bash
# Runs the app locally with Azure Functions Core Tools against the repository's WeChat simulator and
# Azurite: no WeChat account and no Azure subscription needed. The simulator also plays the backend that
# receives the app's webhooks and checks their signatures. Once the app is up, the script shows one parcel
# event end to end — addOrder and testUpdateOrder through the app, WeChat's push to ExpressPathPush, the
# queue, ExpressPathRelay, and the simulator's backend verifying the signed webhook — then leaves everything
# running. Ctrl+C stops all of it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
simulator_url=${WECHAT_SIMULATOR_URL:-http://127.0.0.1:5080}
app_url=http://localhost:7071

# Core Tools: the one on PATH, else the pinned npm package installed into the repository (tools/core-tools).
func_bin=$(command -v func || true)
if [ -z "$func_bin" ]; then
  func_bin="$root/tools/core-tools/node_modules/.bin/func"
  if [ ! -x "$func_bin" ] && command -v npm >/dev/null 2>&1; then
    echo "Installing Azure Functions Core Tools into tools/core-tools (npm ci; its install script downloads the host)..."
    if ! npm ci --prefix "$root/tools/core-tools" --no-audit --no-fund; then
      rm -rf "$root/tools/core-tools/node_modules"
      echo "The Core Tools download failed (the package fetches the host from Microsoft's CDN)." >&2
    fi
  fi
fi
if [ ! -x "$func_bin" ]; then
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

# Azurite serves AzureWebJobsStorage=UseDevelopmentStorage=true: the host's own state, the push
# receiver's queue (express-path-events) and deduplication markers, the relay's retry and dead-letter
# queues. Its data stays in .azurite/ (git-ignored).
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
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$simulator" ] && kill "$simulator" 2>/dev/null || true
  kill "$azurite" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# wait_for WHAT PID TRIES PAUSE COMMAND...: runs COMMAND until it succeeds; stops the script when the
# process PID ends first (WHAT says which, and why it may have) or when the tries run out.
wait_for() {
  local what=$1 pid=$2 tries=$3 pause=$4
  shift 4
  for _ in $(seq 1 "$tries"); do
    if "$@"; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$what ended before it answered." >&2
      return 1
    fi
    sleep "$pause"
  done
  echo "$what did not answer within $tries tries." >&2
  return 1
}

echo "Building the WeChat simulator..."
dotnet build "$root/tools/WeChatSimulator/WeChatSimulator.csproj" --nologo -v quiet
simulator_log="$root/.azurite/simulator.log"
dotnet "$root/tools/WeChatSimulator/bin/Debug/net10.0/WeChatSimulator.dll" --urls "$simulator_url" >"$simulator_log" 2>&1 &
simulator=$!

# Azurite must be listening before the host starts: it keeps its own state there too.
wait_for "Azurite (are ports 10000-10002 already in use?)" "$azurite" 50 0.2 \
  curl --silent --output /dev/null --max-time 1 "http://127.0.0.1:10001/devstoreaccount1?comp=list"

# Wait until the simulator answers, so the app's start-up token fetch finds it.
if ! wait_for "The WeChat simulator (is $simulator_url already in use?)" "$simulator" 50 0.2 \
  curl --silent --output /dev/null --max-time 1 -X POST "$simulator_url/cgi-bin/stable_token"; then
  cat "$simulator_log" >&2
  exit 1
fi
cat "$simulator_log"

cd "$root/src/LogisticsFunctions"
"$func_bin" start &
app=$!

wait_for "func start" "$app" 300 0.5 curl --silent --output /dev/null --max-time 1 "$app_url/api/openapi.json"

# One parcel event end to end: a test order, a trace point for it, and the webhook the backend verifies.
order_id="run-local-$(date +%s)"
order=$(curl --silent --show-error -X POST "$app_url/api/logistics/addOrder" -H 'Content-Type: application/json' -d '{
  "addSource":0,"orderId":"'"$order_id"'","openid":"OPENID","deliveryId":"TEST","bizId":"test_biz_id",
  "sender":{"name":"张三","mobile":"13800000000","province":"广东省","city":"广州市","area":"海珠区","address":"XX路XX号"},
  "receiver":{"name":"王小蒙","mobile":"13800000001","province":"广东省","city":"广州市","area":"天河区","address":"XX路XX号"},
  "cargo":{"count":1,"weight":1.2,"spaceX":20,"spaceY":15,"spaceZ":10,"detailList":[{"name":"一本书","count":1}]},
  "shop":{"wxaPath":"/index/index","imgUrl":"https://mmbiz.qpic.cn/1.png","goodsName":"一本书","goodsCount":1},
  "insured":{"useInsured":0,"insuredValue":0},"service":{"serviceType":0,"serviceName":"标准快递"}}')
waybill_id=$(sed -n 's/.*"waybillId":"\([^"]*\)".*/\1/p' <<<"$order")
echo
echo "addOrder: order $order_id, waybill $waybill_id. testUpdateOrder adds a trace point; WeChat (the simulator) pushes it..."
curl --silent --show-error -X POST "$app_url/api/logistics/testUpdateOrder" -H 'Content-Type: application/json' \
  -d '{"bizId":"test_biz_id","orderId":"'"$order_id"'","deliveryId":"TEST","waybillId":"'"$waybill_id"'","actionTime":'"$(date +%s)"',"actionType":100001,"actionMsg":"揽件成功"}'
echo
for _ in $(seq 1 60); do
  if grep -q "Verified webhook .*$waybill_id" "$simulator_log"; then
    break
  fi
  sleep 0.5
done
if grep "Pushed add_express_path\|Verified webhook\|Refused webhook" "$simulator_log" | grep "$waybill_id\|Refused"; then
  echo "testUpdateOrder → push → express-path-events → ExpressPathRelay → the backend verified the webhook's signature."
else
  echo "No verified webhook for $waybill_id within 30 s: see the simulator's log ($simulator_log) and func's output above." >&2
fi

echo "The app keeps running on $app_url (simulator log: $simulator_log). Ctrl+C stops everything."
wait "$app"
