'use strict';
// The twelve logistics methods: each one's documented request (as cloud-function code writes it, camelCase,
// and as WeChat's HTTPS page writes it, snake_case), a realistic success answer with the fields of
// shared/docs/logistics-family.md, and that method's typical failures.

const OPENID = 'oABC123456';
const ORDER_ID = '01234567890123456789';

const examples = {
  getAllDelivery: {
    params: undefined,
    ok: {
      count: 3,
      data: [
        { delivery_id: 'SF', delivery_name: '顺丰速运', can_use_cash: 1, can_get_quota: 1, cash_biz_id: 'SF_CASH',
          service_type: [{ service_type: 0, service_name: '标准快递' }, { service_type: 1, service_name: '顺丰即日' }] },
        { delivery_id: 'YTO', delivery_name: '圆通速递', can_use_cash: 0, can_get_quota: 1, cash_biz_id: '',
          service_type: [{ service_type: 0, service_name: '普通快递' }] },
        { delivery_id: 'TEST', delivery_name: '测试快递公司', can_use_cash: 1, can_get_quota: 0, cash_biz_id: 'test_biz_id',
          service_type: [{ service_type: 1, service_name: 'test_service' }] },
      ],
    },
    failures: [['system busy', { errcode: -1, errmsg: 'system error rid: 65a1b2c3-0d4e5f60-11223344' }]],
  },
  getAllAccount: {
    params: undefined,
    ok: {
      count: 1,
      list: [{
        biz_id: 'xyz', delivery_id: 'YTO', create_time: 1555482786, update_time: 1556594853, status_code: 0,
        alias: '', remark_wrong_msg: '', remark_content: '', quota_num: 20, quota_update_time: 1556594853,
        service_type: [{ service_type: 0, service_name: '标准快递' }],
      }],
    },
    failures: [['api unauthorized', { errcode: 48001, errmsg: 'api unauthorized rid: 65a1b2c3-0d4e5f60-11223345' }]],
  },
  bindAccount: {
    params: { type: 'bind', bizId: '123456', deliveryId: 'YUNDA', password: 'xxxxxxxxxx', remarkContent: '常用寄件账号' },
    snake: { type: 'bind', biz_id: '123456', delivery_id: 'YUNDA', password: 'xxxxxxxxxx', remark_content: '常用寄件账号' },
    ok: {},
    failures: [
      ['9300529 account already bound', { errcode: 9300529, errmsg: 'account already bind' }],
      ['9300531 wrong account or password', { errcode: 9300531, errmsg: 'invalid bizid or password' }],
    ],
  },
  getPrinter: {
    params: undefined,
    ok: { count: 2, openid: ['oJ4v0wRAfiXcnIbM3SgGEUkTw3Qw', 'oJ4v0wbRDnNYkHgmKd6X5FZQ0SqA'], tagid_list: ['123', '456'] },
    failures: [['invalid credential', { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest rid: 65a1b2c3-0d4e5f60-11223346' }]],
  },
  updatePrinter: {
    params: { openid: 'oJ4v0wRAfiXcnIbM3SgGEUkTw3Qw', updateType: 'bind', tagidList: '123,456' },
    snake: { openid: 'oJ4v0wRAfiXcnIbM3SgGEUkTw3Qw', update_type: 'bind', tagid_list: '123,456' },
    ok: {},
    failures: [
      ['9300533 invalid tagid_list', { errcode: 9300533, errmsg: 'tagid_list is invalid' }],
      ['9300517 invalid update_type', { errcode: 9300517, errmsg: 'update_type is invalid' }],
    ],
  },
  getQuota: {
    params: { deliveryId: 'YTO', bizId: 'xyz' },
    snake: { delivery_id: 'YTO', biz_id: 'xyz' },
    ok: { quota_num: 210 },
    failures: [['9300527 no quota concept', { errcode: 9300527, errmsg: 'delivery do not support quota' }]],
  },
  addOrder: {
    params: {
      addSource: 0, orderId: ORDER_ID, openid: OPENID, deliveryId: 'SF', bizId: 'xyz', customRemark: '易碎物品', tagid: 1,
      expectTime: 1557989929,
      sender: { name: '张三', tel: '020-88888888', mobile: '18666666666', company: '公司名', postCode: '123456', country: '中国',
        province: '广东省', city: '广州市', area: '海珠区', address: 'XX路XX号XX大厦XX栋XX' },
      receiver: { name: '王小蒙', tel: '020-77777777', mobile: '18610000000', company: '公司名', postCode: '654321', country: '中国',
        province: '广东省', city: '广州市', area: '天河区', address: 'XX路XX号XX大厦XX栋XX' },
      cargo: { count: 2, weight: 5.5, spaceX: 30.5, spaceY: 20, spaceZ: 20, detailList: [{ name: '一千个小心心', count: 1 }, { name: '一万个小心心', count: 1 }] },
      shop: { wxaPath: '/index/index?from=waybill&id=01234567890123456789', imgUrl: 'https://mmbiz.qpic.cn/mmbiz_png/OiaFLUqewuIDNQnTiaCInIG8ibdosYHhQHPbXJUrqYSNIcBL60vo4LIjlcoNG1QPkeH5GWWEB41Ny895CokeAah8A/640',
        goodsName: '一千个小心心&一万个小心心', goodsCount: 2,
        detailList: [{ goodsName: '一千个小心心', goodsImgUrl: 'https://mmbiz.qpic.cn/1.png', goodsDesc: '小心心' }] },
      insured: { useInsured: 1, insuredValue: 10000 },
      service: { serviceType: 0, serviceName: '标准快递' },
    },
    snake: {
      add_source: 0, order_id: ORDER_ID, openid: OPENID, delivery_id: 'SF', biz_id: 'xyz', custom_remark: '易碎物品', tagid: 1,
      expect_time: 1557989929,
      sender: { name: '张三', mobile: '18666666666', province: '广东省', city: '广州市', area: '海珠区', address: 'XX路XX号XX大厦XX栋XX', post_code: '123456' },
      receiver: { name: '王小蒙', tel: '020-77777777', province: '广东省', city: '广州市', area: '天河区', address: 'XX路XX号XX大厦XX栋XX' },
      cargo: { count: 1, weight: 1.2, space_x: 10, space_y: 10, space_z: 10, detail_list: [{ name: '一千个小心心', count: 1 }] },
      shop: { wxa_path: '/index/index', img_url: 'https://mmbiz.qpic.cn/1.png', goods_name: '一千个小心心', goods_count: 1 },
      insured: { use_insured: 0, insured_value: 0 },
      service: { service_type: 0, service_name: '标准快递' },
    },
    ok: {
      order_id: ORDER_ID, waybill_id: '123456789',
      waybill_data: [{ key: 'SF_bagAddr', value: '广州' }, { key: 'SF_mark', value: '101- 07-03 509' }],
      delivery_resultcode: 0, delivery_resultmsg: '',
    },
    failures: [
      ['9300501 with the courier\'s own result', { errcode: 9300501, errmsg: 'delivery logic fail', delivery_resultcode: 10002, delivery_resultmsg: '客户密码不正确' }],
      ['9300508 order id already used', { errcode: 9300508, errmsg: 'order exist' }],
      ['9300537 too frequent', { errcode: 9300537, errmsg: 'frequency limit, please retry later' }],
    ],
  },
  batchGetOrder: {
    params: { orderList: [
      { orderId: ORDER_ID, deliveryId: 'SF', waybillId: '123456789' },
      { orderId: '01234567890123456790', deliveryId: 'YTO', waybillId: 'YT1234567890' },
    ] },
    snake: { order_list: [
      { order_id: ORDER_ID, delivery_id: 'SF', waybill_id: '123456789' },
      { order_id: '01234567890123456790', delivery_id: 'YTO' },
    ] },
    ok: {
      order_list: [
        { errcode: 0, errmsg: 'ok', print_html: 'PGh0bWw+PGJvZHk+5rWL6K+VPC9ib2R5PjwvaHRtbD4=', waybill_data: [{ key: 'SF_bagAddr', value: '广州' }],
          delivery_id: 'SF', waybill_id: '123456789', order_id: ORDER_ID, order_status: 0 },
        { errcode: 0, errmsg: 'ok', print_html: 'PGh0bWw+PC9odG1sPg==', waybill_data: [{ key: 'YTO_mark', value: '上海 123' }],
          delivery_id: 'YTO', waybill_id: 'YT1234567890', order_id: '01234567890123456790', order_status: 1 },
      ],
    },
    failures: [['data format error', { errcode: 47001, errmsg: 'data format error hint: [Mz9a0a8ce]' }]],
  },
  cancelOrder: {
    params: { orderId: ORDER_ID, openid: OPENID, deliveryId: 'SF', waybillId: '123456789' },
    snake: { order_id: ORDER_ID, openid: OPENID, delivery_id: 'SF', waybill_id: '123456789' },
    ok: { delivery_resultcode: 0, delivery_resultmsg: '' },
    failures: [
      ['9300506 waybill already has a trace', { errcode: 9300506, errmsg: 'order can not be canceled', delivery_resultcode: 1, delivery_resultmsg: '运单已揽收，不能取消' }],
      ['9300524 already cancelled', { errcode: 9300524, errmsg: 'order already canceled' }],
    ],
  },
  getOrder: {
    params: { orderId: ORDER_ID, openid: OPENID, deliveryId: 'SF', waybillId: '123456789', printType: 1, customRemark: '易碎物品' },
    snake: { order_id: ORDER_ID, openid: OPENID, delivery_id: 'SF', waybill_id: '123456789', print_type: 0 },
    ok: {
      print_html: 'PGh0bWw+PGJvZHk+5rWL6K+VPC9ib2R5PjwvaHRtbD4=',
      waybill_data: [{ key: 'SF_bagAddr', value: '广州' }, { key: 'SF_mark', value: '101- 07-03 509' }],
      delivery_id: 'SF', waybill_id: '123456789', order_id: ORDER_ID, order_status: 0,
    },
    failures: [['9300503 unknown delivery_id', { errcode: 9300503, errmsg: 'delivery id not exist' }]],
  },
  testUpdateOrder: {
    params: { bizId: 'test_biz_id', orderId: ORDER_ID, deliveryId: 'TEST', waybillId: '123456789', actionTime: 1533052800, actionType: 300002, actionMsg: '丽影邓丽君【18666666666】正在派件' },
    snake: { biz_id: 'test_biz_id', order_id: ORDER_ID, delivery_id: 'TEST', waybill_id: '123456789', action_time: 1533052800, action_type: 300002, action_msg: '丽影邓丽君【18666666666】正在派件' },
    ok: {},
    failures: [['not the test account', { errcode: 47001, errmsg: 'data format error hint: [biz_id must be test_biz_id]' }]],
  },
  getPath: {
    params: { orderId: ORDER_ID, openid: OPENID, deliveryId: 'SF', waybillId: '12345678901234567890' },
    snake: { order_id: ORDER_ID, openid: OPENID, delivery_id: 'SF', waybill_id: '12345678901234567890' },
    ok: {
      openid: 'OPENID', delivery_id: 'SF', waybill_id: '12345678901234567890', path_item_num: 3,
      path_item_list: [
        { action_time: 1533052800, action_type: 100001, action_msg: '快递员已成功取件' },
        { action_time: 1533062800, action_type: 200001, action_msg: '快件已到达xxx集散中心,准备发往xxx' },
        { action_time: 1533072800, action_type: 300001, action_msg: '快递员已出发,联系电话xxxxxx' },
      ],
    },
    failures: [
      ['40199 waybill not found', { errcode: 40199, errmsg: 'waybill_id not found rid: 65a1b2c3-0d4e5f60-11223347' }],
      ['40003 invalid openid', { errcode: 40003, errmsg: 'invalid openid hint: [n1dEQa08r5463b52]' }],
    ],
  },
};

const METHODS = Object.keys(examples);
if (METHODS.length !== 12) throw new Error('the logistics family has twelve methods');

/** [name, method, params, weChat text] for every method's documented answers. */
function methodAnswers() {
  const cases = [];
  for (const method of METHODS) {
    const example = examples[method];
    cases.push([`${method} documented success`, method, example.params, JSON.stringify({ errcode: 0, errmsg: 'ok', ...example.ok })]);
    for (const [label, answer] of example.failures) {
      cases.push([`${method} fails: ${label}`, method, example.params, JSON.stringify(answer)]);
    }
  }
  // WeChat's GET-backed pages document answers without errcode/errmsg at all.
  cases.push(['getAllDelivery success without errcode', 'getAllDelivery', undefined, JSON.stringify(examples.getAllDelivery.ok)]);
  cases.push(['getPath documented example, pretty-printed as on the page', 'getPath', examples.getPath.params,
    JSON.stringify(examples.getPath.ok, null, 2)]);
  // batchGetOrder succeeds as a whole while single orders fail: the items keep their own errcode/errmsg.
  cases.push(['batchGetOrder succeeds while items fail', 'batchGetOrder', examples.batchGetOrder.params, JSON.stringify({
    errcode: 0, errmsg: 'ok',
    order_list: [
      { errcode: 0, errmsg: 'ok', print_html: 'PGh0bWw+PC9odG1sPg==', waybill_data: [{ key: 'SF_bagAddr', value: '广州' }],
        delivery_id: 'SF', waybill_id: '123456789', order_id: ORDER_ID, order_status: 0 },
      { errcode: 9300506, errmsg: 'order can not be canceled', delivery_id: 'YTO', waybill_id: 'YT1234567890', order_id: '01234567890123456790' },
      { errcode: 9300503, errmsg: 'delivery id not exist', delivery_id: 'XX', order_id: '01234567890123456791' },
    ],
  })]);
  cases.push(['addOrder 9300501 without courier fields', 'addOrder', examples.addOrder.params,
    JSON.stringify({ errcode: 9300501, errmsg: 'delivery logic fail' })]);
  cases.push(['addOrder success with a courier result message', 'addOrder', examples.addOrder.params, JSON.stringify({
    errcode: 0, errmsg: 'ok', order_id: ORDER_ID, waybill_id: 'SF1402376948231', waybill_data: [],
    delivery_resultcode: 0, delivery_resultmsg: '下单成功',
  })]);
  return cases;
}

/** [name, method, params] for every method's documented request, camelCase and snake_case. */
function methodRequests(NO_PARAMS) {
  const cases = [];
  for (const method of METHODS) {
    const example = examples[method];
    if (example.params === undefined) {
      cases.push([`${method} called with no argument`, method, NO_PARAMS]);
      cases.push([`${method} called with an empty object`, method, {}]);
    } else {
      cases.push([`${method} documented request, camelCase`, method, example.params]);
      cases.push([`${method} documented request, snake_case`, method, example.snake]);
    }
  }
  return cases;
}

module.exports = { METHODS, examples, methodAnswers, methodRequests };
