'use strict';
// Requests as real callers send them, beyond WeChat's own examples: addOrder's shop described item by item
// (WeChat staff's working example), or without the fields SKIT and WxJava mark optional; empty strings in
// optional fields (a JD account's empty password, an App order's empty openid, Go structs marshalled without
// omitempty). The SDK passes each on as it is; the golden file records exactly what it sends.
const { examples } = require('./methods');

const clone = value => JSON.parse(JSON.stringify(value));

/** The documented addOrder request (snake_case) with some members replaced. */
const snakeOrder = changes => ({ ...clone(examples.addOrder.snake), ...changes });

/** The documented addOrder request (camelCase) with some members replaced. */
const camelOrder = changes => ({ ...clone(examples.addOrder.params), ...changes });

/** [name, method, params]: every name starts with "community", so tests can find them. */
function communityRequests() {
  return [
    ['community addOrder, shop as WeChat staff\'s working example: wxa_path and detail_list only', 'addOrder', snakeOrder({
      shop: { wxa_path: '/pages/order/detail?id=01234567890123456789',
        detail_list: [{ goods_name: '一千个小心心', goods_img_url: 'https://mmbiz.qpic.cn/1.png' }, { goods_name: '一万个小心心', goods_img_url: 'https://mmbiz.qpic.cn/2.png' }] },
    })],
    ['community addOrder, shop without img_url as SKIT allows', 'addOrder', camelOrder({
      shop: { wxaPath: '/index/index', goodsName: '一千个小心心', goodsCount: 1 },
    })],
    ['community addOrder, detail_list items with only some fields as WxJava allows', 'addOrder', snakeOrder({
      shop: { wxa_path: '/index/index', detail_list: [{ goods_desc: '小心心' }, { goods_name: '一万个小心心' }] },
    })],
    ['community addOrder, App order with an empty openid', 'addOrder', camelOrder({
      addSource: 2, wxAppid: 'wx0123456789abcdef', openid: '',
    })],
    ['community addOrder, a Go struct without omitempty', 'addOrder', snakeOrder({
      add_source: 0, wx_appid: '', custom_remark: '', tagid: 0, expect_time: 0, take_mode: 0,
      sender: { name: '张三', tel: '', mobile: '18666666666', company: '', post_code: '', country: '',
        province: '广东省', city: '广州市', area: '海珠区', address: 'XX路XX号XX大厦XX栋XX' },
      receiver: { name: '王小蒙', tel: '020-77777777', mobile: '', company: '', post_code: '', country: '',
        province: '广东省', city: '广州市', area: '天河区', address: 'XX路XX号XX大厦XX栋XX' },
      shop: { wxa_path: '/index/index', img_url: '', goods_name: '', goods_count: 0,
        detail_list: [{ goods_name: '一千个小心心', goods_img_url: '', goods_desc: '' }] },
      insured: { use_insured: 0, insured_value: 0 },
    })],
    ['community bindAccount, a JD account with an empty password', 'bindAccount',
      { type: 'bind', bizId: '010K1234567', deliveryId: 'JD', password: '', remarkContent: '' }],
    ['community getOrder, a Go struct without omitempty', 'getOrder',
      { order_id: '01234567890123456789', openid: '', delivery_id: 'SF', waybill_id: '', print_type: 0, custom_remark: '' }],
    ['community cancelOrder, an empty openid', 'cancelOrder',
      { orderId: '01234567890123456789', openid: '', deliveryId: 'SF', waybillId: '123456789' }],
    ['community getPath, an empty openid', 'getPath',
      { order_id: '01234567890123456789', openid: '', delivery_id: 'SF', waybill_id: '12345678901234567890' }],
    ['community updatePrinter, unbind with an empty tagid_list', 'updatePrinter',
      { openid: 'oABC123456', update_type: 'unbind', tagid_list: '' }],
  ];
}

module.exports = { communityRequests };
