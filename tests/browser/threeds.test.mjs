// threeds.test.mjs — the 3-D Secure page as a shopper meets it: an order paid with a card that
// asks for 3-D Secure, the bank page opened in Chromium, the shopper's choice, and the
// redirect back to the merchant's Vendor3DSReturnURL or Vendor3DSCancelURL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoOrder, launchBrowser, newVendor, rest, shot, startKassa, startSite }
  from './kassa.mjs';

let kassa, site, browser, vendor;

before(async () => {
  kassa = await startKassa();
  site = await startSite();
  browser = await launchBrowser();
  vendor = await newVendor(kassa);
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await kassa?.stop();
});

function order3ds() {
  const o = demoOrder();
  Object.assign(o.PaymentDetails.PaymentMethod, { CardNumber: '4000000000003220',
    Vendor3DSReturnURL: `${site.base}/return`, Vendor3DSCancelURL: `${site.base}/cancel` });
  return o;
}

async function openBankPage(page) {
  const placed = await rest(vendor, 'POST', '/orders/', order3ds());
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  assert.equal(placed.body.Status, 'PENDING');
  const a3 = placed.body.PaymentDetails.PaymentMethod.Authorize3DS;
  await page.goto(`${a3.Href}?avng8apitoken=${encodeURIComponent(a3.Params.avng8apitoken)}`);
  await page.getByText(placed.body.RefNo).first().waitFor();
  return placed.body.RefNo;
}

test('the shopper authenticates and lands on the return URL; the order completes', async () => {
  const page = await browser.newPage();
  const refNo = await openBankPage(page);
  await shot(page, '3ds', '01-bank-page');
  await page.getByRole('button', { name: 'Authenticate' }).click();
  await page.waitForURL(`${site.base}/return`);
  await shot(page, '3ds', '02-returned-to-shop');
  const got = await rest(vendor, 'GET', `/orders/${refNo}/`);
  assert.equal(got.body.Status, 'COMPLETE');
  assert.equal(got.body.ApproveStatus, 'OK');
  await page.close();
});

test('the shopper fails authentication and lands on the cancel URL; the order is canceled',
  async () => {
    const page = await browser.newPage();
    const refNo = await openBankPage(page);
    await page.getByRole('button', { name: 'Fail authentication' }).click();
    await page.waitForURL(`${site.base}/cancel`);
    await shot(page, '3ds', '03-canceled-back-at-shop');
    const got = await rest(vendor, 'GET', `/orders/${refNo}/`);
    assert.equal(got.body.Status, 'CANCELED');
    assert.ok('PAYMENT_3DS_FAILED' in got.body.Errors);
    await page.close();
  });
