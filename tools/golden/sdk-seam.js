'use strict';
// Drives wx-server-sdk's own `cloud.openapi.logistics.<method>(params)` with a stub transport.
//
// The seam: wx-server-sdk's callWXOpenAPI (src/api/openapi/namespace/generic.ts) converts the params,
// packs them into a protobuf CommApiData and hands that buffer to callGeneralOpenAPI
// (src/api/cloud/provider/tcb/api/callWXOpenAPI.ts), which calls the @cloudbase/node-sdk instance's
// `callCompatibleWxOpenApi({apiName, requestData})`. That method is the SDK's only way out: it signs and
// POSTs the bytes and resolves with the platform's raw protobuf CommOpenApiResp buffer, untouched.
// Replacing it on CloudBase.prototype is the stub transport; everything above it (conversion, protobuf
// encoding and decoding, JSON parsing with json-bigint, errors) is the SDK's own code, unchanged.
const path = require('node:path');

const modules = path.join(__dirname, 'node_modules');
const cloud = require(path.join(modules, 'wx-server-sdk'));
const { CloudBase } = require(path.join(modules, '@cloudbase/node-sdk/dist/cloudbase'));
// The SDK's generated protobuf classes register themselves in protobufjs's default root; this is the
// same module instance the SDK loaded (both resolve to node_modules/protobufjs).
const protobuf = require(path.join(modules, 'protobufjs/minimal'));

const SDK_VERSION = require(path.join(modules, 'wx-server-sdk/package.json')).version;
if (SDK_VERSION !== '4.0.2') {
  throw new Error(`expected wx-server-sdk 4.0.2, found ${SDK_VERSION}: run npm ci in tools/golden`);
}
const { CommApiData, CommOpenApiResp } = protobuf.roots.default;
if (!CommApiData || !CommOpenApiResp) {
  throw new Error('wx-server-sdk did not register its protobuf classes where expected');
}

// What WeChat's express API answers with; the SDK parses the body as JSON for application/json.
const WECHAT_CONTENT_TYPE = 'application/json; charset=UTF-8';

let pending = null; // { answerText, sent: [] } for the call in flight

CloudBase.prototype.callCompatibleWxOpenApi = async function stubTransport(options) {
  if (!pending) {
    throw new Error('the SDK called its transport outside a golden call');
  }
  const message = CommApiData.decode(options.requestData);
  pending.sent.push({
    apiName: options.apiName,
    cgiName: options.cgiName,
    apiType: message.apiType,
    pairs: message.openapiData.pairs.map(pair => ({
      key: pair.key,
      value: Buffer.from(pair.value).toString('utf8'),
    })),
  });
  return Buffer.from(CommOpenApiResp.encode({
    respData: Buffer.from(pending.answerText, 'utf8'),
    contentType: WECHAT_CONTENT_TYPE,
  }).finish());
};

cloud.init({ env: 'golden' });

/**
 * Calls cloud.openapi.logistics[method](...args) with the stub transport answering answerText.
 * Returns { sent, outcome: 'ok', value } or { sent, outcome: 'error', error }, where sent is what the SDK
 * handed to its transport (exactly once, or the call fails loudly).
 */
async function call(method, args, answerText) {
  if (pending) {
    throw new Error('golden calls must run one at a time');
  }
  pending = { answerText, sent: [] };
  const current = pending;
  let result;
  try {
    const value = await cloud.openapi.logistics[method](...args);
    result = { outcome: 'ok', value };
  } catch (error) {
    result = { outcome: 'error', error };
  } finally {
    pending = null;
  }
  if (current.sent.length !== 1) {
    throw new Error(`logistics.${method}: the SDK called its transport ${current.sent.length} times, expected 1`);
  }
  const [sent] = current.sent;
  if (sent.apiName !== `logistics.${method}` || sent.apiType !== CommApiData.ApiType.OPEN_API) {
    throw new Error(`logistics.${method}: unexpected transport call ${JSON.stringify(sent)}`);
  }
  return { sent, ...result };
}

module.exports = { call, SDK_VERSION, WECHAT_CONTENT_TYPE };
