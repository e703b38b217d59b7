'use strict';
// Writes tests/LogisticsFunctions.Tests/CloudCall/Golden/wx-server-sdk-4.0.2.json from wx-server-sdk's own
// code (see README.md). Deterministic: fixed seed, cases in a fixed order, no clock, no paths.
//   node tools/golden/generate.js           write the file
//   node tools/golden/generate.js --check   exit 1 if the committed file differs from a fresh run
const fs = require('node:fs');
const path = require('node:path');
const { SDK_VERSION, WECHAT_CONTENT_TYPE } = require('./sdk-seam');
const { answerCase, requestCase, NO_PARAMS } = require('./golden-case');
const { MARKERS } = require('./markers');
const { METHODS, methodAnswers, methodRequests } = require('./cases/methods');
const { edgeAnswers, edgeRequests } = require('./cases/edges');
const { communityRequests } = require('./cases/community');
const { randomAnswers, randomRequests, SEED } = require('./cases/random');

const OUTPUT = path.join(__dirname, '..', '..', 'tests', 'LogisticsFunctions.Tests', 'CloudCall', 'Golden',
  `wx-server-sdk-${SDK_VERSION}.json`);
const RANDOM_ANSWERS = 1500;
const RANDOM_REQUESTS = 500;
const MAX_BYTES = 2 * 1024 * 1024;

async function build() {
  const answers = [];
  for (const [name, method, params, weChat] of [...methodAnswers(), ...edgeAnswers(), ...randomAnswers(RANDOM_ANSWERS)]) {
    answers.push(await answerCase(name, method, params, weChat));
  }
  const requests = [];
  for (const [name, method, params] of [...methodRequests(NO_PARAMS), ...communityRequests(), ...edgeRequests(NO_PARAMS), ...randomRequests(RANDOM_REQUESTS)]) {
    requests.push(await requestCase(name, method, params));
  }
  checkCoverage(answers, requests);
  return {
    sdk: `wx-server-sdk@${SDK_VERSION}`,
    regenerate: 'npm ci --prefix tools/golden && node tools/golden/generate.js',
    seed: SEED,
    weChatContentType: WECHAT_CONTENT_TYPE,
    markers: MARKERS,
    answers,
    requests,
  };
}

function checkCoverage(answers, requests) {
  for (const list of [answers, requests]) {
    const names = list.map(c => c.name);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    if (repeated.length) throw new Error(`case names must be unique in their list: ${repeated.join(', ')}`);
  }
  for (const method of METHODS) {
    for (const outcome of ['ok', 'error']) {
      if (!answers.some(c => c.method === method && c.outcome === outcome && !c.name.startsWith('random'))) {
        throw new Error(`no named ${outcome} answer for ${method}`);
      }
    }
    if (!requests.some(c => c.method === method)) throw new Error(`no request for ${method}`);
  }
}

/** One case per line: small diffs when the SDK or a case changes, and no indentation bulk. */
function render(document) {
  const lines = ['{'];
  const head = Object.entries(document).filter(([key]) => key !== 'answers' && key !== 'requests');
  for (const [key, value] of head) lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const list = (key, items, last) => {
    lines.push(`  ${JSON.stringify(key)}: [`);
    items.forEach((item, i) => lines.push(`    ${JSON.stringify(item)}${i < items.length - 1 ? ',' : ''}`));
    lines.push(`  ]${last ? '' : ','}`);
  };
  list('answers', document.answers, false);
  list('requests', document.requests, true);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

async function main() {
  const text = render(await build());
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_BYTES) throw new Error(`golden file is ${bytes} bytes, over ${MAX_BYTES}`);
  JSON.parse(text); // the file must be valid JSON for the C# reader
  const relative = path.relative(path.join(__dirname, '..', '..'), OUTPUT);
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
    if (committed !== text) {
      console.error(`${relative} differs from what wx-server-sdk ${SDK_VERSION} produces now: run node tools/golden/generate.js`);
      process.exitCode = 1;
      return;
    }
    console.log(`${relative} matches wx-server-sdk ${SDK_VERSION}`);
    return;
  }
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, text);
  console.log(`wrote ${relative}: ${bytes} bytes`);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
