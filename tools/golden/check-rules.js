'use strict';
// An independent model of the rules docs/contract.md states, checked against every case of the golden file.
// It never loads the SDK: it reads WeChat's text strictly, applies the written rules, and compares with
// what wx-server-sdk produced. A mismatch means the contract's rules are incomplete or wrong.
//   node tools/golden/check-rules.js
const fs = require('node:fs');
const path = require('node:path');
const { parseStrict } = require('./strict-json');

const GOLDEN = path.join(__dirname, '..', '..', 'tests', 'LogisticsFunctions.Tests', 'CloudCall', 'Golden', 'wx-server-sdk-4.0.2.json');
const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8'));

// Rule: answers turn "_" + ASCII lower-case letter into that letter upper-cased; requests turn every
// ASCII capital into "_" + its lower case, except at the very start, where it only becomes lower case.
const answerKey = key => key.replace(/_[a-z]/g, match => match[1].toUpperCase());
const requestKey = key => key.replace(/[A-Z]/g, (match, index) => `${index ? '_' : ''}${match.toLowerCase()}`);

// Rule: each name once. A key that converts beats the key already spelled that way; among keys that
// convert to the same name, the one written last wins (repeated raw keys count at their first position,
// with their last value).
function convertMembers(members, convertKey, convertValue) {
  const firstPosition = new Map();
  for (const [key, value] of members) {
    firstPosition.set(key, { value, order: firstPosition.has(key) ? firstPosition.get(key).order : firstPosition.size });
  }
  const out = new Map();
  for (const [key, { value }] of [...firstPosition].sort((a, b) => a[1].order - b[1].order)) {
    const name = convertKey(key);
    const converts = name !== key;
    const held = out.get(name);
    if (!held || converts || !held.converts) out.set(name, { value: convertValue(value), converts: held && !converts ? held.converts : converts });
  }
  return new Map([...out].map(([name, { value }]) => [name, value]));
}

// Model values: Map for objects, arrays, strings, booleans, null, and numbers as {number: literal text}.
function modelAnswerValue(node) {
  switch (node.type) {
    case 'object': return convertMembers(node.members, answerKey, modelAnswerValue);
    case 'array': return node.items.map(modelAnswerValue);
    case 'number': return { number: node.text };
    case 'string': return node.value;
    default: return node.value;
  }
}

const FORBIDDEN_KEY = /__proto__|constructor/;
function sdkRefuses(node) {
  if (node.type === 'number') return !Number.isFinite(Number(node.text));
  if (node.type === 'object') return node.members.some(([key, value]) => FORBIDDEN_KEY.test(key) || sdkRefuses(value));
  if (node.type === 'array') return node.items.some(sdkRefuses);
  return false;
}

// Rule: errcode counts as a failure when JavaScript finds it true: a number other than 0, a non-empty
// string, true, any array or object.
const truthy = node => {
  if (!node) return false;
  if (node.type === 'number') return Number(node.text) !== 0;
  if (node.type === 'string') return node.value !== '';
  if (node.type === 'literal') return node.value === true;
  return true;
};
// Rule: the failure text is String(errmsg) the JavaScript way.
const jsString = node => {
  if (!node) return 'undefined';
  if (node.type === 'number') return String(Number(node.text));
  if (node.type === 'string') return node.value;
  if (node.type === 'literal') return String(node.value);
  if (node.type === 'array') return node.items.map(item => (item.type === 'literal' && item.value === null ? '' : jsString(item))).join(',');
  throw new TypeError('Cannot convert object to primitive value');
};

function expectedAnswer(c) {
  const prefix = `openapi.logistics.${c.method}`;
  const strict = parseStrict(c.weChat);
  if (!strict.valid || sdkRefuses(strict.root)) {
    return { outcome: 'error', sdk: { errCode: -601001, errMsg: `${prefix}:fail wechat server internal error, response body is invalid json: ${c.weChat}` } };
  }
  const root = strict.root;
  let members;
  if (root.type === 'object') {
    const last = key => root.members.filter(([name]) => name === key).map(([, value]) => value).pop();
    const errcode = last('errcode');
    if (truthy(errcode)) {
      let errMsg;
      try {
        errMsg = `${prefix}:fail ${jsString(last('errmsg'))}`;
      } catch {
        return { outcome: 'error', runtime: true };
      }
      return { outcome: 'error', sdk: { errCode: modelAnswerValue(errcode), errMsg } };
    }
    members = root.members.filter(([key]) => key !== 'errcode' && key !== 'errmsg');
  } else if (root.type === 'array') {
    members = root.items.map((item, index) => [String(index), item]);
  } else if (root.type === 'string') {
    members = [...root.value].map((ch, index) => [String(index), { type: 'string', value: ch }]);
  } else if (root.type === 'literal' && root.value === null) {
    return { outcome: 'error', runtime: true };
  } else {
    members = [];
  }
  const value = convertMembers(members, answerKey, modelAnswerValue);
  value.set('errMsg', `${prefix}:ok`);
  value.set('errCode', { number: '0' });
  return { outcome: 'ok', sdk: value };
}

function modelRequestValue(value) {
  if (Array.isArray(value)) return value.map(item => (item === undefined ? null : modelRequestValue(item)));
  if (value !== null && typeof value === 'object') {
    return convertMembers(Object.entries(value).filter(([, member]) => member !== undefined), requestKey, modelRequestValue);
  }
  return typeof value === 'number' ? { number: String(value), fromJavaScript: true } : value;
}

/** Compares a model value with a golden JSON value: objects unordered, numbers by value, big numbers by bigNumbers. */
function same(model, actual, pointer, bigNumbers) {
  if (model instanceof Map) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${pointer}: expected an object`;
    const keys = Object.keys(actual);
    if (keys.length !== model.size) return `${pointer}: keys ${[...model.keys()]} vs ${keys}`;
    for (const [key, value] of model) {
      if (!Object.prototype.hasOwnProperty.call(actual, key)) return `${pointer}: missing ${key}`;
      const problem = same(value, actual[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, bigNumbers);
      if (problem) return problem;
    }
    return null;
  }
  if (Array.isArray(model)) {
    if (!Array.isArray(actual) || actual.length !== model.length) return `${pointer}: expected an array of ${model.length}`;
    for (let i = 0; i < model.length; i += 1) {
      const problem = same(model[i], actual[i], `${pointer}/${i}`, bigNumbers);
      if (problem) return problem;
    }
    return null;
  }
  if (model !== null && typeof model === 'object') {
    // Rule: a literal longer than 15 characters is json-bigint's BigNumber; bigNumbers holds its exact value.
    if (!model.fromJavaScript && model.number.length > 15) {
      return bigNumbers && bigNumbers[pointer] === decimal(model.number) ? null : `${pointer}: big number ${model.number}`;
    }
    return Number(model.number) === actual ? null : `${pointer}: ${model.number} vs ${JSON.stringify(actual)}`;
  }
  return model === actual ? null : `${pointer}: ${JSON.stringify(model)} vs ${JSON.stringify(actual)}`;
}

// The exact decimal of a number literal, written the way bignumber.js's toFixed() writes it.
function decimal(text) {
  const BigNumber = require(path.join(__dirname, 'node_modules', 'bignumber.js'));
  return new BigNumber(text).toFixed();
}

let checked = 0;
let skipped = 0;
const failures = [];
for (const c of golden.answers) {
  const notes = c.notes || [];
  if (notes.includes('sdk-lenient-parse')) {
    skipped += 1; // the rules model reads strictly; json-bigint's leniency is not a rule anyone should copy
    continue;
  }
  const expected = expectedAnswer(c);
  checked += 1;
  if (expected.outcome !== c.outcome) {
    failures.push(`${c.name}: outcome ${expected.outcome} vs ${c.outcome}`);
  } else if (expected.runtime) {
    if (!notes.includes('errmsg-from-js-runtime') || c.sdk.errCode !== -1 || !c.sdk.errMsg.startsWith(`openapi.logistics.${c.method}:fail `)) {
      failures.push(`${c.name}: expected a runtime failure`);
    }
  } else {
    const model = expected.outcome === 'ok' ? expected.sdk : new Map(Object.entries(expected.sdk));
    const problem = same(model, c.sdk, '', c.bigNumbers);
    if (problem) failures.push(`${c.name}: ${problem}`);
  }
}
for (const c of golden.requests) {
  const notes = c.notes || [];
  if (notes.includes('proto-key') || notes.includes('lone-surrogate')) {
    skipped += 1; // JavaScript object-model quirks, described by their markers
    continue;
  }
  checked += 1;
  const model = c.params === undefined ? new Map() : modelRequestValue(c.params);
  const problem = same(model, c.wire, '', null);
  if (problem) failures.push(`${c.name}: ${problem}`);
}
for (const failure of failures.slice(0, 20)) console.error(failure);
console.log(`rules model: ${checked - failures.length} cases agree with wx-server-sdk, ${failures.length} differ, ${skipped} skipped by marker`);
process.exitCode = failures.length ? 1 : 0;
