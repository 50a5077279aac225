// checkout.test.mjs — the InLine checkout as a shopper meets it, on a merchant page served by
// the test: the seed's three styles of setting the shipping details and reset(), the hosted
// cart prefilled with them, paying with a test card, 3-D Secure passed and failed, the order
// found through the REST API, abandoned carts as leads, and ConvertPlus buy-links with a valid
// and a tampered signature. Screenshots of each step go to artifacts/checkout/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  buyLinkSignature, launchBrowser, merchantPage, newVendor, rest, shot, startKassa, startSite,
} from './kassa.mjs';

let kassa, site, browser, vendor;

// The seed's values, style by style (Style 1 sets address '' and address2 'Pena Blvd').
const STYLE1 = { name: 'Shopper name', country: 'US', email: 'shopper.email@example.com',
  city: 'Denver', state: 'Colorado', zip: '80249', phone: '+1 202 555 0115', address: '',
  address2: 'Pena Blvd' };
const STYLE2 = { ...STYLE1, address: 'Pena Blvd', address2: '' };
const STYLE3 = { ...STYLE1, address: 'Peña Blvd', address2: '' };

// The seed's click handler, verbatim but for the product code.
const SEED_HANDLER = `
window.document.getElementById('buy-button').addEventListener('click', function() {
  TwoCoInlineCart.products.add({
    code: "USB-KEY"
  });
  // Style 1 (all data at once)
  TwoCoInlineCart.shipping.setData({
    name : 'Shopper name',
    country : 'US',
    email : 'shopper.email@example.com',
    city : 'Denver',
    state : 'Colorado',
    zip : '80249',
    phone : '+1 202 555 0115',
    address : '',
    address2: 'Pena Blvd'
  });
  // Reset
  TwoCoInlineCart.shipping.reset();
  // Style 2 (simple)
  TwoCoInlineCart.shipping.setName('Shopper name');
  TwoCoInlineCart.shipping.setEmail('shopper.email@example.com');
  TwoCoInlineCart.shipping.setPhone('+1 202 555 0115');
  TwoCoInlineCart.shipping.setCountry('US');
  TwoCoInlineCart.shipping.setCity('Denver');
  TwoCoInlineCart.shipping.setState('Colorado');
  TwoCoInlineCart.shipping.setZip('80249');
  TwoCoInlineCart.shipping.setAddress('Pena Blvd');
  TwoCoInlineCart.shipping.setAddress2('');
  // Reset
  TwoCoInlineCart.shipping.reset();
  // Style 3 (chained)
  TwoCoInlineCart.shipping
    .setName('Shopper name')
    .setEmail('shopper.email@example.com')
    .setPhone('+1 202 555 0115')
    .setCountry('US')
    .setCity('Denver')
    .setState('Colorado')
    .setZip('80249')
    .setAddress('Peña Blvd')
    .setAddress2('');
  TwoCoInlineCart.cart.setTest(true);
  TwoCoInlineCart.cart.checkout();
});`;

// Each style alone, so that the test can open the cart after each.
const STYLES = `
window.styles = {
  1: function () {
    TwoCoInlineCart.shipping.setData({ name: 'Shopper name', country: 'US',
      email: 'shopper.email@example.com', city: 'Denver', state: 'Colorado', zip: '80249',
      phone: '+1 202 555 0115', address: '', address2: 'Pena Blvd' });
  },
  2: function () {
    TwoCoInlineCart.shipping.setName('Shopper name');
    TwoCoInlineCart.shipping.setEmail('shopper.email@example.com');
    TwoCoInlineCart.shipping.setPhone('+1 202 555 0115');
    TwoCoInlineCart.shipping.setCountry('US');
    TwoCoInlineCart.shipping.setCity('Denver');
    TwoCoInlineCart.shipping.setState('Colorado');
    TwoCoInlineCart.shipping.setZip('80249');
    TwoCoInlineCart.shipping.setAddress('Pena Blvd');
    TwoCoInlineCart.shipping.setAddress2('');
  },
  3: function () {
    return TwoCoInlineCart.shipping
      .setName('Shopper name')
      .setEmail('shopper.email@example.com')
      .setPhone('+1 202 555 0115')
      .setCountry('US')
      .setCity('Denver')
      .setState('Colorado')
      .setZip('80249')
      .setAddress('Peña Blvd')
      .setAddress2('');
  }
};`;

before(async () => {
  kassa = await startKassa();
  browser = await launchBrowser();
  vendor = await newVendor(kassa);
  site = await startSite({
    '/shop': merchantPage(kassa, vendor.code, {
      title: 'Rocky Mountain Backups',
      body: '<p>Backup USB key, 32 GB: $15.00</p>' +
        '<a href="#" class="btn btn-success" id="buy-button">Buy now!</a>',
      script: SEED_HANDLER + STYLES,
    }),
  });
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await kassa?.stop();
});

async function shopPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${site.base}/shop`);
  await page.waitForFunction(() => window.kassaReady === true);
  return page;
}

const cartFrame = (page) => page.frameLocator('iframe[data-kassa-inline="cart"]');

async function openCart(page) {
  const before = await page.evaluate(() => window.kassaEvents.length);
  await page.evaluate(() => TwoCoInlineCart.cart.checkout());
  const frame = cartFrame(page);
  await frame.locator('#total').waitFor();
  await page.waitForFunction((n) => window.kassaEvents.slice(n)
    .some((e) => e.name === 'cart:opened'), before);
  return frame;
}

async function closeCart(page) {
  await cartFrame(page).getByRole('button', { name: 'Close' }).click();
  await page.locator('[data-kassa-inline="overlay"]').waitFor({ state: 'detached' });
}

async function shippingShown(frame) {
  const v = async (id) => frame.locator(`#ship-${id}`).inputValue();
  return { name: await v('name'), country: await v('country'), email: await v('email'),
    city: await v('city'), state: await v('state'), zip: await v('zip'), phone: await v('phone'),
    address: await v('address'), address2: await v('address2') };
}

const EMPTY = { name: '', country: '', email: '', city: '', state: '', zip: '', phone: '',
  address: '', address2: '' };

async function payWithCard(frame, number) {
  await frame.getByLabel('Name on card').fill('Shopper Name');
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Security code (CVV)').fill('123');
  await frame.getByRole('button', { name: /^Pay / }).click();
}

async function lastEvent(page, name) {
  await page.waitForFunction((n) => window.kassaEvents.some((e) => e.name === n), name);
  return page.evaluate((n) => window.kassaEvents.filter((e) => e.name === n).pop(), name);
}

test('the three shipping styles prefill the cart, and reset() clears it', async () => {
  const page = await shopPage();
  await shot(page, 'checkout', '01-merchant-page');
  await page.evaluate(() => {
    TwoCoInlineCart.products.add({ code: 'USB-KEY' });
    TwoCoInlineCart.cart.setTest(true);
  });
  const want = { 1: STYLE1, 2: STYLE2, 3: STYLE3 };
  for (const style of [1, 2, 3]) {
    await page.evaluate((s) => window.styles[s](), style);
    // Style 3 chains: every setter returns the shipping object
    if (style === 3) {
      assert.equal(await page.evaluate(() => window.styles[3]() === TwoCoInlineCart.shipping), true);
    }
    let frame = await openCart(page);
    assert.deepEqual(await shippingShown(frame), want[style]);
    await shot(page, 'checkout', `0${style + 1}-style-${style}-prefilled`);
    await closeCart(page);
    await page.evaluate(() => TwoCoInlineCart.shipping.reset());
    frame = await openCart(page);
    assert.deepEqual(await shippingShown(frame), EMPTY);
    if (style === 1) await shot(page, 'checkout', '03-after-reset-empty');
    await closeCart(page);
  }
  assert.ok((await page.evaluate(() => window.kassaEvents.map((e) => e.name)))
    .includes('cart:closed'));
  await page.close();
});

test('the cart is labelled and usable with the keyboard', async () => {
  const page = await shopPage();
  await page.evaluate(() => {
    TwoCoInlineCart.products.add({ code: 'USB-KEY' });
    TwoCoInlineCart.cart.setTest(true);
  });
  const frame = await openCart(page);
  const unlabelled = await frame.locator('input, select').evaluateAll((els) => els
    .filter((el) => el.type !== 'checkbox' && el.type !== 'hidden')
    .filter((el) => !(el.labels && el.labels.length)).map((el) => el.id));
  assert.deepEqual(unlabelled, []);
  await frame.getByLabel('Full name').first().focus();
  await page.keyboard.press('Tab');
  assert.equal(await frame.locator(':focus').getAttribute('id'), 'ship-email');
  await shot(page, 'checkout', '05-keyboard-focus');
  // Escape closes the cart
  await page.keyboard.press('Escape');
  await page.locator('[data-kassa-inline="overlay"]').waitFor({ state: 'detached' });
  await page.close();
});

test("the seed's click handler: pay with a test card; the order has the script's shipping",
  async () => {
    const page = await shopPage();
    await page.getByRole('link', { name: 'Buy now!' }).click();
    const frame = cartFrame(page);
    await frame.locator('#total').waitFor();
    assert.deepEqual(await shippingShown(frame), STYLE3);
    assert.equal(await frame.locator('#total').textContent(), '$15.00');
    await shot(page, 'checkout', '06-cart-prefilled-style-3');
    await payWithCard(frame, '4111111111111111');
    await frame.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
    await shot(page, 'checkout', '07-paid-thank-you');
    const paid = await lastEvent(page, 'payment:finalized');
    const refNo = paid.data.refNo;
    assert.match(refNo, /^\d{9}$/);
    assert.equal(await frame.locator('#refno').textContent(), refNo);

    const got = await rest(vendor, 'GET', `/orders/${refNo}/`);
    assert.equal(got.status, 200, JSON.stringify(got.body));
    assert.ok(['AUTHRECEIVED', 'COMPLETE'].includes(got.body.Status), got.body.Status);
    assert.equal(got.body.TestOrder, true);
    const d = got.body.DeliveryDetails;
    assert.equal(d.FirstName, 'Shopper');
    assert.equal(d.LastName, 'name');
    assert.equal(d.Email, STYLE3.email);
    assert.equal(d.Phone, STYLE3.phone);
    assert.equal(d.CountryCode, 'US');
    assert.equal(d.City, STYLE3.city);
    assert.equal(d.State, STYLE3.state);
    assert.equal(d.Zip, STYLE3.zip);
    assert.equal(d.Address1, 'Peña Blvd');
    assert.ok(!d.Address2, `Address2 ${d.Address2}`);
    assert.equal(got.body.Items[0].Code, 'USB-KEY');

    // the cart's lead (a name and an email were given) is marked used by the order
    const opened = await lastEvent(page, 'cart:opened');
    const lead = await rest(vendor, 'GET', `/leads/${opened.data.cartId}/`);
    assert.equal(lead.status, 200, JSON.stringify(lead.body));
    assert.equal(lead.body.GeneratedFrom, 'shopping cart');
    assert.equal(lead.body.Used, true);
    assert.equal(lead.body.UsedSuccess, true);
    await page.close();
  });

async function pay3ds(page) {
  await page.evaluate(() => {
    TwoCoInlineCart.products.removeAll().add({ code: 'USB-KEY', quantity: 2 });
    TwoCoInlineCart.cart.setTest(true);
    window.styles[3]();
  });
  const frame = await openCart(page);
  await payWithCard(frame, '4000000000003220');
  await frame.getByRole('heading', { name: '3-D Secure authentication' }).waitFor();
  return frame;
}

async function orderOfCart(page) {
  // the order is found by the shopper's email and the cart's products through REST
  const list = await rest(vendor, 'GET', '/orders/?Limit=1&Page=1');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  return list.body.Items[0];
}

test('3-D Secure passed: the order completes', async () => {
  const page = await shopPage();
  const frame = await pay3ds(page);
  await shot(page, 'checkout', '08-3ds-bank-page');
  await frame.getByRole('button', { name: 'Authenticate' }).click();
  await frame.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
  await shot(page, 'checkout', '09-3ds-passed-thank-you');
  const paid = await lastEvent(page, 'payment:finalized');
  const got = await rest(vendor, 'GET', `/orders/${paid.data.refNo}/`);
  assert.equal(got.body.Status, 'COMPLETE');
  assert.equal(got.body.Items[0].Quantity, 2);
  assert.equal(got.body.DeliveryDetails.Address1, 'Peña Blvd');
  await page.close();
});

test('3-D Secure failed: the order is canceled, the shopper told', async () => {
  const page = await shopPage();
  const frame = await pay3ds(page);
  await frame.getByRole('button', { name: 'Fail authentication' }).click();
  await frame.getByRole('heading', { name: 'Payment not completed' }).waitFor();
  await shot(page, 'checkout', '10-3ds-failed');
  const latest = await orderOfCart(page);
  assert.equal(latest.Status, 'CANCELED');
  assert.ok('PAYMENT_3DS_FAILED' in latest.Errors);
  assert.equal(await page.evaluate(() => window.kassaEvents
    .some((e) => e.name === 'payment:finalized')), false);
  await page.close();
});

test('a declined card keeps the shopper in the cart with the reason', async () => {
  const page = await shopPage();
  await page.evaluate(() => {
    TwoCoInlineCart.products.add({ code: 'USB-KEY' });
    TwoCoInlineCart.cart.setTest(true);
    window.styles[3]();
  });
  const frame = await openCart(page);
  await payWithCard(frame, '4000000000000002');
  await frame.getByRole('alert').filter({ hasText: /./ }).waitFor();
  await shot(page, 'checkout', '11-declined');
  assert.match(await frame.getByRole('alert').textContent(), /not accepted|declined/i);
  await page.close();
});

test('an abandoned cart with a name and an email becomes a lead', async () => {
  const page = await shopPage();
  await page.evaluate(() => {
    TwoCoInlineCart.products.add({ code: 'DESKTOP-LICENSE' });
    TwoCoInlineCart.cart.setTest(true).setCurrency('USD');
  });
  const frame = await openCart(page);
  const opened = await lastEvent(page, 'cart:opened');
  await frame.getByLabel('Full name').first().fill('Abby Andoned');
  await frame.getByLabel('Email').first().fill('abby@example.com');
  await frame.getByLabel('Phone').first().focus(); // leaving the field saves the cart
  const code = opened.data.cartId;
  let lead;
  for (let i = 0; i < 200; i++) {
    lead = await rest(vendor, 'GET', `/leads/${code}/`);
    if (lead.status === 200) break;
    await page.waitForTimeout(50);
  }
  assert.equal(lead.status, 200, JSON.stringify(lead.body));
  await shot(page, 'checkout', '12-cart-abandoned');
  await closeCart(page);
  assert.equal(lead.body.GeneratedFrom, 'shopping cart');
  assert.equal(lead.body.BillingDetails.Email, 'abby@example.com');
  assert.equal(lead.body.Items[0].Code, 'DESKTOP-LICENSE');
  assert.equal(lead.body.Used, false);
  assert.ok(lead.body.FollowUps.length > 0);
  const found = await rest(vendor, 'GET', '/leads/?GeneratedFrom=shopping%20cart&Page=1&Limit=50');
  assert.equal(found.status, 200, JSON.stringify(found.body));
  assert.ok(JSON.stringify(found.body).includes(code));
  await page.close();
});

test('a coupon entered in the cart, or set by the script, discounts the order', async () => {
  const page = await shopPage();
  await page.evaluate(() => {
    TwoCoInlineCart.products.add({ code: 'DESKTOP-LICENSE' });
    TwoCoInlineCart.cart.setTest(true).setCurrency('USD');
  });
  let frame = await openCart(page);
  assert.equal(await frame.locator('#total').textContent(), '$49.00');
  await frame.getByLabel('Coupon code').fill('NOPE-NOT-A-COUPON');
  await frame.getByRole('button', { name: 'Apply' }).click();
  await frame.getByRole('alert').filter({ hasText: 'coupon' }).waitFor();
  await frame.getByLabel('Coupon code').fill('WELCOME10');
  await frame.getByRole('button', { name: 'Apply' }).click();
  await frame.getByText('Coupon WELCOME10 applied.').waitFor();
  assert.equal(await frame.locator('#total').textContent(), '$44.10');
  await shot(page, 'checkout', '12b-coupon-applied');
  await closeCart(page);
  await page.evaluate(() => TwoCoInlineCart.cart.setCoupon('WELCOME10'));
  frame = await openCart(page);
  assert.equal(await frame.locator('#total').textContent(), '$44.10');
  assert.equal(await frame.getByLabel('Coupon code').inputValue(), 'WELCOME10');
  await page.close();
});

function buyLink(params) {
  const signature = buyLinkSignature(vendor.SecretWord, params);
  const q = new URLSearchParams({ merchant: vendor.code, ...params, signature });
  return `${kassa.base}/checkout/buy?${q}`;
}

test('a buy-link with a valid signature opens the cart and pays', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const params = { prod: 'USB-KEY', qty: '2', currency: 'USD', test: '1', 'ship-name': 'Link Buyer', 'ship-email': 'link@example.com',
    'ship-address': '1 Main St', 'ship-city': 'Boulder', 'ship-state': 'Colorado',
    'ship-zip': '80301', 'ship-country': 'US', 'order-ext-ref': 'LINK-1' };
  await page.goto(buyLink(params));
  await page.locator('#total').waitFor();
  assert.equal(await page.locator('#total').textContent(), '$30.00');
  await shot(page, 'checkout', '13-buy-link-cart');
  await page.getByLabel('Name on card').fill('Link Buyer');
  await page.getByLabel('Card number').fill('4111111111111111');
  await page.getByLabel('Security code (CVV)').fill('123');
  await page.getByRole('button', { name: /^Pay / }).click();
  await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
  await shot(page, 'checkout', '14-buy-link-paid');
  const refNo = await page.locator('#refno').textContent();
  const got = await rest(vendor, 'GET', `/orders/${refNo}/`);
  assert.equal(got.body.ExternalReference, 'LINK-1');
  assert.equal(got.body.Items[0].Quantity, 2);
  assert.equal(got.body.DeliveryDetails.City, 'Boulder');
  await page.close();
});

test('a buy-link for dynamic products opens the cart at its signed prices and pays', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const params = { dynamic: '1', prod: 'Consulting hour;Setup fee', price: '80;25.50',
    qty: '2;1', type: 'PRODUCT;PRODUCT', tangible: '0;0', currency: 'USD', test: '1',
    'ship-name': 'Dyna Mic', 'ship-email': 'dyna@example.com', 'ship-address': '2 Side St',
    'ship-city': 'Austin', 'ship-state': 'Texas', 'ship-zip': '73301', 'ship-country': 'US' };
  await page.goto(buyLink(params));
  await page.locator('#total').waitFor();
  assert.equal(await page.locator('#total').textContent(), '$185.50');
  await page.getByText('Consulting hour').waitFor();
  await shot(page, 'checkout', '14b-dynamic-buy-link-cart');
  await page.getByLabel('Name on card').fill('Dyna Mic');
  await page.getByLabel('Card number').fill('4111111111111111');
  await page.getByLabel('Security code (CVV)').fill('123');
  await page.getByRole('button', { name: /^Pay / }).click();
  await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
  const refNo = await page.locator('#refno').textContent();
  const got = await rest(vendor, 'GET', `/orders/${refNo}/`);
  assert.deepEqual(got.body.Items.map((i) => [i.ProductDetails.Name, i.Quantity]),
    [['Consulting hour', 2], ['Setup fee', 1]]);
  assert.equal(Number(got.body.GrossPrice), 185.5);
  await page.close();
});

test('a buy-link with a tampered signature is refused', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const url = new URL(buyLink({ prod: 'USB-KEY', qty: '1', currency: 'USD', test: '1' }));
  url.searchParams.set('qty', '50');
  const r = await page.goto(url.toString());
  assert.equal(r.status(), 403);
  await page.getByText('The buy-link signature does not match its parameters').waitFor();
  await shot(page, 'checkout', '15-buy-link-tampered');
  await page.close();
});

test('the demo shop page is served by Kassa and buys', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${kassa.base}/checkout/demo?merchant=${vendor.code}`);
  await page.waitForFunction(() => window.TwoCoInlineCart);
  await shot(page, 'checkout', '16-demo-shop');
  await page.getByRole('button', { name: 'Buy the license' }).click();
  const frame = cartFrame(page);
  await frame.locator('#total').waitFor();
  await frame.getByLabel('Full name').first().fill('Demo Person');
  await frame.getByLabel('Email').first().fill('demo@example.com');
  await frame.getByLabel('Address', { exact: true }).first().fill('1 Demo Road');
  await frame.getByLabel('City').first().fill('Berlin');
  await frame.getByLabel('ZIP / postal code').first().fill('10115');
  await frame.getByLabel('Country').first().selectOption('DE');
  await frame.locator('#total').waitFor();
  await payWithCard(frame, '4111111111111111');
  await frame.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
  await page.getByText('payment:finalized').waitFor();
  await shot(page, 'checkout', '17-demo-paid');
  await frame.getByRole('button', { name: 'Close' }).click();
  // the subscription, with its required USERS option
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await cartFrame(page).locator('#total').waitFor();
  assert.equal(await cartFrame(page).locator('#error').textContent(), '');
  assert.match(await cartFrame(page).locator('#items').textContent(), /Cloud Basic/);
  await shot(page, 'checkout', '18-demo-subscription');
  await page.close();
});
