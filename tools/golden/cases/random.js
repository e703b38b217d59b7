'use strict';
// The randomized differential set: WeChat answers written as text and cloud-function params written as
// JavaScript values, from one seeded generator so every run writes the same cases.
const { METHODS, examples } = require('./methods');

/** mulberry32: a small, well-known 32-bit generator; the same seed gives the same sequence everywhere. */
function generator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = items => items[int(0, items.length - 1)];
  const chance = p => next() < p;
  return { int, pick, chance };
}

const FULL_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
// A small alphabet makes keys collide after conversion (a_b / aB, _a / A, _a_b / _aB) often enough to matter.
const SMALL_ALPHABET = 'abAB_1';

// Raw spellings that meet after conversion, in both directions, so collisions are frequent.
const ANSWER_KEY_FAMILY = ['_a_b', '_aB', 'AB', 'A_b', 'a_b', 'aB', '_a', 'A', '__a', '_A', 'a__b', 'a_B', '_a_B', 'a_b_c', 'aBC', 'a_bC'];
const REQUEST_KEY_FAMILY = ['aB', 'AB', 'a_b', 'Ab', 'ab', 'a_B', 'A_B', 'aBC', 'aB_c', 'a_b_c', 'ABC', 'a_bC'];

function randomKey(r) {
  if (r.chance(0.25)) return r.pick(ANSWER_KEY_FAMILY);
  if (r.chance(0.5)) {
    return Array.from({ length: r.int(1, 4) }, () => r.pick(SMALL_ALPHABET)).join('');
  }
  // Full alphabet, with '_' and lower case favoured so that snake_case shapes are common.
  return Array.from({ length: r.int(1, 6) }, () => (r.chance(0.25) ? '_' : r.pick(FULL_ALPHABET))).join('');
}

// Pieces of JSON string literals, as written in the text (escapes stay escapes).
const STRING_PIECES = ['a', 'Z', '0', '_', ' ', 'ok', '快递', 'é', '😀', '\\n', '\\"', '\\\\', '\\/', '\\t', '\\u00e9',
  '\\u4E2D', '\\ud83d\\ude00', '\u2028', '\\u2028', '\\u0000', 'x_y', 'rid: 65a1b2c3'];

function randomStringText(r) {
  return `"${Array.from({ length: r.int(0, 4) }, () => r.pick(STRING_PIECES)).join('')}"`;
}

function randomNumberText(r) {
  const kind = r.int(0, 99);
  if (kind < 40) return String(r.int(0, 1000));
  if (kind < 50) return String(-r.int(1, 100000));
  if (kind < 60) return String(r.int(1000000000, 2000000000)); // unix times, action types
  if (kind < 70) return `${r.int(-50, 50)}.${String(r.int(0, 999)).padStart(r.int(1, 3), '0')}`;
  if (kind < 76) return `${r.int(1, 9)}${r.pick(['e', 'E'])}${r.pick(['', '+', '-'])}${r.int(0, 12)}`;
  if (kind < 80) return r.pick(['0', '-0', '1.0', '0.0', '0.10', '100.00']);
  if (kind < 88) return String(r.int(100000000000000, 999999999999999)); // 15 digits: still a plain number
  // 16 to 19 digits: json-bigint's BigNumber path (WeChat ids as numbers).
  return `${r.chance(0.2) ? '-' : ''}${r.int(1, 9)}${Array.from({ length: r.int(15, 18) }, () => r.int(0, 9)).join('')}`;
}

function randomValueText(r, depth) {
  const kind = depth >= 5 ? r.int(2, 7) : r.int(0, 7);
  switch (kind) {
    case 0: return randomObjectText(r, depth + 1, r.int(0, 4));
    case 1: return `[${Array.from({ length: r.int(0, 4) }, () => randomValueText(r, depth + 1)).join(',')}]`;
    case 2: case 3: return randomStringText(r);
    case 4: case 5: return randomNumberText(r);
    case 6: return r.pick(['true', 'false']);
    default: return 'null';
  }
}

function randomObjectText(r, depth, size) {
  const members = [];
  for (let i = 0; i < size; i += 1) {
    const key = members.length && r.chance(0.08) ? r.pick(members)[0] : randomKey(r); // sometimes a repeated key
    members.push([key, randomValueText(r, depth)]);
  }
  return `{${members.map(([key, value]) => `"${key}":${value}`).join(',')}}`;
}

const ERRCODES = ['0', '0', '0', '40001', '42001', '40014', '40199', '45009', '47001', '9300501', '9300506', '-1',
  'null', 'false', '0.0', '"0"', '""', '1'];

function randomAnswerText(r) {
  const members = [];
  for (let i = r.int(0, 5); i > 0; i -= 1) members.push([randomKey(r), randomValueText(r, 1)]);
  if (r.chance(0.35)) {
    const at = r.int(0, members.length);
    members.splice(at, 0, ['errcode', r.pick(ERRCODES)]);
    if (r.chance(0.8)) members.splice(r.int(0, members.length), 0, ['errmsg', randomStringText(r)]);
  }
  const spaced = r.chance(0.15);
  const gap = () => (spaced ? r.pick([' ', '\n', '\t', '\r\n  ', '']) : '');
  const body = members.map(([key, value]) => `${gap()}"${key}"${gap()}:${gap()}${value}${gap()}`).join(',');
  return `${gap()}{${body}}${gap()}`;
}

// Cloud-function params are JavaScript values; their strings hold real characters, not escapes.
const PARAM_STRINGS = ['', 'SF', 'o1', 'oABC123456', '快递员已成功取件', 'a b', 'x_y', 'é', '😀', 'line\nbreak', 'quote"', '\u2028'];

function randomParamValue(r, depth) {
  const kind = depth >= 4 ? r.int(2, 6) : r.int(0, 6);
  switch (kind) {
    case 0: return randomParamObject(r, depth + 1, r.int(0, 4));
    case 1: return Array.from({ length: r.int(0, 3) }, () => randomParamValue(r, depth + 1));
    case 2: case 3: return r.pick(PARAM_STRINGS);
    case 4: return r.pick([0, 1, -1, 42, 1533052800, 300002, 0.5, -2.25, 9007199254740991, 1e21]);
    case 5: return r.chance(0.5);
    default: return null;
  }
}

function randomCamelKey(r) {
  // Params are usually camelCase words; some are snake_case or start with a capital.
  const words = ['order', 'Id', 'delivery', 'waybill', 'biz', 'print', 'Type', 'list', 'a', 'B', 'id', 'ID', 'x1'];
  const shape = r.int(0, 4);
  if (shape === 0) return randomKey(r);
  if (shape === 4) return r.pick(REQUEST_KEY_FAMILY);
  const parts = Array.from({ length: r.int(1, 3) }, () => r.pick(words));
  if (shape === 1) return parts.join('_');
  return parts.join('');
}

function randomParamObject(r, depth, size) {
  const object = {};
  for (let i = 0; i < size; i += 1) object[randomCamelKey(r)] = randomParamValue(r, depth);
  return object;
}

const SEED = 20240611;

/** [name, method, params, weChat text] */
function randomAnswers(count) {
  const r = generator(SEED);
  return Array.from({ length: count }, (_, i) => {
    const method = METHODS[i % METHODS.length];
    return [`random answer ${String(i + 1).padStart(4, '0')}`, method, examples[method].params, randomAnswerText(r)];
  });
}

/** [name, method, params] */
function randomRequests(count) {
  const r = generator(SEED + 1);
  return Array.from({ length: count }, (_, i) => [
    `random request ${String(i + 1).padStart(4, '0')}`, METHODS[i % METHODS.length], randomParamObject(r, 1, r.int(0, 6)),
  ]);
}

module.exports = { randomAnswers, randomRequests, SEED };
