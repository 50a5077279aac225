/* twoCoInlineCart.js — Kassa's InLine checkout client: the TwoCoInlineCart object a merchant's
 * page drives (products, shipping, billing, cart settings, events), and the hosted cart it
 * opens over the page in an iframe served by Kassa under /checkout/cart.
 *
 * Loaded by the platform's bootstrap snippet, which calls setup.setConfig(namespace, value) for
 * "app" ({merchant}) and "cart" ({host}) and then register(); or used directly with
 * setup.setMerchant(code). Plain browser JavaScript, no framework. Every setter returns its
 * object, so calls chain ("Style 3" of the shipping API). */
(function (window, document) {
  'use strict';
  if (window.TwoCoInlineCart && window.TwoCoInlineCart.__kassa) return;

  var SHIPPING_KEYS = ['name', 'email', 'phone', 'country', 'city', 'state', 'zip', 'address',
    'address2'];
  var BILLING_KEYS = SHIPPING_KEYS.concat(['company', 'fiscalCode']);
  var EVENTS = ['cart:opened', 'cart:closed', 'payment:finalized', 'fulfillment:finalized'];

  var thisScript = document.currentScript;
  var config = { app: { merchant: null, iframeLoad: 'checkout' }, cart: { host: null } };
  var state = {
    products: [], currency: null, language: null, coupons: [], test: false,
    orderExternalRef: null, customerReference: null, source: null, mode: 'DYNAMIC'
  };
  var listeners = {};
  var overlay = null;

  function emit(name, data) {
    (listeners[name] || []).slice().forEach(function (fn) {
      try { fn(data); } catch (e) { if (window.console) window.console.error(e); }
    });
  }

  function cartHost() {
    var h = config.cart.host;
    if (!h && thisScript && thisScript.src) h = new URL(thisScript.src, document.baseURI).origin;
    if (!h) h = window.location.origin;
    return String(h).replace(/\/+$/, '');
  }

  // An address block: setName(v)... for each key, setData({...}), getData() and reset().
  function addressBlock(keys) {
    var data = {};
    var block = {};
    keys.forEach(function (k) {
      block['set' + k.charAt(0).toUpperCase() + k.slice(1)] = function (v) {
        data[k] = v == null ? '' : String(v);
        return block;
      };
    });
    block.setData = function (obj) {
      Object.keys(obj || {}).forEach(function (k) {
        if (keys.indexOf(k) >= 0) data[k] = obj[k] == null ? '' : String(obj[k]);
      });
      return block;
    };
    block.getData = function () {
      var copy = {};
      Object.keys(data).forEach(function (k) { copy[k] = data[k]; });
      return copy;
    };
    block.reset = function () {
      data = {};
      return block;
    };
    return block;
  }

  function product(p) {
    if (!p || !p.code) throw new Error('TwoCoInlineCart.products.add: a product code is required');
    var q = p.quantity == null ? 1 : parseInt(p.quantity, 10);
    if (!(q >= 1)) throw new Error('TwoCoInlineCart.products.add: quantity must be at least 1');
    return { code: String(p.code), quantity: q, options: (p.options || []).slice() };
  }

  var products = {
    add: function (p) {
      var item = product(p);
      var same = state.products.filter(function (x) { return x.code === item.code; })[0];
      if (same) same.quantity += item.quantity; else state.products.push(item);
      return products;
    },
    addMany: function (list) {
      (list || []).forEach(products.add);
      return products;
    },
    remove: function (code) {
      state.products = state.products.filter(function (x) { return x.code !== code; });
      return products;
    },
    removeAll: function () {
      state.products = [];
      return products;
    },
    getAll: function () {
      return state.products.map(function (x) {
        return { code: x.code, quantity: x.quantity, options: x.options.slice() };
      });
    }
  };

  var shipping = addressBlock(SHIPPING_KEYS);
  var billing = addressBlock(BILLING_KEYS);

  var cart = {
    setCurrency: function (c) { state.currency = c ? String(c).toUpperCase() : null; return cart; },
    setLanguage: function (l) { state.language = l ? String(l).toLowerCase() : null; return cart; },
    setCoupon: function (c) { state.coupons = c ? [String(c)] : []; return cart; },
    addCoupon: function (c) { if (c) state.coupons.push(String(c)); return cart; },
    removeCoupon: function (c) {
      state.coupons = state.coupons.filter(function (x) { return x !== c; });
      return cart;
    },
    setTest: function (t) { state.test = !!t; return cart; },
    setOrderExternalRef: function (r) { state.orderExternalRef = r == null ? null : String(r); return cart; },
    setCustomerReference: function (r) { state.customerReference = r == null ? null : String(r); return cart; },
    setSource: function (s) { state.source = s == null ? null : String(s); return cart; },
    setReturnMethod: function () { return cart; },
    checkout: function () { open(); return cart; }
  };

  var setup = {
    setMerchant: function (m) { config.app.merchant = m; return setup; },
    setMode: function (m) { state.mode = m; return setup; },
    setConfig: function (namespace, value) {
      config[namespace] = config[namespace] || {};
      Object.keys(value || {}).forEach(function (k) { config[namespace][k] = value[k]; });
      return setup;
    },
    getConfig: function (namespace) { return config[namespace]; }
  };

  var events = {
    subscribe: function (name, fn) {
      if (typeof fn !== 'function') return events;
      (listeners[name] = listeners[name] || []).push(fn);
      return events;
    },
    unsubscribe: function (name, fn) {
      listeners[name] = (listeners[name] || []).filter(function (x) { return x !== fn; });
      return events;
    },
    names: EVENTS.slice()
  };

  // The cart's state travels in the iframe URL's fragment: it never reaches a server log.
  function snapshot() {
    return {
      products: products.getAll(), shipping: shipping.getData(), billing: billing.getData(),
      currency: state.currency, language: state.language, coupons: state.coupons.slice(),
      test: state.test, orderExternalRef: state.orderExternalRef,
      customerReference: state.customerReference, source: state.source,
      origin: window.location.origin
    };
  }

  function close() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    document.documentElement.style.overflow = '';
    emit('cart:closed', {});
  }

  function open() {
    if (!config.app.merchant) throw new Error('TwoCoInlineCart: no merchant (setup.setMerchant)');
    if (overlay) close();
    overlay = document.createElement('div');
    overlay.setAttribute('data-kassa-inline', 'overlay');
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483646;background:rgba(15,23,42,.55);' +
      'display:flex;align-items:center;justify-content:center';
    var frame = document.createElement('iframe');
    frame.title = 'Secure checkout';
    frame.name = 'kassa-inline-cart';
    frame.setAttribute('data-kassa-inline', 'cart');
    frame.style.cssText = 'border:0;width:min(960px,100vw);height:min(860px,100vh);' +
      'background:#fff;border-radius:12px;box-shadow:0 20px 60px rgba(0,0,0,.35)';
    frame.src = cartHost() + '/checkout/cart?merchant=' + encodeURIComponent(config.app.merchant) +
      '#' + encodeURIComponent(JSON.stringify(snapshot()));
    overlay.appendChild(frame);
    document.body.appendChild(overlay);
    document.documentElement.style.overflow = 'hidden';
    frame.focus();
  }

  // Messages from the hosted cart: only from its origin, only the events it announces.
  window.addEventListener('message', function (e) {
    if (!overlay || e.origin !== cartHost()) return;
    var m = e.data;
    if (!m || m.source !== 'kassa-inline-cart' || EVENTS.indexOf(m.event) < 0) return;
    if (m.event === 'cart:closed') close();
    else emit(m.event, m.data || {});
  });

  window.TwoCoInlineCart = {
    __kassa: true,
    products: products,
    shipping: shipping,
    billing: billing,
    cart: cart,
    setup: setup,
    events: events,
    register: function () { return window.TwoCoInlineCart; }
  };
})(window, document);
