// console.test.mjs — the sandbox console as a developer uses it: log in with the admin token
// (a wrong one is refused), find orders placed through the API in the list and on their page,
// refund one with the button, switch a subscription off and on, advance the clock and see the
// renewal and the follow-up mails appear, walk the catalog, mailbox and charts, and find a
// partner order and its proforma placed through JSON-RPC on the partner and proforma pages.
// Every page is kept as a screenshot in artifacts/console/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { consoleLogin, control, demoOrder, launchBrowser, newVendor, rest, rpcSession, shot,
  startKassa, startSite } from './kassa.mjs';

let kassa, browser, vendor, page, listener;
const orders = {};

before(async () => {
  kassa = await startKassa();
  browser = await launchBrowser();
  vendor = await newVendor(kassa);
  // a listener that answers without a read receipt: IPNs and LCNs are retried on schedule
  listener = await startSite({ '/ipn': 'OK', '/lcn': 'OK' });
  const set = await control(kassa, 'PUT', `/control/vendors/${vendor.code}/`,
    { IpnUrls: [`${listener.base}/ipn`], LcnUrls: [`${listener.base}/lcn`] });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  // a one-off order, a monthly subscription, a declined card, and a lead with follow-ups
  const one = await rest(vendor, 'POST', '/orders/', demoOrder({ ExternalReference: 'SHOP-1001' }));
  assert.equal(one.status, 201, JSON.stringify(one.body));
  orders.one = one.body.RefNo;
  const monthly = await rest(vendor, 'POST', '/orders/', demoOrder({
    Items: [{ Code: 'CLOUD-BASIC', Quantity: 1, PriceOptions: ['USERS=2'] }],
    BillingDetails: { ...demoOrder().BillingDetails, Email: 'sub@example.com' } }));
  assert.equal(monthly.status, 201, JSON.stringify(monthly.body));
  orders.monthly = monthly.body.RefNo;
  orders.sub = monthly.body.Items[0].ProductDetails.Subscriptions[0].SubscriptionReference;
  const declined = await rest(vendor, 'POST', '/orders/', demoOrder({ PaymentDetails: {
    ...demoOrder().PaymentDetails, PaymentMethod: { ...demoOrder().PaymentDetails.PaymentMethod,
      CardNumber: '4000000000000002' } } }));
  assert.equal(declined.status, 201, JSON.stringify(declined.body));
  orders.declined = declined.body.RefNo;
  const lead = await rest(vendor, 'POST', '/leads/', { Currency: 'USD', Language: 'en',
    Items: [{ Code: 'USB-KEY', Quantity: 1 }],
    BillingDetails: { FirstName: 'Lena', LastName: 'Lead', Email: 'lena@example.com',
      CountryCode: 'US', City: 'Austin', State: 'TX', Zip: '73301', Address1: '1 Main St' } });
  assert.equal(lead.status, 201, JSON.stringify(lead.body));
  orders.lead = lead.body.LeadCode;
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (d) => d.accept());
});

after(async () => {
  await page?.close();
  await browser?.close();
  await listener?.stop();
  await kassa?.stop();
});

const V = () => `${kassa.base}/console/v/${vendor.code}`;

test('a wrong token is refused; the admin token opens the console', async () => {
  await page.goto(`${kassa.base}/console/`);
  await shot(page, 'console', '01-login');
  await consoleLogin(page, kassa, 'not-the-admin-token');
  await page.getByRole('alert').filter({ hasText: 'not the admin token' }).waitFor();
  await shot(page, 'console', '02-login-refused');
  await consoleLogin(page, kassa);
  await page.getByRole('heading', { name: 'Vendors' }).waitFor();
  await shot(page, 'console', '03-vendors');
  await page.getByLabel('Vendor').selectOption(vendor.code);
  await page.waitForURL(`${V()}/`);
  await page.getByRole('heading', { name: vendor.code, level: 1 }).waitFor();
});

test('orders placed through the API are in the list and on their page', async () => {
  await page.goto(`${V()}/orders`);
  const table = page.getByRole('table', { name: 'Orders, newest first' });
  for (const ref of [orders.one, orders.monthly, orders.declined])
    await table.getByRole('link', { name: ref }).waitFor();
  await shot(page, 'console', '04-orders');
  // the filters: by status, by external reference, by RefNo
  // a declined card leaves the order PENDING, waiting for a retried payment (docs/orders.md)
  await page.getByLabel('Status').selectOption('PENDING');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/status=PENDING/);
  assert.equal(await table.getByRole('row').count(), 2);
  await table.getByRole('link', { name: orders.declined }).waitFor();
  await page.goto(`${V()}/orders?ext=SHOP-1001`);
  assert.equal(await table.getByRole('row').count(), 2);
  await page.goto(`${V()}/orders`);
  await page.getByLabel('RefNo').fill(orders.one);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(`${V()}/orders/${orders.one}`);
  await page.getByRole('heading', { name: `Order ${orders.one}` }).waitFor();
  const items = page.getByRole('table', { name: /Items/ });
  await items.getByText('USB-KEY').waitFor();
  assert.match(await items.textContent(), /VAT/);
  assert.match(await page.locator('#history').textContent(), /COMPLETE/);
  await shot(page, 'console', '05-order');
  await page.goto(`${V()}/orders/${orders.declined}`);
  assert.match(await page.locator('.subtitle').textContent(), /PENDING/);
  await page.getByText('PAYMENT_DECLINED').or(page.locator('dd code')).first().waitFor();
});

test('the refund button refunds the order', async () => {
  await page.goto(`${V()}/orders/${orders.one}`);
  await page.getByLabel('Reason').fill('Customer asked');
  await Promise.all([page.waitForURL(/done=refund/),
    page.getByRole('button', { name: 'Refund' }).click()]);
  await page.getByRole('status').filter({ hasText: 'Refund recorded' }).waitFor();
  assert.match(await page.locator('.subtitle').textContent(), /REFUND/);
  const refunds = page.getByRole('table', { name: 'Refunds of this order' });
  await refunds.getByText('Customer asked').waitFor();
  await shot(page, 'console', '06-order-refunded');
  const got = await rest(vendor, 'GET', `/orders/${orders.one}/`);
  assert.equal(got.body.Status, 'REFUND');
  assert.equal(await page.getByRole('button', { name: 'Refund' }).count(), 0);
  // the refund's IPN: sent to the listener, with its attempts; replayed with the button
  const ipns = page.getByRole('table', { name: /Instant payment notifications/ });
  await ipns.getByRole('cell', { name: 'REFUND' }).first().waitFor();
  await shot(page, 'console', '06b-order-refund-ipn');
  await ipns.getByRole('row').filter({ hasText: 'REFUND' }).getByRole('link').first().click();
  await page.getByRole('table', { name: 'Delivery attempts' }).waitFor();
  assert.match(await page.locator('#notice-body').textContent(), /ORDERSTATUS=REFUND/);
  await shot(page, 'console', '06c-ipn');
  const before = await page.getByRole('table', { name: 'Delivery attempts' }).getByRole('row')
    .count();
  await page.getByRole('button', { name: 'Replay' }).click();
  await page.getByRole('status').filter({ hasText: 'Sent again' }).waitFor();
  assert.ok(listener.requests.some((r) => r.url === '/ipn'));
  assert.ok(before >= 2);
});

test('a subscription is disabled and enabled again', async () => {
  await page.goto(`${V()}/subscriptions`);
  await page.getByRole('link', { name: orders.sub }).click();
  await page.getByRole('heading', { name: `Subscription ${orders.sub}` }).waitFor();
  await page.getByRole('button', { name: 'Disable subscription' }).click();
  await page.getByRole('button', { name: 'Enable subscription' }).waitFor();
  assert.match(await page.locator('#state').textContent(), /disabled/);
  let got = await rest(vendor, 'GET', `/subscriptions/${orders.sub}/`);
  assert.equal(got.body.SubscriptionEnabled, false);
  await shot(page, 'console', '07-subscription-disabled');
  await page.getByRole('button', { name: 'Enable subscription' }).click();
  await page.getByRole('button', { name: 'Disable subscription' }).waitFor();
  got = await rest(vendor, 'GET', `/subscriptions/${orders.sub}/`);
  assert.equal(got.body.SubscriptionEnabled, true);
  assert.match(await page.locator('#next-renewal').textContent(), /\d{4}-\d\d-\d\d/);
});

test('advancing the clock shows the renewal and the follow-up mails', async () => {
  await page.goto(`${V()}/clock`);
  await page.locator('#coming-up').getByRole('link', { name: orders.sub }).waitFor();
  await shot(page, 'console', '08-clock');
  const before = (await rest(vendor, 'GET', `/subscriptions/${orders.sub}/`)).body;
  // a monthly subscription renews within two moves of 30 days; the script steps a day at a
  // time, then lands on the summary of the whole window
  await page.getByRole('button', { name: '+30 days' }).click();
  await page.waitForURL(/\/clock\?from=\d+&to=\d+/, { timeout: 120000 });
  const first = page.url();
  // the lead's first follow-ups went out in these 30 days
  assert.match(await page.locator('#ran-events').textContent(), /mail/);
  await page.getByRole('button', { name: '+30 days' }).click();
  await page.waitForURL((u) => /\/clock\?from=\d+&to=\d+/.test(u) && u.toString() !== first,
    { timeout: 120000 });
  await shot(page, 'console', '09-clock-advanced');
  const ran = page.locator('#ran-events');
  await ran.getByText(`of ${orders.sub}`).waitFor();
  assert.match(await ran.textContent(), /RENEWAL/);
  const after = (await rest(vendor, 'GET', `/subscriptions/${orders.sub}/`)).body;
  assert.notEqual(after.ExpirationDate, before.ExpirationDate);
  await page.goto(`${V()}/subscriptions/${orders.sub}`);
  const history = page.getByRole('table', { name: /The orders that created/ });
  await history.getByRole('cell', { name: 'RENEWAL' }).first().waitFor();
  await shot(page, 'console', '10-subscription-renewed');
});

test('leads and their follow-up mails', async () => {
  await page.goto(`${V()}/leads`);
  await page.getByRole('link', { name: orders.lead }).click();
  await page.getByRole('heading', { name: `Lead ${orders.lead}` }).waitFor();
  assert.match(await page.locator('#followups').textContent(), /sent/);
  const mails = page.locator('#lead-mails li');
  assert.ok(await mails.count() >= 1);
  await mails.first().locator('summary').click();
  await shot(page, 'console', '11-lead');
  await page.goto(`${V()}/mailbox`);
  await page.locator('#mailbox').getByText('lena@example.com').first().waitFor();
  await shot(page, 'console', '12-mailbox');
});

test('the overview charts orders, revenue and renewals; the catalog is listed', async () => {
  await page.goto(`${V()}/`);
  for (const id of ['chart-orders', 'chart-revenue', 'chart-renewals', 'chart-notifications'])
    await page.locator(`#${id} svg rect`).first().waitFor();
  assert.match(await page.locator('.tiles').textContent(), /orders/);
  await shot(page, 'console', '13-overview');
  await page.goto(`${V()}/notifications?channel=LCN`);
  await page.getByRole('table', { name: 'Notifications, newest first' }).getByText(orders.sub)
    .first().waitFor();
  await shot(page, 'console', '13b-notifications');
  await page.goto(`${V()}/catalog`);
  await page.getByRole('table', { name: 'Products' }).getByText('CLOUD-BASIC').waitFor();
  await shot(page, 'console', '14-catalog');
  await page.getByRole('link', { name: 'Promotions' }).click();
  await page.getByRole('table', { name: 'Promotions' }).getByText('WELCOME10').waitFor();
  // keyboard: the skip link comes first and takes focus to the content
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
});

test('partners: the demo partner, its order and its proforma', async () => {
  // a partner order and its proforma, through JSON-RPC as a partner's system places them
  const p = await rpcSession(vendor);
  assert.equal(await p.call('setPartner', 'DEMO-PARTNER'), true);
  const info = await p.call('getPricingListInformation', 'DEMO-LIST');
  const ids = Object.fromEntries(info.Products.map((x) => [x.ProductCode, x.ProductId]));
  assert.equal(await p.call('addPartnerProduct', ids['USB-KEY'], 2, null, 'DEMO-LIST'), true);
  assert.equal(await p.call('setExternalRef', 'PO-CONSOLE-1'), true);
  const order = await p.call('placePartnerOrder');
  const pf = await p.call('createProforma', [order.RefNo]);
  const got = await p.call('getProforma', pf.Number);

  await page.goto(`${V()}/`);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Partners' })
    .click();
  const table = page.getByRole('table', { name: 'Partners by code' });
  const row = table.getByRole('row').filter({ hasText: 'DEMO-PARTNER' });
  await row.waitFor();
  assert.match(await row.textContent(), /RESELLER/);
  assert.match(await row.textContent(), /active/);
  assert.match(await row.textContent(), /USD/);
  await shot(page, 'console', '15-partners');
  await page.goto(`${V()}/partners?text=no-such-partner`);
  await page.getByText('No partner matches').waitFor();
  await page.goto(`${V()}/partners`);

  await table.getByRole('link', { name: 'DEMO-PARTNER' }).click();
  await page.getByRole('heading', { name: 'Partner DEMO-PARTNER' }).waitFor();
  await page.locator('#pricing-lists').getByText('DEMO-LIST').waitFor();
  const orders = page.getByRole('table', { name: 'Orders, newest first' });
  const orow = orders.getByRole('row').filter({ hasText: order.RefNo });
  assert.match(await orow.textContent(), /AWAITING_PAYMENT/);
  assert.match(await orow.textContent(), /PO-CONSOLE-1/);
  await orow.getByRole('link', { name: pf.Number }).waitFor();
  const pfs = page.getByRole('table', { name: 'Proformas, newest first' });
  assert.match(await pfs.getByRole('row').filter({ hasText: pf.Number }).textContent(), /Unpaid/);
  // the order awaiting payment takes its total off the credit
  const amount = async (loc) => Number((await loc.textContent()).replace(/[^0-9.]/g, ''));
  const limit = await amount(page.locator('dt:text-is("Credit limit") + dd'));
  const avail = await amount(page.locator('#available-credit'));
  assert.equal(Math.round((limit - avail) * 100), Math.round(Number(pf.Total) * 100));
  await shot(page, 'console', '16-partner');

  await pfs.getByRole('link', { name: pf.Number }).click();
  await page.getByRole('heading', { name: `Proforma ${pf.Number}` }).waitFor();
  assert.equal((await page.locator('#proforma-total').textContent()).replace(/\s/g, ' '),
    `${Number(pf.Total).toFixed(2)} USD`);
  await page.locator('#proforma-orders').getByRole('link', { name: order.RefNo }).waitFor();
  const href = await page.locator('#proforma-pdf').getAttribute('href');
  // the same signed link getProforma answers: same path, and it serves the PDF
  assert.equal(new URL(href).pathname, new URL(got.ProformaPDF).pathname);
  const pdf = await fetch(href);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  await shot(page, 'console', '17-proforma');
  await page.locator('#proforma-orders').getByRole('link', { name: order.RefNo }).click();
  await page.getByRole('heading', { name: `Order ${order.RefNo}` }).waitFor();
  // another vendor's number is not found here
  const res = await page.goto(`${V()}/proformas/0000000000`);
  assert.equal(res.status(), 404);
});

test('log out ends the session', async () => {
  await page.goto(`${V()}/`);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('Admin token').waitFor();
  const r = await page.goto(`${V()}/orders`);
  assert.equal(r.status(), 401);
});
