/* finish.js — the last page of the hosted cart: where 3-D Secure (or a payment without it)
 * ends. It reads what the cart kept for this cart id, tells the shopper the outcome and the
 * merchant's page the payment:finalized event. */
(function () {
  'use strict';
  var q = new URLSearchParams(window.location.search);
  var ok = q.get('result') === 'ok';
  var merchant = q.get('merchant') || '';
  var kept = {};
  try {
    kept = JSON.parse(window.sessionStorage.getItem('kassa-cart-' + (q.get('cart') || '')) || '{}');
  } catch (e) {
    kept = {};
  }
  var inFrame = window.parent !== window;
  function $(id) { return document.getElementById(id); }
  function post(event, data) {
    if (inFrame) {
      window.parent.postMessage({ source: 'kassa-inline-cart', event: event, data: data || {} },
        kept.origin || '*');
    }
  }
  $('merchant-name').textContent = merchant ? merchant + ' checkout' : 'Checkout';
  document.title = ok ? 'Thank you for your order' : 'Payment not completed';
  $('icon').textContent = ok ? '\u2713' : '!';
  $('icon').className = 'result-icon ' + (ok ? 'ok' : 'bad');
  $('title').textContent = ok ? 'Thank you for your order' : 'Payment not completed';
  $('message').textContent = ok
    ? 'Your payment was authorized. Keep the order number for your records.'
    : 'The card issuer did not authenticate the payment. Nothing was charged; you can try again with another card.';
  if (kept.refNo) {
    $('summary').hidden = false;
    $('refno').textContent = kept.refNo;
    try {
      $('total').textContent = new Intl.NumberFormat('en', { style: 'currency', currency: kept.currency })
        .format(kept.total);
    } catch (e) {
      $('total').textContent = kept.total + ' ' + kept.currency;
    }
  }
  $('done').addEventListener('click', function () {
    if (inFrame) post('cart:closed');
    else if (kept.returnUrl) window.location.assign(kept.returnUrl);
    else window.close();
  });
  if (ok) post('payment:finalized', { refNo: kept.refNo || null });
  $('done').focus();
})();
