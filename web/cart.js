/* cart.js — the hosted cart: what TwoCoInlineCart (or a signed ConvertPlus link) put in it,
 * priced by Kassa's pricing engine, the shopper's addresses (prefilled, editable), a coupon, the
 * card, and the order placed through Kassa's public checkout endpoints with the merchant's code.
 * A shopper who gave a name and an email is saved as a lead until the order is placed. Events
 * go back to the merchant's page with postMessage. */
(function () {
  'use strict';

  var query = new URLSearchParams(window.location.search);
  var merchant = query.get('merchant') || '';
  var buyLink = /\/checkout\/buy\/?$/.test(window.location.pathname);
  var inFrame = window.parent !== window;
  var st = buyLink ? fromBuyLink(query) : fromFragment();
  var cartId = newCartId();
  var priced = null;
  var coupons = (st.coupons || []).slice();

  var COUNTRIES = [['US', 'United States'], ['CA', 'Canada'], ['GB', 'United Kingdom'],
    ['DE', 'Germany'], ['FR', 'France'], ['NL', 'Netherlands'], ['RO', 'Romania'], ['ES', 'Spain'],
    ['IT', 'Italy'], ['BR', 'Brazil'], ['IN', 'India'], ['AU', 'Australia'], ['JP', 'Japan']];

  function $(id) { return document.getElementById(id); }

  function fromFragment() {
    try {
      return JSON.parse(decodeURIComponent(window.location.hash.slice(1)) || '{}') || {};
    } catch (e) {
      return {};
    }
  }

  // A ConvertPlus link: prod=CODE1;CODE2&qty=1;2&currency=USD&coupon=...&name=...&ship-name=...
  function fromBuyLink(q) {
    var codes = (q.get('prod') || '').split(';').filter(Boolean);
    var qty = (q.get('qty') || '').split(';');
    var addr = function (prefix) {
      var a = {};
      ['name', 'email', 'phone', 'country', 'city', 'state', 'zip', 'address', 'address2']
        .forEach(function (k) { if (q.get(prefix + k)) a[k] = q.get(prefix + k); });
      return a;
    };
    var billing = addr('');
    if (q.get('company-name')) billing.company = q.get('company-name');
    // dynamic products: prod names their products, price, type and tangible go with each
    var dynamic = q.get('dynamic') === '1' || q.has('price');
    var prices = (q.get('price') || '').split(';');
    var types = (q.get('type') || '').split(';');
    var tangible = (q.get('tangible') || '').split(';');
    var link = {};
    q.forEach(function (v, k) { link[k] = v; });
    return {
      link: link,
      products: codes.map(function (c, i) {
        var p = { code: c, quantity: parseInt(qty[i], 10) || 1, options: [] };
        if (dynamic) {
          p.dynamic = { price: prices[i], type: types[i] || 'PRODUCT',
            tangible: tangible[i] === '1' || tangible[i] === 'true' };
        }
        return p;
      }),
      shipping: addr('ship-'), billing: billing,
      currency: q.get('currency') ? q.get('currency').toUpperCase() : null,
      language: q.get('language'), coupons: q.get('coupon') ? [q.get('coupon')] : [],
      test: q.get('test') === '1' || q.get('test') === 'true',
      orderExternalRef: q.get('order-ext-ref'), customerReference: q.get('customer-ext-ref'),
      source: q.get('src'), returnUrl: q.get('return-url')
    };
  }

  function newCartId() {
    var b = new Uint8Array(5);
    window.crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) {
      return ('0' + x.toString(16)).slice(-2);
    }).join('').toUpperCase();
  }

  function post(event, data) {
    if (inFrame) {
      window.parent.postMessage({ source: 'kassa-inline-cart', event: event, data: data || {} },
        st.origin || '*');
    }
  }

  function api(path, body) {
    var url = '/checkout/api/cart/' + path + '?merchant=' + encodeURIComponent(merchant) +
      '&cart=' + cartId;
    // the order of a signed link goes with the link, which Kassa checks again
    if (path === 'order' && st.link) url += '&link=' + encodeURIComponent(JSON.stringify(st.link));
    return fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, status: r.status, body: j }; });
    });
  }

  function showError(msg) {
    $('error').textContent = msg || '';
    if (msg) $('error').scrollIntoView({ block: 'nearest' });
  }

  // --- addresses ---------------------------------------------------------------------------

  function fillCountries(select, chosen) {
    var opt = document.createElement('option');
    opt.value = '';
    opt.textContent = 'Choose a country';
    select.appendChild(opt);
    var list = COUNTRIES.slice();
    if (chosen && !list.some(function (c) { return c[0] === chosen; })) list.push([chosen, chosen]);
    list.forEach(function (c) {
      var o = document.createElement('option');
      o.value = c[0];
      o.textContent = c[1];
      select.appendChild(o);
    });
    select.value = chosen || '';
  }

  var FIELDS = ['name', 'email', 'phone', 'address', 'address2', 'city', 'state', 'zip'];

  function prefill(prefix, data) {
    FIELDS.forEach(function (k) {
      var el = $(prefix + k);
      if (el) el.value = data[k] || '';
    });
    fillCountries($(prefix + 'country'), (data.country || '').toUpperCase());
  }

  function read(prefix) {
    var a = {};
    FIELDS.concat(['country']).forEach(function (k) {
      var el = $(prefix + k);
      if (el) a[k] = el.value.trim();
    });
    return a;
  }

  // The API's address object from the cart's fields.
  function apiAddress(a, extra) {
    var parts = (a.name || '').split(/\s+/).filter(Boolean);
    var out = {
      FirstName: parts[0] || '', LastName: parts.slice(1).join(' '), Email: a.email || '',
      Phone: a.phone || '', Address1: a.address || '', Address2: a.address2 || '',
      City: a.city || '', State: a.state || '', Zip: a.zip || '', CountryCode: a.country || ''
    };
    Object.keys(extra || {}).forEach(function (k) { if (extra[k]) out[k] = extra[k]; });
    Object.keys(out).forEach(function (k) { if (out[k] === '') delete out[k]; });
    return out;
  }

  function billingAddress() {
    if ($('same-address').checked) return apiAddress(read('ship-'));
    return apiAddress(read('bill-'), {
      Company: $('bill-company').value.trim(), FiscalCode: $('bill-fiscal').value.trim()
    });
  }

  // --- pricing -----------------------------------------------------------------------------

  function items() {
    return (st.products || []).map(function (p) {
      if (p.dynamic) {
        return { IsDynamic: true, Name: p.code, Quantity: p.quantity || 1, Tangible: p.dynamic.tangible,
          PurchaseType: p.dynamic.type, Price: { Amount: Number(p.dynamic.price), Type: 'CUSTOM' } };
      }
      var it = { Code: p.code, Quantity: p.quantity || 1 };
      if (p.options && p.options.length) it.PriceOptions = p.options;
      return it;
    });
  }

  function money(v, cur) {
    try {
      return new Intl.NumberFormat(st.language || 'en', { style: 'currency', currency: cur })
        .format(v);
    } catch (e) {
      return v + ' ' + cur;
    }
  }

  function order() {
    var b = billingAddress();
    var o = { Items: items(), Country: b.CountryCode || undefined, BillingDetails: b };
    if (st.currency) o.Currency = st.currency;
    if (coupons.length) o.Promotions = coupons;
    return o;
  }

  function renderTotals(p) {
    var rows = [['Subtotal', p.NetPrice]];
    if (p.Discount) rows.push(['Discount', -p.Discount]);
    rows.push(['VAT', p.VAT]);
    var dl = $('totals');
    dl.textContent = '';
    rows.forEach(function (r) {
      var dt = document.createElement('dt');
      dt.textContent = r[0];
      var dd = document.createElement('dd');
      dd.textContent = money(r[1], p.Currency);
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    var dt = document.createElement('dt');
    dt.className = 'grand';
    dt.textContent = 'Total';
    var dd = document.createElement('dd');
    dd.className = 'grand';
    dd.id = 'total';
    dd.textContent = money(p.GrossDiscountedPrice, p.Currency);
    dl.appendChild(dt);
    dl.appendChild(dd);
    $('pay').textContent = 'Pay ' + money(p.GrossDiscountedPrice, p.Currency);
  }

  function renderItems(p) {
    var tb = $('items');
    tb.textContent = '';
    (p.Items || []).forEach(function (it) {
      var tr = document.createElement('tr');
      var name = document.createElement('td');
      name.textContent = it.ProductDetails ? it.ProductDetails.Name : it.Code;
      var q = document.createElement('td');
      q.className = 'num';
      q.textContent = it.Quantity;
      var pr = document.createElement('td');
      pr.className = 'num';
      pr.textContent = money(it.Price.GrossDiscountedPrice, p.Currency);
      tr.appendChild(name);
      tr.appendChild(q);
      tr.appendChild(pr);
      tb.appendChild(tr);
    });
  }

  function price() {
    if (!items().length) {
      $('items').innerHTML = '<tr><td colspan="3" class="muted">Your cart is empty.</td></tr>';
      $('pay').disabled = true;
      return Promise.resolve(null);
    }
    return api('contents', order()).then(function (r) {
      if (!r.ok) {
        var promo = /^PROMOTION_/.test(r.body.error_code || '');
        if (promo && coupons.length) {
          coupons.pop();
          $('coupon-note').textContent = '';
          showError('This coupon cannot be used: ' + r.body.message);
          return price();
        }
        showError(r.body.message || 'The cart could not be priced.');
        return null;
      }
      priced = r.body;
      renderItems(priced);
      renderTotals(priced);
      $('pay').disabled = false;
      return priced;
    });
  }

  // --- leads: a shopper with a name and an email who leaves -------------------------------

  var leadTimer = null;
  function saveLead() {
    clearTimeout(leadTimer);
    leadTimer = setTimeout(function () {
      var b = billingAddress();
      if (!b.Email || !(b.FirstName || b.LastName) || !priced) return;
      api('lead', {
        CartId: cartId, Currency: priced.Currency, Language: st.language || 'en', Items: items(),
        BillingDetails: b, DeliveryDetails: apiAddress(read('ship-'))
      });
    }, 300);
  }

  // --- paying ------------------------------------------------------------------------------

  function cardType(n) {
    if (/^4/.test(n)) return 'VISA';
    if (/^(5[1-5]|2[2-7])/.test(n)) return 'MASTERCARD';
    if (/^3[47]/.test(n)) return 'AMEX';
    if (/^(6011|65)/.test(n)) return 'DISCOVER';
    if (/^35/.test(n)) return 'JCB';
    return 'VISA';
  }

  function invalid(id, msg) {
    var el = $(id);
    el.setAttribute('aria-invalid', 'true');
    el.focus();
    showError(msg);
    return false;
  }

  function validate() {
    document.querySelectorAll('[aria-invalid]').forEach(function (el) {
      el.removeAttribute('aria-invalid');
    });
    var s = read('ship-');
    if (s.name.split(/\s+/).filter(Boolean).length < 2) {
      return invalid('ship-name', 'Please enter the first and last name to ship to.');
    }
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s.email)) return invalid('ship-email', 'Please enter a valid email.');
    if (!s.address) return invalid('ship-address', 'Please enter the shipping address.');
    if (!s.city) return invalid('ship-city', 'Please enter the city.');
    if (!s.zip) return invalid('ship-zip', 'Please enter the ZIP or postal code.');
    if (!s.country) return invalid('ship-country', 'Please choose the country.');
    if (!$('same-address').checked) {
      var b = read('bill-');
      if (b.name.split(/\s+/).filter(Boolean).length < 2) {
        return invalid('bill-name', 'Please enter the first and last name to bill.');
      }
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(b.email)) return invalid('bill-email', 'Please enter a valid billing email.');
      if (!b.address) return invalid('bill-address', 'Please enter the billing address.');
      if (!b.city) return invalid('bill-city', 'Please enter the billing city.');
      if (!b.zip) return invalid('bill-zip', 'Please enter the billing ZIP or postal code.');
      if (!b.country) return invalid('bill-country', 'Please choose the billing country.');
    }
    if (!$('card-holder').value.trim()) return invalid('card-holder', 'Please enter the name on the card.');
    if ($('card-number').value.replace(/\D/g, '').length < 12) {
      return invalid('card-number', 'Please enter the card number.');
    }
    if (!/^\d{3,4}$/.test($('card-cvv').value.trim())) {
      return invalid('card-cvv', 'Please enter the 3 or 4 digit security code.');
    }
    return true;
  }

  function finishUrl(result) {
    return window.location.origin + '/checkout/finish?result=' + result + '&cart=' + cartId +
      '&merchant=' + encodeURIComponent(merchant);
  }

  function pay(e) {
    e.preventDefault();
    showError('');
    if (!validate()) return;
    var number = $('card-number').value.replace(/\D/g, '');
    var o = order();
    o.Currency = priced ? priced.Currency : st.currency;
    o.Language = st.language || 'en';
    o.DeliveryDetails = apiAddress(read('ship-'));
    if (st.orderExternalRef) o.ExternalReference = st.orderExternalRef;
    if (st.customerReference) o.CustomerReference = st.customerReference;
    o.Source = st.source || 'InLine checkout';
    o.PaymentDetails = {
      Type: st.test ? 'TEST' : 'CC', Currency: o.Currency,
      PaymentMethod: {
        CardNumber: number, CardType: cardType(number),
        ExpirationMonth: $('card-month').value, ExpirationYear: $('card-year').value,
        CCID: $('card-cvv').value.trim(), HolderName: $('card-holder').value.trim(),
        Vendor3DSReturnURL: finishUrl('ok'), Vendor3DSCancelURL: finishUrl('cancel')
      }
    };
    $('pay').disabled = true;
    api('order', o).then(function (r) {
      $('pay').disabled = false;
      if (!r.ok) {
        showError(r.body.message || 'The order could not be placed.');
        return;
      }
      var placed = r.body;
      window.sessionStorage.setItem('kassa-cart-' + cartId, JSON.stringify({
        refNo: placed.RefNo, origin: st.origin || null, returnUrl: st.returnUrl || null,
        total: placed.GrossPrice, currency: placed.Currency
      }));
      var pm = placed.PaymentDetails && placed.PaymentDetails.PaymentMethod;
      if (placed.Errors && Object.keys(placed.Errors).length) {
        var k = Object.keys(placed.Errors)[0];
        showError('The payment was not accepted: ' + placed.Errors[k]);
        return;
      }
      if (placed.Status === 'PENDING' && pm && pm.Authorize3DS) {
        var a = pm.Authorize3DS;
        var qs = Object.keys(a.Params || {}).map(function (k) {
          return encodeURIComponent(k) + '=' + encodeURIComponent(a.Params[k]);
        }).join('&');
        window.location.assign(a.Href + (a.Href.indexOf('?') < 0 ? '?' : '&') + qs);
        return;
      }
      window.location.assign(finishUrl('ok'));
    }, function () {
      $('pay').disabled = false;
      showError('Kassa could not be reached; nothing was charged. Please try again.');
    });
  }

  // --- start -------------------------------------------------------------------------------

  function start() {
    $('merchant-name').textContent = merchant ? merchant + ' checkout' : 'Checkout';
    $('test-badge').hidden = !st.test;
    $('test-hint').hidden = !st.test;
    prefill('ship-', st.shipping || {});
    var b = st.billing || {};
    prefill('bill-', b);
    $('bill-company').value = b.company || '';
    $('bill-fiscal').value = b.fiscalCode || '';
    if (Object.keys(b).some(function (k) { return b[k]; })) {
      $('same-address').checked = false;
      $('billing').hidden = false;
    }
    var month = $('card-month'), year = $('card-year');
    for (var m = 1; m <= 12; m++) {
      var o = document.createElement('option');
      o.value = (m < 10 ? '0' : '') + m;
      o.textContent = o.value;
      month.appendChild(o);
    }
    var y0 = new Date().getFullYear();
    for (var y = y0; y <= y0 + 12; y++) {
      var oy = document.createElement('option');
      oy.value = String(y);
      oy.textContent = String(y);
      year.appendChild(oy);
    }
    year.value = String(y0 + 3);
    if (coupons.length) $('coupon').value = coupons[0];

    $('same-address').addEventListener('change', function () {
      $('billing').hidden = this.checked;
      price();
    });
    $('apply-coupon').addEventListener('click', function () {
      var c = $('coupon').value.trim();
      showError('');
      coupons = c ? [c] : [];
      price().then(function (p) {
        $('coupon-note').textContent = p && c && coupons.length ? 'Coupon ' + c + ' applied.' : '';
      });
    });
    ['ship-country', 'bill-country'].forEach(function (id) {
      $(id).addEventListener('change', price);
    });
    document.querySelectorAll('#shipping input, #billing input').forEach(function (el) {
      el.addEventListener('change', saveLead);
    });
    $('checkout').addEventListener('submit', pay);
    $('close').addEventListener('click', function () {
      if (inFrame) post('cart:closed');
      else if (st.returnUrl) window.location.assign(st.returnUrl);
      else window.history.back();
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && inFrame) post('cart:closed');
    });
    if (!inFrame && !st.returnUrl) $('close').hidden = true;
    price().then(saveLead);
    post('cart:opened', { cartId: cartId });
  }

  start();
})();
