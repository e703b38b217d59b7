'use strict';
// The machine-readable markers a golden case may carry in `notes`, with what each one means for a
// consumer. docs/contract.md repeats this list; generate.js writes it into the golden file too.
const MARKERS = {
  'numbers-by-value':
    'weChat holds a number literal of at most 15 characters that JavaScript writes differently (1.0 -> 1, 1e5 -> 100000, -0 -> 0, 0.50 -> 0.5); sdk holds the JavaScript number: compare numbers by numeric value, not by text.',
  'big-number-sdk-mangles':
    'weChat holds a number literal longer than 15 characters (json-bigint counts sign, point and exponent): the SDK parsed it into a BigNumber and its key conversion copied that into a plain {"s","e","c"} object. bigNumbers maps each such JSON Pointer in sdk to the exact decimal value; expect that number there, or skip the pointer.',
  'big-number-sdk-bignumber':
    'A long number literal reached the SDK\'s error unconverted (errcode): the cloud function gets a BigNumber instance, written here as its JSON form, a string of digits. bigNumbers gives the pointer and the exact decimal value.',
  'lone-surrogate':
    'A string (key or value) holds an unpaired UTF-16 surrogate. In sdk it is written as a \\uXXXX escape that strict UTF-16 readers (System.Text.Json GetString) refuse; in a request the SDK sends it as UTF-8, which turns it into U+FFFD on the wire.',
  'duplicate-keys':
    'weChat repeats a key inside one object (after unescaping). json-bigint keeps the last value at the first occurrence\'s position; conversion then runs on that.',
  'invalid-json':
    'weChat is not RFC 8259 JSON and the SDK refused it too: errCode -601001, errMsg "openapi.logistics.<method>:fail wechat server internal error, response body is invalid json: " followed by weChat\'s text.',
  'sdk-lenient-parse':
    'weChat is not RFC 8259 JSON but json-bigint (a lenient hand-written parser) accepted it; sdk is what it made of it.',
  'sdk-rejects-valid-json':
    'weChat is valid RFC 8259 JSON but json-bigint refused it (a key containing "__proto__" or "constructor", or a number that overflows to Infinity): errCode -601001 as for invalid-json.',
  'non-object-answer':
    'weChat\'s top level is not an object. The SDK spreads it with Object.assign: an array gives index keys, a string gives one key per character, a number or boolean gives nothing; null fails with a TypeError.',
  'errmsg-from-js-runtime':
    'The SDK failed with a JavaScript runtime error (class in thrown.class): errCode -1, errMsg "openapi.logistics.<method>:fail " followed by the engine\'s own message (Node\'s wording). Compare errCode and the prefix only.',
  'failure-drops-extra-fields':
    'A failed answer carried top-level fields besides errcode and errmsg (for example delivery_resultcode): the SDK\'s error holds only errCode and errMsg, so those fields are lost.',
  'errcode-not-number':
    'A failed answer\'s errcode is truthy but not a JSON number (string, true, array, object): the SDK puts that value into errCode unchanged.',
  'errmsg-not-string':
    'A failed answer\'s errmsg is absent or not a string: the SDK interpolates it with JavaScript\'s String() ("undefined", "null", "1,2"), or fails with a TypeError for an object (see errmsg-from-js-runtime).',
  'success-false-like-errcode':
    'A successful answer has a top-level errcode that is JavaScript-false but not the literal 0 (null, false, "", 0.0, -0): the SDK treats it as success and deletes it.',
  'params-absent':
    'The cloud function called the method with no argument at all (params is left out of the case); the SDK sends no fields.',
  'params-undefined':
    'The cloud function passed undefined values, which JSON cannot hold: params leaves them out and undefinedAt lists their JSON Pointers. The SDK drops undefined members (in arrays they become null).',
  'proto-key':
    'params holds an own "__proto__" key (as JSON.parse makes it). The SDK\'s Object.assign copy turns it into the copy\'s prototype instead of a key: "__proto__" is not sent, and the enumerable members of its value are inherited, so for-in sends them, converted and also unconverted. A consumer that refuses or ignores such a key differs on purpose.',
};

module.exports = { MARKERS };
