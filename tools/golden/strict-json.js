'use strict';
// A strict RFC 8259 reader used only to describe the WeChat texts fed to the SDK (which literal numbers
// they hold, whether keys repeat, whether the text is valid JSON at all). It never produces golden
// values: those come from the SDK. Nodes: {type:'object', members:[[key, node]]}, {type:'array', items},
// {type:'string', value}, {type:'number', text}, {type:'literal', value}.

class StrictJsonError extends Error {}

function parseStrict(text) {
  let at = 0;
  const fail = message => {
    throw new StrictJsonError(`${message} at ${at}`);
  };
  const skipWhitespace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at += 1;
  };
  const expect = literal => {
    if (text.startsWith(literal, at)) {
      at += literal.length;
    } else {
      fail(`expected ${literal}`);
    }
  };

  function readString() {
    expect('"');
    let value = '';
    for (;;) {
      if (at >= text.length) fail('unterminated string');
      const ch = text[at];
      const code = ch.charCodeAt(0);
      if (ch === '"') {
        at += 1;
        return value;
      }
      if (code < 0x20) fail('raw control character in string');
      if (ch !== '\\') {
        value += ch;
        at += 1;
        continue;
      }
      const escape = text[at + 1];
      const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (escape in simple) {
        value += simple[escape];
        at += 2;
      } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
        value += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
        at += 6;
      } else {
        fail('bad escape');
      }
    }
  }

  function readValue(depth) {
    skipWhitespace();
    const ch = text[at];
    if (ch === '{') {
      at += 1;
      const members = [];
      skipWhitespace();
      if (text[at] === '}') {
        at += 1;
        return { type: 'object', members };
      }
      for (;;) {
        skipWhitespace();
        const key = readString();
        skipWhitespace();
        expect(':');
        members.push([key, readValue(depth + 1)]);
        skipWhitespace();
        if (text[at] === ',') {
          at += 1;
        } else {
          expect('}');
          return { type: 'object', members };
        }
      }
    }
    if (ch === '[') {
      at += 1;
      const items = [];
      skipWhitespace();
      if (text[at] === ']') {
        at += 1;
        return { type: 'array', items };
      }
      for (;;) {
        items.push(readValue(depth + 1));
        skipWhitespace();
        if (text[at] === ',') {
          at += 1;
        } else {
          expect(']');
          return { type: 'array', items };
        }
      }
    }
    if (ch === '"') return { type: 'string', value: readString() };
    const number = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(at));
    if (number && number[0].length > 0) {
      at += number[0].length;
      return { type: 'number', text: number[0] };
    }
    for (const [literal, value] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(literal, at)) {
        at += literal.length;
        return { type: 'literal', value };
      }
    }
    return fail('unexpected character');
  }

  try {
    const root = readValue(0);
    skipWhitespace();
    if (at !== text.length) fail('text after the value');
    return { valid: true, root };
  } catch (error) {
    if (error instanceof StrictJsonError) return { valid: false, reason: error.message };
    throw error;
  }
}

/** Calls visit(node) for every node of a parsed tree, depth first. */
function walk(node, visit) {
  visit(node);
  if (node.type === 'object') node.members.forEach(([, child]) => walk(child, visit));
  if (node.type === 'array') node.items.forEach(child => walk(child, visit));
}

module.exports = { parseStrict, walk };
