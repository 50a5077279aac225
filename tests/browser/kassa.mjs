// kassa.mjs — what every browser test shares: a Kassa server of its own (the binary in
// KASSA_BIN) on a free loopback port, vendors made through the control API, signed REST calls,
// a small "merchant site" served by the test, Debian's Chromium driven by playwright-core, and
// screenshots kept as artifacts (tests/browser/artifacts/, or $KASSA_ARTIFACTS).
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ADMIN_TOKEN = 'browser-admin-token-0123456789';
export const ARTIFACTS = process.env.KASSA_ARTIFACTS || path.join(here, 'artifacts');

function kassaBin() {
  const bin = process.env.KASSA_BIN || path.join(here, '..', '..', 'build-asan', 'kassa');
  return path.resolve(bin);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(cond, what, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Starts `kassa serve` on a fresh database; `await server.stop()` ends it (SIGTERM) and fails
// when it exits non-zero (a sanitizer report).
export async function startKassa({ extraArgs = [] } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kassa-browser-'));
  const db = `sqlite:${path.join(dir, 'k.db')}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = [];
  const proc = spawn(kassaBin(), ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
    '--admin-token', ADMIN_TOKEN, '--quiet', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => log.push(d.toString()));
  proc.stderr.on('data', (d) => log.push(d.toString()));
  let exited = null;
  const done = new Promise((resolve) => proc.on('exit', (code, sig) => {
    exited = { code, sig };
    resolve(exited);
  }));
  await waitFor(async () => {
    if (exited) throw new Error(`kassa exited at start: ${log.join('')}`);
    try {
      return (await fetch(`${base}/healthz`)).ok;
    } catch {
      return false;
    }
  }, 'kassa to start');
  return {
    base, db, port, log,
    cli(...args) {
      const r = spawnSync(kassaBin(), [...args, '--db', db], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`kassa ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
    async stop() {
      if (!exited) proc.kill('SIGTERM');
      const { code, sig } = await done;
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`kassa exited ${code ?? sig}: ${log.join('').slice(-4000)}`);
    },
  };
}

export async function control(server, method, p, body) {
  const r = await fetch(server.base + p, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

// A vendor of its own, with the demo catalog when seed is true (kassa vendor seed-demo).
export async function newVendor(server, { seed = true, model = 'MOR' } = {}) {
  const code = 'B' + randomBytes(5).toString('hex').toUpperCase();
  const r = await control(server, 'POST', '/control/vendors/',
    { Code: code, Model: model, SubscriptionDelaySeconds: 0, SecretWord: `word-${code}` });
  if (r.status !== 201) throw new Error(`vendor: ${JSON.stringify(r.body)}`);
  if (seed) server.cli('vendor', 'seed-demo', '--code', code);
  return { server, code, secret: r.body.Secret, ...r.body };
}

function authHeader(v) {
  const date = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const src = `${Buffer.byteLength(v.code)}${v.code}${Buffer.byteLength(date)}${date}`;
  const hash = createHmac('sha256', v.secret).update(src).digest('hex');
  return `code="${v.code}" date="${date}" hash="${hash}" algo="sha256"`;
}

// A signed REST call: { status, body }.
export async function rest(v, method, p, body) {
  const r = await fetch(`${v.server.base}/rest/6.0${p}`, {
    method,
    headers: { 'X-Avangate-Authentication': authHeader(v), 'Content-Type': 'application/json',
      Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

// A JSON-RPC session of the vendor (login done): call(method, ...params) answers the result or
// throws with the error's code.
export async function rpcSession(v, endpoint = '/rpc/6.0/') {
  const post = async (method, params) => {
    const r = await fetch(`${v.server.base}${endpoint}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = await r.json();
    if (body.error) throw new Error(`${method}: ${body.error.data?.error_code} ${body.error.message}`);
    return body.result;
  };
  const date = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const src = `${Buffer.byteLength(v.code)}${v.code}${Buffer.byteLength(date)}${date}`;
  const hash = createHmac('sha256', v.secret).update(src).digest('hex');
  const sid = await post('login', [v.code, date, hash, 'sha256']);
  return { sid, call: (method, ...params) => post(method, [sid, ...params]) };
}

// A merchant's web site served by the test: routes maps a path to an HTML string or to a
// function (req, res). Every request is recorded in site.requests.
export async function startSite(routes = {}) {
  const requests = [];
  const srv = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url });
    const p = new URL(req.url, 'http://x').pathname;
    const route = routes[p];
    if (typeof route === 'function') return route(req, res);
    if (typeof route === 'string') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(route);
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="en"><title>Shop</title><h1>Shop page ${p}</h1></html>`);
  });
  const port = await freePort();
  await new Promise((resolve) => srv.listen(port, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => srv.close(resolve)),
  };
}

// Debian's Chromium, headless; never a downloaded browser.
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  return chromium.launch({ executablePath, headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

// Saves a full-page screenshot as ARTIFACTS/<group>/<NN-name>.png and returns its path.
export async function shot(page, group, name) {
  const dir = path.join(ARTIFACTS, group);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// An order of the demo catalog (kassa vendor seed-demo) paid with the test processor's card
// that always passes; over replaces top-level fields.
export function demoOrder(over = {}) {
  return {
    Currency: 'USD', Language: 'en', Country: 'US',
    Items: [{ Code: 'USB-KEY', Quantity: 1 }],
    BillingDetails: { FirstName: 'Jane', LastName: 'Shopper', CountryCode: 'US',
      State: 'California', City: 'San Francisco', Address1: '1 Example Street', Zip: '94105',
      Email: 'jane@example.com' },
    PaymentDetails: { Type: 'TEST', Currency: 'USD', CustomerIP: '10.0.0.1', PaymentMethod: {
      CardNumber: '4111111111111111', CardType: 'VISA', ExpirationYear: '2035',
      ExpirationMonth: '12', CCID: '123', HolderName: 'Jane Shopper', RecurringEnabled: true,
      Vendor3DSReturnURL: 'https://shop.example.com/return',
      Vendor3DSCancelURL: 'https://shop.example.com/cancel' } },
    ...over,
  };
}

// Logs page in to the console of server with token (the admin token by default); resolves
// once the console's next page has loaded.
export async function consoleLogin(page, server, token = ADMIN_TOKEN) {
  await page.goto(`${server.base}/console/`);
  await page.getByLabel('Admin token').fill(token);
  await Promise.all([page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Log in' }).click()]);
}

// The platform's bootstrap snippet for the InLine checkout, with Kassa as the cart host: what a
// merchant pastes into its page. `extra` is more of the page's own HTML and script.
export function merchantPage(server, merchant, { title = 'Merchant shop', body = '', script = '' } = {}) {
  const config = { app: { merchant, iframeLoad: 'checkout' },
    cart: { host: server.base, customization: 'inline' } };
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;margin:2rem;background:#fafafa;color:#111}
.btn{display:inline-block;padding:.6rem 1rem;background:#15803d;color:#fff;border-radius:6px;text-decoration:none}</style>
<script>
window.kassaEvents = [];
(function (document, src, libName, config) {
  var script = document.createElement('script');
  script.src = src;
  script.async = true;
  script.onload = function () {
    for (var namespace in config) {
      if (config.hasOwnProperty(namespace)) window[libName].setup.setConfig(namespace, config[namespace]);
    }
    window[libName].register();
    ['cart:opened', 'cart:closed', 'payment:finalized'].forEach(function (name) {
      window[libName].events.subscribe(name, function (data) { window.kassaEvents.push({ name: name, data: data }); });
    });
    window.kassaReady = true;
  };
  document.head.appendChild(script);
})(document, '${server.base}/checkout/client/twoCoInlineCart.js', 'TwoCoInlineCart', ${JSON.stringify(config)});
</script></head><body><h1>${title}</h1>${body}<script>${script}</script></body></html>`;
}

// The buy-link signature (64 hex characters), computed here from the platform's documented
// algorithm (never by Kassa): signed parameters sorted by name, each value prefixed with its
// length in bytes, HMAC-SHA256 with the buy-link secret word.
export const BUYLINK_SIGNED = ['return-url', 'return-type', 'expiration', 'order-ext-ref',
  'item-ext-ref', 'customer-ref', 'customer-ext-ref', 'lock', 'currency', 'prod', 'price', 'qty',
  'tangible', 'type', 'opt', 'description', 'recurrence', 'duration', 'renewal-price', 'coupon'];
export function buyLinkSignature(word, params) {
  const src = Object.keys(params).filter((k) => BUYLINK_SIGNED.includes(k)).sort()
    .map((k) => `${Buffer.byteLength(String(params[k]))}${params[k]}`).join('');
  return createHmac('sha256', word).update(src).digest('hex');
}
