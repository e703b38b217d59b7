'use strict';
// Hand-written conversion edge cases. Answers are written as raw text on purpose: duplicate keys,
// escapes, number spellings and whitespace must reach the SDK exactly as written here.
const { examples } = require('./methods');

const PATH = examples.getPath.params;

const nest = (depth, leaf, key = level => `l_${level}`) => {
  let text = leaf;
  for (let level = depth; level >= 1; level -= 1) text = `{"${key(level)}":${text}}`;
  return text;
};

/** [name, method, params, weChat text] */
function edgeAnswers() {
  const a = [];
  const add = (name, text, method = 'getPath') => a.push([name, method, method === 'getPath' ? PATH : examples[method].params, text]);

  // Key collisions made by conversion.
  add('collision: converted _a before plain A', '{"_a":1,"A":2}');
  add('collision: plain A before converted _a', '{"A":2,"_a":1}');
  add('collision: a_b before aB', '{"a_b":1,"aB":2}');
  add('collision: aB before a_b', '{"aB":2,"a_b":1}');
  add('collision: two converted keys, the later wins', '{"_a_b":1,"_aB":2}');
  add('collision: two converted keys, reversed', '{"_aB":2,"_a_b":1}');
  add('collision: converted, plain, converted', '{"_a_b":1,"AB":3,"_aB":2}');
  add('collision: a repeated key keeps its first position', '{"_a_b":1,"_aB":2,"_a_b":3}');
  add('collision: nested objects collide too', '{"x_y":{"_a":1,"A":2},"list":[{"A":3,"_a":4}]}');
  add('collision: with errMsg written by WeChat', '{"errcode":0,"errmsg":"ok","err_msg":"a","errMsg":"b"}');

  // Answers already holding the names the SDK adds.
  add('answer holds errMsg and errCode', '{"errMsg":"from wechat","errCode":7,"a":1}');
  add('answer holds err_msg and err_code', '{"err_msg":"from wechat","err_code":7,"a":1}');
  add('answer holds errMsg and errCode beside errcode 0', '{"errcode":0,"errmsg":"ok","errMsg":"x","errCode":5}');
  add('failure holding errMsg and errCode', '{"errcode":40001,"errmsg":"invalid credential","errMsg":"x","errCode":5}');
  add('answer holds errCode only, no errcode', '{"errCode":40001,"errMsg":"not checked by the SDK"}');

  // What counts as success: the top-level errcode.
  for (const value of ['null', 'false', '0', '0.0', '-0', '0e0', '""', '"0"', 'true', '1', '-1', '"40001"', '"abc"', '[]', '{}', '[0]', '0.5']) {
    add(`errcode ${value}`, `{"errcode":${value},"errmsg":"msg for ${value.replace(/"/g, "'")}","a_b":1}`);
  }
  add('errcode 40001 without errmsg', '{"errcode":40001}');
  add('errcode 40001 with errmsg null', '{"errcode":40001,"errmsg":null}');
  add('errcode 40001 with a number errmsg', '{"errcode":40001,"errmsg":123}');
  add('errcode 40001 with an array errmsg', '{"errcode":40001,"errmsg":["a",1]}');
  add('errcode 40001 with an object errmsg', '{"errcode":40001,"errmsg":{"detail":"x"}}');
  add('errcode 40001 with an empty errmsg', '{"errcode":40001,"errmsg":""}');
  add('errcode 0 without errmsg', '{"errcode":0,"a":1}');
  add('errmsg without errcode', '{"errmsg":"ok","a":1}');
  add('only errcode and errmsg', '{"errcode":0,"errmsg":"ok"}');
  add('empty object', '{}');
  add('errcode written last', '{"a_b":1,"errmsg":"invalid credential","errcode":40001}');
  add('errcode 16 digits long', '{"errcode":1234567890123456,"errmsg":"long"}');
  add('errcode written with an exponent', '{"errcode":9.300501e6,"errmsg":"exponent"}');
  add('errcode 40001.0', '{"errcode":40001.0,"errmsg":"decimal"}');
  add('errcode -601001 from WeChat itself', '{"errcode":-601001,"errmsg":"system error"}');

  // Keys written with escapes are the same keys.
  add('escaped errcode key on failure', '{"errc\\u006fde":40001,"errm\\u0073g":"escaped"}');
  add('escaped errcode key on success', '{"errc\\u006fde":0,"errm\\u0073g":"ok","path\\u005fitem_list":[],"a\\u005Fb":1}');
  add('escaped underscore and slash in keys', '{"a\\/b_c":1,"\\u005f\\u0061":2,"x\\"y_z":3}');

  // Key shapes.
  add('key shapes', '{"a__b":1,"field_1":2,"a_":3,"_A":4,"__":5,"_":6,"a_1b":7,"A_b":8,"a_b_c":9,"__a":10,"a__":11,"_a_":12,"x_Y_z":13,"1_a":14,"a_b1_c2":15}');
  add('non-ASCII keys', '{"名称_a":1,"a_名称":2,"é_a":3,"a_é":4,"_ä":5,"Ö_b":6,"ключ_значение":7,"a_ｂ":8}');
  add('keys that name Object.prototype members', '{"to_string":1,"toString":2,"has_own_property":3,"value_of":4,"__proto":5,"proto__":6,"_proto_":7,"prototype":8}');
  add('numeric keys come first in JavaScript', '{"b_c":1,"2":2,"1":3,"a":4,"01":5,"-1":6}');
  add('__proto__ key', '{"__proto__":{"a":1},"b":2}');
  add('__proto__ key nested', '{"a":{"__proto__":1}}');
  add('__proto__ written with escapes', '{"\\u005f_proto__":1}');
  add('constructor key', '{"constructor":1,"a":2}');
  add('constructor inside a longer key', '{"delivery_constructor_id":1}');
  add('constructor key nested in an array', '{"a":[{"constructor":{"name":"x"}}]}');

  // Shapes of values.
  add('arrays of arrays of objects', '{"a_b":[[{"c_d":1},{"e_f":[[{"g_h":2}]]}],[],[[[]]],[1,"x_y",null,[{"i_j":true}]]]}');
  add('null values', '{"a_b":null,"c":[null,{"d_e":null}],"f_g":{"h_i":null}}');
  add('nested errcode and errmsg stay', '{"errcode":0,"errmsg":"ok","order_list":[{"errcode":9300506,"errmsg":"cannot cancel","err_code":1}],"inner":{"errcode":1,"errmsg":"y","deeper":{"errcode":"2"}}}');
  add('empty containers', '{"a_b":{},"c_d":[],"e":[{}],"f":[[]]}');
  add('booleans and strings that look like other types', '{"a_b":true,"c_d":false,"e":"true","f":"null","g":"0","h":"1e5"}');

  // Duplicate raw keys.
  add('duplicate key, last value wins', '{"a":1,"b":2,"a":3}');
  add('duplicate errcode, the later 0 wins', '{"errcode":40001,"errmsg":"x","errcode":0,"a":1}');
  add('duplicate errcode, the later failure wins', '{"errcode":0,"errmsg":"ok","errcode":40001}');
  add('duplicate errmsg', '{"errcode":40001,"errmsg":"first","errmsg":"second"}');
  add('duplicate key nested, with conversion', '{"x":{"a_b":1,"a_b":2,"aB":3}}');

  // Numbers.
  add('number spellings', '{"a":1.0,"b":1e5,"c":-0,"d":0.1,"e":1E2,"f":0.50,"g":-1.5e-3,"h":123456789012345,"i":1e-7,"j":1e21,"k":-0.0,"l":2.5E+3}');
  add('number of exactly 15 characters', '{"a":-12345678901234,"b":0.1234567890123,"c":123456789012345}');
  add('sign and point count toward the 15 characters', '{"a":-123456789012345,"b":1234567890.12345,"c":1.23456789012e+5}');
  add('WeChat ids as long integers', '{"waybill_id":1234567890123456,"order_id":12345678901234567,"biz_no":1234567890123456789,"neg":-123456789012345678,"unsafe":9007199254740993}');
  add('long number literals that are not integers', '{"a":0.1234567890123456,"b":1.0000000000000000,"c":-1.5e-10000000000}');
  add('long integer inside arrays', '{"ids":[1234567890123456789,1,[12345678901234567890]],"items":[{"order_id":98765432109876543}]}');
  add('long integer next to errcode 0', '{"errcode":0,"errmsg":"ok","waybill_id":12345678901234567890}');
  add('long integer on a failure', '{"errcode":40001,"errmsg":"invalid credential","waybill_id":12345678901234567890}');
  add('number too large for a double', '{"a":1e400}');
  add('number too small for a double', '{"a":1e-400,"b":-1e-400}');

  // Strings.
  add('string escapes', '{"s_t":"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u4E2D\\u0000\\u001f"}');
  add('line and paragraph separators, raw and escaped', '{"a":"x\u2028y\u2029z","b":"\\u2028\\u2029"}');
  add('surrogate pairs, raw and escaped', '{"a":"😀","b":"\\ud83d\\ude00","c":"\\uD83D\\uDE00"}');
  add('lone high surrogate', '{"a_b":"x\\ud800y"}');
  add('lone low surrogate', '{"a":"\\udc00"}');
  add('lone surrogate in a key', '{"\\ud800_a":1}');
  add('swapped surrogate pair', '{"a":"\\ude00\\ud83d"}');
  add('long string', `{"print_html":"${'PGh0bWw+'.repeat(512)}"}`);

  // Depth.
  add('objects nested 20 levels', nest(20, '"deep"'));
  add('arrays nested 20 levels', `{"a_b":${'['.repeat(20)}{"c_d":1}${']'.repeat(20)}}`);
  add('objects and arrays nested 20 levels', nest(20, '[{"x_y":[1]}]', level => (level % 2 ? `k_${level}` : `K${level}`)));

  // Whitespace and text outside RFC 8259.
  add('insignificant whitespace everywhere', ' \t\r\n{ "a_b" :\n1 ,\r\n"c" :[ 1 ,\t2 ] , "errcode" : 0 }\n ');
  add('byte order mark before the object', '\ufeff{"a":1}');
  add('vertical tab as whitespace', '{\u000b"a":1}');
  add('raw tab inside a string', '{"a":"x\ty"}');
  add('raw newline inside a string', '{"a":"x\ny"}');
  add('leading zero', '{"a":01}');
  add('number ending with a point', '{"a":1.}');
  add('short unicode escape', '{"a":"\\u12"}');
  add('unknown escape', '{"a":"\\x41"}');
  add('trailing comma', '{"a":1,}');
  add('single quotes', "{'a':1}");
  add('truncated', '{"errcode":0,"path_item_list":[');
  add('text after the object', '{"a":1} x');
  add('two objects', '{"a":1}{"b":2}');
  add('bare minus', '{"a":-}');
  add('misspelled literal', '{"a":tru}');
  add('empty body', '');
  add('only whitespace', ' \n');
  add('HTML error page', '<html><body>502 Bad Gateway</body></html>');

  // Answers whose top level is not an object.
  add('top level null', 'null');
  add('top level array', '[{"a_b":1},2]');
  add('top level empty array', '[]');
  add('top level string', '"ok"');
  add('top level number', '40001');
  add('top level true', 'true');
  add('top level false', 'false');

  return a;
}

/** [name, method, params] */
function edgeRequests(NO_PARAMS) {
  const r = [];
  const add = (name, method, params) => r.push([name, method, params]);
  add('camelCase getPath', 'getPath', { orderId: 'o1', openid: 'oABC', deliveryId: 'SF', waybillId: 'w1' });
  add('snake_case getPath', 'getPath', { order_id: 'o1', openid: 'oABC', delivery_id: 'SF', waybill_id: 'w1' });
  add('mixed spellings', 'getPath', { orderId: 'o1', open_id: 'oABC', delivery_id: 'SF', waybillId: 'w1' });
  add('capital first letter', 'getPath', { OrderId: 'o1', DeliveryId: 'SF', WaybillId: 'w1' });
  add('capitals in a row', 'getPath', { orderID: 'o1', deliveryID: 'SF', WAYBILLID: 'w1', openID: 'x' });
  add('both spellings, snake first', 'getPath', { order_id: 'snake', orderId: 'camel' });
  add('both spellings, camel first', 'getPath', { orderId: 'camel', order_id: 'snake' });
  add('two camel spellings of one key', 'getPath', { orderId: 'first', OrderId: 'second' });
  add('three spellings of one key', 'getPath', { OrderId: 'capital', order_id: 'snake', orderId: 'camel' });
  add('key shapes', 'getPath', { a1B: 1, field1: 2, _private: 3, _Private: 4, a_B: 5, A: 6, AB: 7, aBC: 8, __: 9, _: 10, a__B: 11, x2Y3: 12 });
  add('non-ASCII keys', 'getPath', { 名称Ab: 1, ÉtatX: 2, straßeName: 3, ключId: 4 });
  add('keys that name Object.prototype members', 'getPath', { constructor: 'c', toString: 't', hasOwnProperty: 'h', valueOf: 'v' });
  add('own __proto__ key, as JSON.parse makes it', 'getPath', JSON.parse('{"orderId":"o1","__proto__":{"deliveryId":"SF","x":1}}'));
  add('own __proto__ key nested', 'getPath', JSON.parse('{"orderId":"o1","extra":{"__proto__":{"innerKey":1},"b":2}}'));
  add('addOrder nested objects and arrays, camelCase', 'addOrder', examples.addOrder.params);
  add('nested keys convert at every depth', 'addOrder', {
    cargo: { detailList: [{ goodsName: 'a', subItems: [[{ itemCount: 1 }], [{ ItemCount: 2 }]] }] },
    listOfLists: [[{ aB: 1 }, [{ cD: [{ eF: 2 }] }]], []],
  });
  add('undefined values', 'getPath', { orderId: 'o1', openid: undefined, deliveryId: 'SF', waybillId: 'w1' });
  add('undefined nested in objects and arrays', 'addOrder', { orderId: 'o1', cargo: { count: undefined, detailList: [{ name: 'a', count: undefined }, undefined, null] } });
  add('null values', 'getPath', { orderId: 'o1', openid: null, deliveryId: 'SF', waybillId: null, extra: { a: null, b: [null] } });
  add('empty object', 'getAllDelivery', {});
  add('no argument', 'getPath', NO_PARAMS);
  add('numbers and booleans', 'testUpdateOrder', {
    actionTime: 1533052800, actionType: 300002, ratio: 0.1, negative: -1.5, zero: 0, negativeZero: -0, tiny: 1e-7, huge: 1e21,
    maxSafe: 9007199254740991, rounded: 12345678901234567890, yes: true, no: false,
  });
  add('strings with escapes', 'getPath', { orderId: 'a"b\\c/d\b\f\n\r\t\u0000\u001f\u007f\u00ad', actionMsg: 'x\u2028y\u2029z', emoji: '😀', cjk: '快递员已成功取件' });
  add('lone surrogate in a string', 'getPath', { orderId: 'x\ud800y' });
  add('updatePrinter tagidList as a string', 'updatePrinter', { openid: 'oJ4v0wRAfiXcnIbM3SgGEUkTw3Qw', updateType: 'unbind', tagidList: '123,456' });
  add('batchGetOrder list of orders, mixed spellings', 'batchGetOrder', { orderList: [{ orderId: 'o1', deliveryId: 'SF', waybillId: 'w1' }, { order_id: 'o2', delivery_id: 'YTO' }] });
  add('empty nested containers', 'addOrder', { sender: {}, cargo: { detailList: [] } });
  add('deeply nested params', 'getPath', JSON.parse(`{"orderId":"o",${'"levelKey":{'.repeat(20)}"leafKey":1${'}'.repeat(20)}}`));
  return r;
}

module.exports = { edgeAnswers, edgeRequests };
