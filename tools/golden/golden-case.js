'use strict';
// Turns one SDK call into one golden case: the SDK's output made into JSON, plus the markers that tell
// a consumer where JSON cannot hold the SDK's output faithfully.
const path = require('node:path');
const { call } = require('./sdk-seam');
const { parseStrict, walk } = require('./strict-json');
const { MARKERS } = require('./markers');

// The same bignumber.js that json-bigint loads inside the SDK.
const BigNumber = require(path.join(__dirname, 'node_modules', 'bignumber.js'));

const INVALID_JSON_TEXT = 'wechat server internal error, response body is invalid json: ';

const pointerOf = segments =>
  segments.map(segment => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

const hasLoneSurrogate = text => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

/**
 * Copies an SDK value into plain JSON values (null-prototype objects, so a "__proto__" key stays a key),
 * recording what JSON cannot hold: BigNumber instances, {s,e,c} copies of BigNumbers, lone surrogates,
 * undefined members.
 */
function toJson(value, longLiteralValues) {
  const found = { bigNumbers: {}, mangled: false, instance: false, loneSurrogate: false, undefinedAt: [] };
  const visit = (node, segments) => {
    if (node === undefined) {
      found.undefinedAt.push(pointerOf(segments));
      return undefined;
    }
    if (node === null || typeof node === 'boolean') return node;
    if (typeof node === 'number') return node;
    if (typeof node === 'string') {
      if (hasLoneSurrogate(node)) found.loneSurrogate = true;
      return node;
    }
    if (BigNumber.isBigNumber(node)) {
      found.instance = true;
      found.bigNumbers[pointerOf(segments)] = node.toFixed();
      return node.toJSON();
    }
    if (Array.isArray(node)) {
      return node.map((item, index) => {
        const copy = visit(item, [...segments, index]);
        return copy === undefined ? null : copy;
      });
    }
    if (typeof node === 'object') {
      const mangledValue = mangledBigNumber(node);
      if (mangledValue !== null && longLiteralValues.has(mangledValue)) {
        found.mangled = true;
        found.bigNumbers[pointerOf(segments)] = mangledValue;
      }
      const copy = Object.create(null);
      for (const key of Object.keys(node)) {
        if (hasLoneSurrogate(key)) found.loneSurrogate = true;
        const member = visit(node[key], [...segments, key]);
        if (member !== undefined) copy[key] = member;
      }
      return copy;
    }
    throw new Error(`unexpected ${typeof node} in an SDK value`);
  };
  return { json: visit(value, []), found };
}

/** The exact decimal value of a plain {s, e, c} copy of a BigNumber, or null for any other object. */
function mangledBigNumber(node) {
  const keys = Object.keys(node);
  if (keys.length !== 3 || !keys.includes('s') || !keys.includes('e') || !keys.includes('c')) return null;
  if (![1, -1].includes(node.s) || !Number.isInteger(node.e) || !Array.isArray(node.c)) return null;
  if (!node.c.every(limb => Number.isInteger(limb) && limb >= 0 && limb < 1e14)) return null;
  const revived = Object.assign(Object.create(BigNumber.prototype), { s: node.s, e: node.e, c: node.c });
  return revived.toFixed();
}

/** Facts about WeChat's text read strictly: validity, literals, repeated keys, top-level members. */
function describeText(text) {
  const strict = parseStrict(text);
  const facts = { valid: strict.valid, reshapedNumber: false, longLiteralValues: new Set(), duplicateKeys: false, root: null };
  if (!strict.valid) return facts;
  facts.root = strict.root;
  walk(strict.root, node => {
    if (node.type === 'number') {
      if (node.text.length > 15) {
        facts.longLiteralValues.add(new BigNumber(node.text).toFixed());
      } else if (String(Number(node.text)) !== node.text) {
        facts.reshapedNumber = true;
      }
    }
    if (node.type === 'object') {
      const keys = node.members.map(([key]) => key);
      if (new Set(keys).size !== keys.length) facts.duplicateKeys = true;
    }
  });
  return facts;
}

/** The last value of a key among an object node's members (json-bigint's duplicate-key rule). */
const lastMember = (objectNode, key) => {
  const found = objectNode.members.filter(([name]) => name === key);
  return found.length ? found[found.length - 1][1] : undefined;
};

function answerNotes(method, text, facts, result, found) {
  const notes = new Set();
  const isSdkError = result.outcome === 'error' && result.error && result.error.constructor.name === 'CloudSDKError';
  const rejectedAsInvalid = isSdkError && result.error.errCode === -601001
    && result.error.errMsg === `openapi.logistics.${method}:fail ${INVALID_JSON_TEXT}${text}`;
  if (!facts.valid) notes.add(rejectedAsInvalid ? 'invalid-json' : 'sdk-lenient-parse');
  if (facts.valid && rejectedAsInvalid) notes.add('sdk-rejects-valid-json');
  if (facts.reshapedNumber) notes.add('numbers-by-value');
  if (facts.duplicateKeys) notes.add('duplicate-keys');
  if (found.mangled) notes.add('big-number-sdk-mangles');
  if (found.instance) notes.add('big-number-sdk-bignumber');
  if (found.loneSurrogate) notes.add('lone-surrogate');
  if (result.outcome === 'error' && !isSdkError) notes.add('errmsg-from-js-runtime');
  const root = facts.root;
  if (root && root.type !== 'object') notes.add('non-object-answer');
  if (root && root.type === 'object' && !rejectedAsInvalid) {
    const errcode = lastMember(root, 'errcode');
    const errmsg = lastMember(root, 'errmsg');
    if (result.outcome === 'error') {
      if (errcode && errcode.type !== 'number') notes.add('errcode-not-number');
      if (!errmsg || errmsg.type !== 'string') notes.add('errmsg-not-string');
      if (root.members.some(([key]) => key !== 'errcode' && key !== 'errmsg')) notes.add('failure-drops-extra-fields');
    } else if (errcode && !(errcode.type === 'number' && errcode.text === '0')) {
      notes.add('success-false-like-errcode');
    }
  }
  for (const note of notes) {
    if (!(note in MARKERS)) throw new Error(`unknown marker ${note}`);
  }
  return [...notes].sort();
}

/** Feeds WeChat's raw text to the SDK as the answer to logistics.<method>(params) and records the outcome. */
async function answerCase(name, method, params, weChat) {
  const result = await call(method, params === undefined ? [] : [params], weChat);
  const facts = describeText(weChat);
  let sdkValue;
  let thrown;
  if (result.outcome === 'ok') {
    sdkValue = result.value;
  } else {
    const error = result.error;
    if (!(error instanceof Error)) throw new Error(`${name}: the SDK rejected with a non-Error ${String(error)}`);
    // errCode and errMsg first, then any other own enumerable property of the rejected error.
    sdkValue = { errCode: error.errCode, errMsg: error.errMsg };
    for (const key of Object.keys(error)) {
      if (!(key in sdkValue)) sdkValue[key] = error[key];
    }
    thrown = { class: error.constructor.name, message: messageOf(error) };
  }
  const { json, found } = toJson(sdkValue, facts.longLiteralValues);
  if (found.undefinedAt.length) {
    // Only errCode/errMsg of a failure could be undefined; a golden case must say so rather than hide it.
    throw new Error(`${name}: the SDK produced undefined at ${found.undefinedAt.join(', ')}`);
  }
  const notes = answerNotes(method, weChat, facts, result, found);
  const record = { name, method, weChat, outcome: result.outcome, sdk: json };
  if (thrown) record.thrown = thrown;
  if (Object.keys(found.bigNumbers).length) record.bigNumbers = found.bigNumbers;
  if (notes.length) record.notes = notes;
  return record;
}

/**
 * Calls logistics.<method>(params) (or with no argument when params is the NO_PARAMS symbol) and records the
 * body the SDK sends: the key/value pairs it packs for the platform, assembled as one JSON object.
 */
async function requestCase(name, method, params) {
  const absent = params === NO_PARAMS;
  const result = await call(method, absent ? [] : [params], '{"errcode":0,"errmsg":"ok"}');
  if (result.outcome !== 'ok') throw new Error(`${name}: the SDK failed a plain success answer: ${result.error}`);
  const wireText = `{${result.sent.pairs.map(pair => `${JSON.stringify(pair.key)}:${pair.value}`).join(',')}}`;
  const wire = toJson(JSON.parse(wireText), new Set());
  const notes = new Set();
  const record = { name, method };
  if (absent) {
    notes.add('params-absent');
  } else {
    const copy = toJson(params, new Set());
    record.params = copy.json;
    if (copy.found.undefinedAt.length) {
      notes.add('params-undefined');
      record.undefinedAt = copy.found.undefinedAt;
    }
    if (copy.found.loneSurrogate) notes.add('lone-surrogate');
    if (hasOwnProtoKey(params)) notes.add('proto-key');
  }
  record.wire = wire.json;
  if (notes.size) record.notes = [...notes].sort();
  return record;
}

/** The error's message; CloudSDKError builds it from errCode, which fails for a prototype-less errCode. */
function messageOf(error) {
  try {
    return error.message;
  } catch (failure) {
    return `(reading message throws ${failure.constructor.name}: ${failure.message})`;
  }
}

function hasOwnProtoKey(value) {
  if (Array.isArray(value)) return value.some(hasOwnProtoKey);
  if (value === null || typeof value !== 'object') return false;
  return Object.prototype.hasOwnProperty.call(value, '__proto__') || Object.values(value).some(hasOwnProtoKey);
}

const NO_PARAMS = Symbol('no params');

module.exports = { answerCase, requestCase, NO_PARAMS };
