// Most read: a scripted series of reads, with robots, repeats, HEAD and
// revalidations that must not count; the JSON list, its filters, the
// widget on the fronts, and counts that survive a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, samplePath, root, articleLinks } from './helpers.mjs';

const demoFiles = readdirSync(path.join(root, 'demo')).filter((f) => f.endsWith('.txt'))
  .map((f) => path.join(root, 'demo', f));
const browser = (n) => ({ 'user-agent': `Mozilla/5.0 (X11; Linux x86_64) Reader/${n}` });

let site;
let server;
let links;

async function read(url, headers, method = 'GET') {
  const response = await fetch(url, { headers, method });
  await response.arrayBuffer();
  return response;
}

async function mostRead(query = '') {
  const response = await fetch(`${server.url}/api/v1/most-read${query}`);
  return { status: response.status, body: await response.json() };
}

async function waitForMostRead(check) {
  const started = Date.now();
  for (;;) {
    const { body } = await mostRead();
    if (check(body)) {
      return body;
    }
    assert.ok(Date.now() - started < 8000, `most read never became right: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

before(async () => {
  site = makeSite();
  site.gazette('init');
  assert.equal(site.gazette('import', samplePath, ...demoFiles).status, 0);
  // One thread, so that "a repeat counts once per thread" is exact here.
  server = await startServer(site, ['--reads-save-seconds', '1', '--threads', '1']);
  const home = await (await fetch(`${server.url}/`)).text();
  links = [...new Map(articleLinks(home).map((l) => [l.id, l])).values()];
});

after(async () => {
  await server?.stop();
  site?.remove();
});

test('reads are counted once per reader, never for robots, HEAD or revalidation', async () => {
  const [a, b, c] = links.map((l) => `${server.url}${l.href}`);
  for (const n of [1, 2, 3]) {
    await read(a, browser(n));
  }
  const again = await read(a, browser(1)); // a repeat within 30 minutes
  await read(a, { ...browser(4), 'if-none-match': again.headers.get('etag') }); // a 304
  await read(a, browser(5), 'HEAD');
  await read(b, browser(1));
  for (const robot of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'curl/7.88.1', '']) {
    for (let i = 0; i < 5; i++) {
      await read(c, { 'user-agent': robot });
    }
  }
  const body = await waitForMostRead((list) => list.items.length >= 2);
  assert.equal(body.period, '24h');
  assert.deepEqual(body.items.map((item) => [item.id, item.views]), [[links[0].id, 3], [links[1].id, 1]]);
  assert.equal(body.items[0].rank, 1);
  assert.equal(body.items[0].url, links[0].href);
  assert.ok(body.items[0].headline.length > 0);
});

test('the list filters by section and period, and refuses a bad period', async () => {
  const week = await mostRead('?period=7d');
  assert.equal(week.status, 200);
  assert.equal(week.body.period, '7d');
  assert.ok(week.body.items.length >= 2);
  const first = week.body.items[0];
  const section = await mostRead(`?section=${first.section.slug}`);
  assert.equal(section.status, 200);
  assert.ok(section.body.items.every((item) => item.section.slug === first.section.slug));
  assert.equal((await mostRead('?section=no-such-section')).status, 404);
  const bad = await mostRead('?period=1y');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error, 'period must be 24h or 7d');
});

test('the fronts show the most-read widget', async () => {
  const started = Date.now();
  for (;;) {
    const html = await (await fetch(`${server.url}/`)).text();
    const widget = html.match(/<aside class="most-read"[\s\S]*?<\/aside>/);
    if (widget) {
      const hrefs = [...widget[0].matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
      assert.equal(hrefs[0], links[0].href);
      break;
    }
    assert.ok(Date.now() - started < 5000, 'no most-read widget on the home page');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

test('reads counted before a shutdown are saved by it', async () => {
  const slow = await startServer(site, ['--reads-save-seconds', '3600']);
  const target = links[5];
  for (const n of [11, 12, 13, 14]) {
    await read(`${slow.url}${target.href}`, browser(n));
  }
  const { code } = await slow.stop();
  assert.equal(code, 0);
  const body = await waitForMostRead((list) => list.items.some((item) => item.id === target.id));
  assert.equal(body.items.find((item) => item.id === target.id).views, 4);
});
