#!/usr/bin/env bash
# Builds and lints infra/ offline with the Bicep CLI from NuGet, and fails on any error OR warning
# (bicep exits 0 on warnings, so its output is read too). Writes the compiled ARM JSON that
# tests/LogisticsFunctions.Infra.Tests checks:
#   artifacts/infra/main.json             bicep build infra/main.bicep
#   artifacts/infra/main.parameters.json  bicep build-params infra/main.bicepparam
# Usage: bash tools/bicep/check.sh            (BICEP_OUT_DIR overrides the output folder)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$repo/tools/bicep/BicepCli.proj"
out="${BICEP_OUT_DIR:-$repo/artifacts/infra}"

if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  echo "check.sh: the Bicep CLI package used here is linux-x64; this machine is $(uname -s)-$(uname -m)." >&2
  exit 1
fi

# The version lives in one place: the PackageDownload in BicepCli.proj.
version="$(sed -n 's/.*Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$project")"
if [[ -z "$version" ]]; then
  echo "check.sh: cannot read the Azure.Bicep.CommandLine.linux-x64 version from $project" >&2
  exit 1
fi

echo "== dotnet restore (Azure.Bicep.CommandLine.linux-x64 $version)"
dotnet restore "$project" --nologo --verbosity quiet

packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "check.sh: restore finished but $bicep is missing" >&2
  exit 1
fi
chmod +x "$bicep"
"$bicep" --version

mkdir -p "$out"
rm -f "$out/main.json" "$out/main.parameters.json"

# main.bicepparam reads WECHAT_APP_ID from the environment and has no default on purpose (a real
# deployment must name its mini-program). The check compiles with an obvious example value unless
# one is already set.
export WECHAT_APP_ID="${WECHAT_APP_ID:-wx0000000000000000}"

failed=0
run() {
  local output status=0
  echo "== bicep $*"
  output="$("$bicep" "$@" 2>&1)" || status=$?
  if [[ -n "$output" ]]; then
    printf '%s\n' "$output"
  fi
  if (( status != 0 )); then
    echo "check.sh: 'bicep $1' exited with $status" >&2
    failed=1
  elif grep -Eiq '(^|[^a-z])(warning|error)([^a-z]|$)' <<<"$output"; then
    echo "check.sh: 'bicep $1' reported warnings or errors (see above); zero are allowed" >&2
    failed=1
  fi
}

cd "$repo"
run build infra/main.bicep --outdir "$out"
run build-params infra/main.bicepparam --outfile "$out/main.parameters.json"
run lint infra/main.bicep
run lint infra/main.bicepparam

if (( failed != 0 )); then
  echo "check.sh: FAILED" >&2
  exit 1
fi
for file in "$out/main.json" "$out/main.parameters.json"; do
  if [[ ! -s "$file" ]]; then
    echo "check.sh: expected $file to be written" >&2
    exit 1
  fi
done
echo "check.sh: infra/ builds and lints with no warnings; ARM JSON in ${out#"$repo"/}/"
