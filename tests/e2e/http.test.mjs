// HTTP behaviour: caching validators, HEAD, and hostile requests that must
// get a clear 4xx, never a crash or a 500. After all of it the server must
// still answer and stop cleanly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite, startServer, samplePath, rawRequest, statusOf, articleLinks } from './helpers.mjs';

let site;
let server;
let articlePath;

before(async () => {
  site = makeSite();
  site.gazette('init');
  const hostile = site.writeFile('hostile.txt', [
    'Tom & Jerry <script>alert("x")</script> say \'hi\'', '',
    'Mon Nov 23, 2026 10:00:00', '',
    'A lede with <b>tags</b> & ampersands.', '',
    'Gazette - World', '',
    'Body with <script>alert(1)</script> and [a link](javascript:alert(2)).', '',
    'XX - 1', '',
  ].join('\n'));
  const result = site.gazette('import', samplePath, hostile);
  assert.equal(result.status, 0, result.stderr);
  server = await startServer(site);
  const home = await (await fetch(`${server.url}/`)).text();
  articlePath = articleLinks(home).find((l) => l.href.includes('militant')).href;
});

after(async () => {
  if (server) {
    const { code } = await server.stop();
    assert.equal(code, 0);
  }
  site?.remove();
});

test('script in a headline, lede and body is shown as text, never run', async () => {
  const home = await (await fetch(`${server.url}/`)).text();
  const link = articleLinks(home).find((l) => l.href.includes('tom-jerry'));
  assert.ok(link, `the hostile article is listed: ${home.slice(0, 200)}`);
  const html = await (await fetch(`${server.url}${link.href}`)).text();
  assert.match(html, /Tom &amp; Jerry &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; say &#39;hi&#39;/);
  assert.match(html, /A lede with &lt;b&gt;tags&lt;\/b&gt; &amp; ampersands\./);
  assert.doesNotMatch(html, /<script>alert/);
  assert.doesNotMatch(html, /href="javascript:/);
  assert.doesNotMatch(home, /<script>alert/);
});

test('a strong ETag answers 304 to If-None-Match, and HEAD has no body', async () => {
  const first = await fetch(`${server.url}${articlePath}`);
  const etag = first.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{24}(-br|-gz)?"$/);
  assert.ok(first.headers.get('last-modified'));
  assert.match(first.headers.get('cache-control'), /max-age=\d+/);
  const again = await fetch(`${server.url}${articlePath}`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await again.arrayBuffer()).byteLength, 0);
  const raw = await rawRequest(server.url, `HEAD ${articlePath} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.equal(statusOf(raw), 200);
  const [head, body] = raw.split('\r\n\r\n');
  assert.match(head, /content-length: \d+/i);
  assert.equal(body, '');
});

test('malformed requests get a clear 4xx answer', async () => {
  const cases = [
    ['bad percent-encoding', 'GET /news/%zz HTTP/1.1', 400],
    ['truncated escape', 'GET /section/a% HTTP/1.1', 400],
    ['encoded NUL', 'GET /section/%00 HTTP/1.1', 400],
    ['invalid UTF-8 in the path', 'GET /section/%ff%fe HTTP/1.1', 400],
    ['overlong UTF-8', 'GET /section/%c0%af HTTP/1.1', 400],
    ['bad page number', 'GET /?page=abc HTTP/1.1', 400],
    ['page number too large', 'GET /?page=99999999999999999999 HTTP/1.1', 400],
    ['overlong URL', `GET /${'a'.repeat(5000)} HTTP/1.1`, 414],
    ['unknown method', 'BREW / HTTP/1.1', 405],
    ['a write to a reader page', 'DELETE / HTTP/1.1', 405],
  ];
  for (const [name, line, expected] of cases) {
    const raw = await rawRequest(server.url, `${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(statusOf(raw), expected, `${name}: ${raw.slice(0, 80)}`);
    if (expected === 400 || expected === 405) {
      assert.match(raw, /content-type: text\/html; charset=utf-8/i, name);
    }
  }
});

test('oversized headers get 431 and garbage gets 400, and the server lives on', async () => {
  const big = `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20000)}\r\nConnection: close\r\n\r\n`;
  const bigStatus = statusOf(await rawRequest(server.url, big));
  assert.ok(bigStatus === 431 || bigStatus === 400 || bigStatus === 413, `got ${bigStatus}`);
  const garbage = await rawRequest(server.url, '\x00\x01\x02 not http at all\r\n\r\n');
  assert.ok(garbage === '' || statusOf(garbage) === 400, garbage.slice(0, 60));
  const invalidUtf8Query = await rawRequest(server.url, 'GET /?q=%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(statusOf(invalidUtf8Query), 400, 'invalid UTF-8 in the query');
  const unknownParameter = await rawRequest(server.url, 'GET /?utm_source=x%C3%A9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(statusOf(unknownParameter), 200, 'an unknown parameter is ignored');
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
});

test('security headers are sent on pages', async () => {
  const response = await fetch(`${server.url}/`);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.match(response.headers.get('content-security-policy'), /default-src 'self'/);
  // A page that offers no player frames nothing (one with embeds names theirs).
  assert.match(response.headers.get('content-security-policy'), /frame-src 'none'/);
  assert.doesNotMatch(response.headers.get('content-security-policy'), /script-src[^;]*unsafe-inline/);
});

// Issue 17, item 6: the tidy-up of a trailing slash once answered
// `GET //evil.example/` with `Location: //evil.example`, which browsers
// follow to another host. No request may produce a redirect off the site.
test('no redirect leaves the site, whatever the path', async () => {
  const hostile = [
    '//evil.example/', '///evil.example/', '/\\evil.example/', '/\\/evil.example/',
    '/%2F%2Fevil.example/', '/%5C%5Cevil.example/', '/%2F/evil.example/',
    '/\t/evil.example/', '//evil.example/news/1/x/', '/%09/evil.example/', '/%0A/evil.example/',
  ];
  for (const target of hostile) {
    const raw = await rawRequest(server.url, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const status = statusOf(raw);
    assert.ok(status >= 300 && status < 500, `${JSON.stringify(target)}: a clear answer, got ${raw.slice(0, 60)}`);
    const location = raw.match(/^location: (.*)$/im)?.[1]?.trim();
    if (location !== undefined) {
      assert.match(location, /^\/(?![\/\\])[^\t\r\n\\]*$/, `${JSON.stringify(target)} redirects to ${location}`);
      // What a browser makes of it: still this host.
      assert.equal(new URL(location, 'http://gazette.test/').host, 'gazette.test', `${JSON.stringify(target)} -> ${location}`);
    }
  }
  const tidy = await rawRequest(server.url, 'GET /section/syria/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(statusOf(tidy), 301, 'an honest trailing slash is still tidied');
  assert.match(tidy, /^location: \/section\/syria\r?$/im);
});
