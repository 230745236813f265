// The theme's static files: read once at start, kept in memory, sent
// compressed (brotli or gzip, as the reader asks) under a fingerprinted
// name cached for a year as immutable; the plain name (and a fingerprint
// from before a deploy) still answers, revalidated after five minutes.
// No request path reaches the file system.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import path from 'node:path';
import { makeSite, startServer, samplePath, root } from './helpers.mjs';

const styleOnDisk = readFileSync(path.join(root, 'themes/default/static/style.css'));

let site;
let server;

before(async () => {
  site = makeSite();
  site.gazette('init');
  site.gazette('import', samplePath);
  server = await startServer(site);
});

after(async () => {
  await server?.stop();
  site?.remove();
});

async function get(address, headers = {}) {
  const response = await fetch(`${server.url}${address}`, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

// fetch decompresses by itself; node:http would too. The raw bytes come
// through a request that asks for one encoding and a manual decode.
async function raw(address, encoding) {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${address}`, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function styleAddress() {
  const home = (await get('/')).body.toString();
  const found = home.match(/<link rel="stylesheet" href="(\/static\/style\.[0-9a-f]{12}\.css)">/);
  assert.ok(found, 'the page links its stylesheet by a fingerprinted name');
  return found[1];
}

test('pages link fingerprinted files, sent immutable and compressed', async () => {
  const address = await styleAddress();
  const brotli = await raw(address, 'br');
  assert.equal(brotli.status, 200);
  assert.equal(brotli.headers['content-encoding'], 'br');
  assert.equal(brotli.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(brotli.headers['content-type'], /^text\/css/);
  assert.match(brotli.headers.vary, /accept-encoding/);
  assert.deepEqual(brotliDecompressSync(brotli.body), styleOnDisk);
  assert.ok(brotli.body.length < styleOnDisk.length / 2, `brotli ${brotli.body.length} of ${styleOnDisk.length}`);
  const gzip = await raw(address, 'gzip');
  assert.equal(gzip.headers['content-encoding'], 'gzip');
  assert.deepEqual(gunzipSync(gzip.body), styleOnDisk);
  const identity = await raw(address, 'identity');
  assert.equal(identity.headers['content-encoding'], undefined);
  assert.deepEqual(identity.body, styleOnDisk);
  // A revalidation with the ETag is a 304 without a body.
  const again = await raw(address, 'br');
  const notModified = await get(address, { 'if-none-match': again.headers.etag });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body.length, 0);
});

test('the plain name and an old fingerprint answer the current file, revalidated', async () => {
  for (const address of ['/static/style.css', '/static/style.000000000000.css', '/static/style.css?v=3']) {
    const response = await get(address);
    assert.equal(response.status, 200, address);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300', address);
    assert.deepEqual(response.body, styleOnDisk, address);
  }
  const logo = await raw('/static/logo.png', 'br, gzip');
  assert.equal(logo.status, 200);
  assert.equal(logo.headers['content-type'], 'image/png');
  assert.equal(logo.headers['content-encoding'], undefined, 'a PNG is not compressed again');
});

test('the newsroom links its own files by fingerprint too', async () => {
  const signIn = (await get('/admin/sign-in')).body.toString();
  const css = signIn.match(/href="(\/static\/admin\.[0-9a-f]{12}\.css)"/);
  assert.ok(css, 'the admin stylesheet by fingerprint');
  assert.equal((await get(css[1])).status, 200);
});

test('nothing outside the theme files is reachable under /static', async () => {
  for (const address of ['/static/../gazette.ini', '/static/%2e%2e/gazette.ini', '/static/',
    '/static/nope.css', '/static/style.css/', '/static/.hidden.css']) {
    const response = await get(address);
    assert.ok(response.status === 404 || response.status === 301, `${address}: ${response.status}`);
    assert.doesNotMatch(response.body.toString(), /\[store\]/, address);
  }
});
