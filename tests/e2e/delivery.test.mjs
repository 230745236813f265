// Reader delivery through the page cache: hits equal misses byte for byte,
// compressed variants, validators, tag invalidation on writes from another
// process, one render for a burst of misses, the byte cap, editors never
// cached, keys from the route (tracking parameters, floods of made-up
// queries), per-route Cache-Control, and HTTP/2 in clear text and over TLS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { makeSite, startServer, samplePath, articleLinks } from './helpers.mjs';

let site;
let server;
let articlePath;

const sample = readFileSync(samplePath, 'utf8');

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

async function metrics(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Object.fromEntries(text.trim().split('\n').map((line) => {
    const [name, value] = line.split(' ');
    return [name, Number(value)];
  }));
}

before(async () => {
  site = makeSite();
  site.gazette('init');
  const imported = site.gazette('import', samplePath);
  assert.equal(imported.status, 0, imported.stderr);
  server = await startServer(site, ['--cache-article', 'public, max-age=7, s-maxage=70, stale-while-revalidate=700']);
  const home = await (await fetch(`${server.url}/`)).text();
  articlePath = articleLinks(home).find((l) => l.href.includes('militant')).href;
});

after(async () => {
  await server?.stop();
  site?.remove();
});

test('a hit returns the same bytes and headers as the miss', async () => {
  const url = `${server.url}${articlePath}?hit-test`;
  const before = await metrics(server.url);
  const miss = await get(url);
  const hit = await get(url);
  const after = await metrics(server.url);
  assert.equal(miss.status, 200);
  assert.deepEqual(hit.body, miss.body);
  assert.equal(hit.headers.etag, miss.headers.etag);
  assert.equal(after.gazette_cache_misses_total - before.gazette_cache_misses_total, 1);
  assert.equal(after.gazette_cache_hits_total - before.gazette_cache_hits_total, 1);
  assert.equal(hit.headers['cache-control'], 'public, max-age=7, s-maxage=70, stale-while-revalidate=700');
  assert.match(hit.headers['surrogate-key'], /(^| )article:\d+( |$)/);
  assert.match(hit.headers['surrogate-key'], /article:1892278/);
  assert.equal(hit.headers.vary, 'accept-encoding');
  assert.ok(hit.headers['last-modified']);
});

test('gzip and brotli variants decode to the identity body', async () => {
  const url = `${server.url}${articlePath}`;
  const identity = await get(url);
  const gzip = await get(url, { 'accept-encoding': 'gzip' });
  const brotli = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(identity.headers['content-encoding'], undefined);
  assert.equal(gzip.headers['content-encoding'], 'gzip');
  assert.equal(brotli.headers['content-encoding'], 'br');
  assert.deepEqual(zlib.gunzipSync(gzip.body), identity.body);
  assert.deepEqual(zlib.brotliDecompressSync(brotli.body), identity.body);
  assert.ok(brotli.body.length < identity.body.length / 2);
  assert.notEqual(gzip.headers.etag, identity.headers.etag, 'each encoding has its own strong ETag');
  const notModified = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': gzip.headers.etag });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body.length, 0);
  const since = await get(url, { 'if-modified-since': identity.headers['last-modified'] });
  assert.equal(since.status, 304);
  const older = await get(url, { 'if-modified-since': 'Mon, 05 Dec 2016 00:00:00 GMT' });
  assert.equal(older.status, 200);
});

test('an import by another process reaches every cached page within a second', async () => {
  const pages = [articlePath, '/', '/section/syria', `/api/v1/articles/${articlePath.split('/')[2]}`];
  for (const page of pages) {
    const body = await (await fetch(`${server.url}${page}`)).text();
    assert.match(body, /Militant rocket fire has killed/, page);
  }
  const edited = site.writeFile('edited.txt', sample.replace('Militant rocket fire has killed', 'Rocket fire from militants killed'));
  const result = site.gazette('import', edited);
  assert.match(result.stdout, /updated article/);
  const started = Date.now();
  for (const page of pages) {
    for (;;) {
      const body = await (await fetch(`${server.url}${page}`)).text();
      if (/Rocket fire from militants killed/.test(body)) {
        break;
      }
      assert.ok(Date.now() - started < 1000, `${page} still shows the old lede after a second`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  // Pages the write did not touch stay cached.
  const unrelated = await metrics(server.url);
  assert.ok(unrelated.gazette_cache_invalidations_total >= pages.length);
});

test('a burst of misses on one key renders once', async () => {
  const before = await metrics(server.url);
  const url = `${server.url}/search?q=burst${Date.now()}`;
  const responses = await Promise.all(Array.from({ length: 40 }, () => get(url)));
  const after = await metrics(server.url);
  for (const response of responses) {
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, responses[0].body);
  }
  assert.equal(after.gazette_renders_total - before.gazette_renders_total, 1);
});

test('editors with a session cookie are never served from or stored in the cache', async () => {
  const before = await metrics(server.url);
  const url = `${server.url}${articlePath}`;
  const first = await get(url, { cookie: 'gazette_session=abc' });
  const second = await get(url, { cookie: 'theme=dark; gazette_session=abc' });
  const after = await metrics(server.url);
  assert.equal(first.headers['cache-control'], 'private, no-store');
  assert.equal(second.status, 200);
  assert.equal(after.gazette_renders_total - before.gazette_renders_total, 2);
  assert.equal(after.gazette_cache_hits_total, before.gazette_cache_hits_total);
});

test('errors are not cached', async () => {
  const response = await get(`${server.url}/news/999999/x`);
  assert.equal(response.status, 404);
  assert.equal(response.headers['cache-control'], 'no-store');
});

test('the cache never exceeds its cap under many distinct URLs', async () => {
  const small = await startServer(site, ['--cache-mb', '1']);
  try {
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 25 }, (_, i) => get(`${small.url}/search?q=n${batch * 25 + i}`)));
    }
    const m = await metrics(small.url);
    assert.equal(m.gazette_cache_capacity_bytes, 1024 * 1024);
    assert.ok(m.gazette_cache_bytes <= m.gazette_cache_capacity_bytes, `${m.gazette_cache_bytes} bytes`);
    assert.ok(m.gazette_cache_evictions_total > 0);
    assert.ok(m.gazette_cache_entries < 500);
  } finally {
    await small.stop();
  }
});

test('tracking, unknown and reordered parameters are one cache entry', async () => {
  await get(`${server.url}/section/syria?page=1`);
  const before = await metrics(server.url);
  const spellings = ['/section/syria', '/section/syria?utm_source=x', '/section/syria?fbclid=abc',
    '/section/syria?gclid=1&utm_medium=social', '/section/syria?b=2&page=1&a=1', '/section/syria?page=1&b=2'];
  const responses = [];
  for (const spelling of spellings) {
    responses.push(await get(`${server.url}${spelling}`));
  }
  const after = await metrics(server.url);
  for (const response of responses) {
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, responses[0].body);
  }
  assert.equal(after.gazette_renders_total - before.gazette_renders_total, 0);
  assert.equal(after.gazette_cache_hits_total - before.gazette_cache_hits_total, spellings.length);
  assert.equal(after.gazette_cache_entries, before.gazette_cache_entries);
  await get(`${server.url}/section/syria?page=2&utm_source=x`);
  const afterSecond = await metrics(server.url);
  assert.equal(afterSecond.gazette_renders_total - after.gazette_renders_total, 1, 'page=2 is a page of its own');
});

test('a flood of random query strings neither fills the cache nor evicts readers\' pages', async () => {
  const small = await startServer(site, ['--cache-mb', '2']);
  try {
    assert.equal((await get(`${small.url}${articlePath}`)).status, 200);
    const warm = await metrics(small.url);
    const random = () => Math.random().toString(36).slice(2);
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => {
        const n = batch * 50 + i;
        const target = n % 5 === 4 ? `/search?q=${random()}` : `/?${random()}=${random()}&utm_source=${n}`;
        return get(`${small.url}${target}`);
      }));
    }
    const flooded = await metrics(small.url);
    assert.ok(flooded.gazette_cache_entries <= warm.gazette_cache_entries + 200,
      `${flooded.gazette_cache_entries} entries after the flood`);
    assert.ok(flooded.gazette_cache_bytes <= flooded.gazette_cache_capacity_bytes);
    assert.ok(flooded.gazette_renders_total - warm.gazette_renders_total <= 1000 + 1,
      'the home page rendered once, each search once');
    const read = await get(`${small.url}${articlePath}?utm_source=flood`);
    const after = await metrics(small.url);
    assert.equal(read.status, 200);
    assert.equal(after.gazette_cache_hits_total - flooded.gazette_cache_hits_total, 1, 'the article is still a hit');
    assert.equal(after.gazette_cache_misses_total, flooded.gazette_cache_misses_total);
  } finally {
    await small.stop();
  }
});

test('a cache hit makes no heap allocation', async () => {
  const one = await startServer(site, ['--threads', '1']);
  try {
    const url = `${one.url}${articlePath}?utm_source=alloc`;
    const variants = [{}, { 'accept-encoding': 'gzip' }, { 'accept-encoding': 'gzip, br' }];
    for (let i = 0; i < 5; i++) {
      for (const headers of variants) {
        assert.equal((await get(url, headers)).status, 200);
      }
    }
    const etag = (await get(url)).headers.etag;
    const before = await metrics(one.url);
    if (before.gazette_test_hits_measured_total === undefined) {
      return; // a build without test hooks counts nothing
    }
    for (let i = 0; i < 100; i++) {
      for (const headers of [...variants, { 'if-none-match': etag }]) {
        await get(url, headers);
      }
    }
    const after = await metrics(one.url);
    assert.equal(after.gazette_test_hits_measured_total - before.gazette_test_hits_measured_total, 400);
    assert.equal(after.gazette_test_hit_allocations_total - before.gazette_test_hit_allocations_total, 0);
  } finally {
    await one.stop();
  }
});

test('metrics are for this machine only and HEAD works through the cache', async () => {
  const head = await new Promise((resolve, reject) => {
    http.request(`${server.url}${articlePath}`, { method: 'HEAD' }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => { bytes += chunk.length; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, bytes }));
    }).on('error', reject).end();
  });
  assert.equal(head.status, 200);
  assert.equal(head.bytes, 0);
  assert.ok(Number(head.headers['content-length']) > 1000);
});

test('HTTP/2 in clear text and over TLS', async () => {
  const h2c = execFileSync('curl', ['-s', '--http2-prior-knowledge', '-o', '/dev/null', '-w', '%{http_version} %{http_code}', `${server.url}/`], { encoding: 'utf8' });
  assert.equal(h2c, '2 200');
  const key = path.join(site.dir, 'key.pem');
  const cert = path.join(site.dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const tls = await startServer(site, ['--tls-certificate', cert, '--tls-key', key]);
  try {
    assert.match(tls.url, /^https:/);
    const h2 = execFileSync('curl', ['-sk', '--http2', '-o', '-', '-w', '\n%{http_version} %{http_code}', `${tls.url}${articlePath}`], { encoding: 'utf8' });
    assert.match(h2, /Militant Rocket Attacks Kill 7/);
    assert.match(h2, /\n2 200$/);
  } finally {
    await tls.stop();
  }
});
