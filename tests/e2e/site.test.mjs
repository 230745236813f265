// The sample page imported and served back as a news site: article page,
// fronts, JSON, the legacy related feed, redirects and the 404 page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, samplePath, root, articleLinks, decodeEntities } from './helpers.mjs';

const sample = readFileSync(samplePath, 'utf8');
const sampleRelated = JSON.parse(sample.match(/string\(\d+\) "(.*)"\s*$/s)[1]);
const demoFiles = readdirSync(path.join(root, 'demo')).filter((f) => f.endsWith('.txt'))
  .map((f) => path.join(root, 'demo', f));

// An 8x6 grey JPEG (made with `vips linear`), small enough to write here:
// files in the media folder are sniffed before they are served.
const tinyJpeg = Buffer.from('/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/wAALCAAGAAgBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ACv/2Q==', 'base64');

let site;
let server;
let articlePath;
let articleId;

before(async () => {
  site = makeSite();
  assert.equal(site.gazette('init').status, 0);
  const imported = site.gazette('import', samplePath, ...demoFiles);
  assert.equal(imported.status, 0, imported.stderr);
  // One related picture is in the media store; the other is not.
  const pictureDir = path.join(site.dir, 'media', '2016/12/05');
  mkdirSync(pictureDir, { recursive: true });
  writeFileSync(path.join(pictureDir, 'alalam_636165517958626126_25f_4x3.jpg'), tinyJpeg);
  server = await startServer(site);
  const home = await (await fetch(`${server.url}/`)).text();
  const link = articleLinks(home).find((l) => l.href.includes('militant-rocket-attacks'));
  assert.ok(link, 'the home page links the sample article');
  articlePath = link.href;
  articleId = link.id;
});

after(async () => {
  if (server) {
    const { code } = await server.stop();
    assert.equal(code, 0, 'the server stops cleanly on SIGTERM');
  }
  site?.remove();
});

test('the article page shows every part of the sample', async () => {
  const response = await fetch(`${server.url}${articlePath}`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/html; charset=utf-8/);
  const html = await response.text();
  const text = decodeEntities(html);
  assert.match(text, /<h1 class="headline">Militant Rocket Attacks Kill 7 in Syria's Aleppo<\/h1>/);
  assert.match(html, /<p class="kicker">Video<\/p>/);
  assert.match(html, /<time class="published" datetime="2016-12-07T08:09:47Z">Wed Dec 7, 2016 08:09:47<\/time>/);
  assert.match(html, /<p class="lede">Militant rocket fire has killed at least seven civilians/);
  assert.match(html, /<span class="source">Alalam<\/span> - <a href="\/section\/syria">Syria<\/a>/);
  assert.match(html, /<p>The victims of the Tuesday attack/);
  assert.match(html, /“The sponsors of terrorists in the US, UK and France/, 'typographic quotes survive');
  assert.match(html, /<p>The conflict in Syria, which flared up in March 2011/);
  assert.match(html, /<p class="editor-code">SA - 12<\/p>/);
  assert.equal((html.match(/<p>/g) ?? []).length >= 10, true, 'ten body paragraphs');
  assert.match(html, /<html lang="en" dir="ltr">/);
  assert.match(html, new RegExp(`<link rel="canonical" href="http://127.0.0.1:8080${articlePath}">`));
  // One edition: no language switcher and no hreflang alternates.
  const home = await (await fetch(`${server.url}/`)).text();
  assert.doesNotMatch(home, /hreflang=/);
  assert.doesNotMatch(home, /class="editions"/);
});

test('the related items are a widget, never a raw dump', async () => {
  const html = await (await fetch(`${server.url}${articlePath}`)).text();
  assert.doesNotMatch(html, /string\(\d+\)/);
  assert.doesNotMatch(html, /"contenttypeid"/);
  const widget = html.match(/<aside class="related"[\s\S]*?<\/aside>/);
  assert.ok(widget, 'a related widget');
  const items = [...widget[0].matchAll(/<li class="related-item">\s*<a href="([^"]+)">[\s\S]*?<img[^>]*src="([^"]+)"[\s\S]*?<span class="related-headline" dir="auto">([^<]+)<\/span>/g)];
  // The editor's links first; automatic ones (search.test.mjs) may follow.
  assert.deepEqual(items.slice(0, 2).map((m) => m[1]), [
    '/news/1892278/russia-delivers-over-5-tonnes-of-humanitarian-aid-to-syria',
    '/news/1893125/russia-keeps-up-support-for-syria-in-anti-terror-fight-lavrov',
  ]);
  assert.deepEqual(items.slice(0, 2).map((m) => decodeEntities(m[3])), [
    'Russia Delivers Over 5 Tonnes of Humanitarian Aid to Syria',
    'Russia Keeps up Support for Syria in Anti-Terror Fight: Lavrov',
  ]);
  // A picture not in the media store yet shows a neutral placeholder, which loads.
  assert.equal(items[0][2], '/static/placeholder.svg');
  assert.equal(items[1][2], '/media/2016/12/05/alalam_636165517958626126_25f_4x3.jpg');
  const placeholder = await fetch(`${server.url}/static/placeholder.svg`);
  assert.equal(placeholder.status, 200);
  assert.match(placeholder.headers.get('content-type'), /image\/svg\+xml/);
});

test('a picture in the media store is served from /media', async () => {
  const image = await fetch(`${server.url}/media/2016/12/05/alalam_636165517958626126_25f_4x3.jpg`);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual(Buffer.from(await image.arrayBuffer()), tinyJpeg);
  // A picture not in the store yet is a neutral placeholder, never a broken
  // image, asked again each time so the file shows once it arrives.
  const missing = await fetch(`${server.url}/media/2016/12/03/alalam_636163786258551197_25f_4x3.jpg`);
  assert.equal(missing.status, 200);
  assert.match(missing.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(missing.headers.get('cache-control'), /no-cache|no-store/);
  assert.match(await missing.text(), /^<svg /);
  const outside = await fetch(`${server.url}/media/../gazette.ini`);
  assert.equal(outside.status, 404);
});

test('the legacy related feed has the sample exact shape and values', async () => {
  const response = await fetch(`${server.url}/api/v1/articles/${articleId}/related`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  const body = await response.json();
  const expected = sampleRelated.map((item) => ({ ...item, title: item.title.replace(/^VIDEO: /, '') }));
  assert.deepEqual(body.slice(0, expected.length), expected, 'the editor\'s links come first');
  for (const item of body) {
    assert.deepEqual(Object.keys(item), ['id', 'sort', 'contenttypeid', 'pic', 'title']);
    for (const value of Object.values(item)) {
      assert.equal(typeof value, 'string');
    }
  }
});

test('the article JSON carries the fields of the page', async () => {
  const response = await fetch(`${server.url}/api/v1/articles/${articleId}`);
  assert.equal(response.status, 200);
  const article = await response.json();
  assert.equal(article.id, articleId);
  assert.equal(article.headline, "Militant Rocket Attacks Kill 7 in Syria's Aleppo");
  assert.equal(article.content_type.id, 21);
  assert.equal(article.content_type.slug, 'video');
  assert.equal(article.section.name, 'Syria');
  assert.equal(article.dateline, 'Alalam');
  assert.equal(article.editor_code, 'SA - 12');
  assert.equal(article.published, '2016-12-07T08:09:47Z');
  assert.deepEqual(article.related.slice(0, 2), [1892278, 1893125]);
  assert.match(article.body_html, /^<p>The victims/);
  const missing = await fetch(`${server.url}/api/v1/articles/999999999`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { status: 404, error: 'not found' });
});

test('a wrong or missing slug answers 301 to the canonical URL', async () => {
  for (const wrong of [`/news/${articleId}`, `/news/${articleId}/wrong-slug`, `${articlePath}/`]) {
    const response = await fetch(`${server.url}${wrong}`, { redirect: 'manual' });
    assert.equal(response.status, 301, wrong);
    const location = response.headers.get('location');
    assert.ok(location === articlePath || location === `${articlePath}`, `${wrong} -> ${location}`);
  }
});

test('the home page is a front page of the latest articles', async () => {
  const response = await fetch(`${server.url}/`);
  assert.equal(response.status, 200);
  const html = await response.text();
  const links = articleLinks(html);
  const ids = new Set(links.map((l) => l.id));
  assert.ok(ids.size >= 12, `at least a dozen articles on the front, got ${ids.size}`);
  assert.ok(!ids.has(1892278), 'stubs are not listed on fronts');
  assert.match(html, /<nav class="sections"/);
  for (const section of ['World', 'Business', 'Science', 'Sports', 'Syria']) {
    assert.match(html, new RegExp(`<a href="/section/${section.toLowerCase()}"[^>]*>${section}</a>`));
  }
  // Newest first: the publication times on the page are in descending order.
  const times = [...html.matchAll(/datetime="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual([...times].sort().reverse(), times);
});

test('a section page lists only that section', async () => {
  const html = await (await fetch(`${server.url}/section/syria`)).text();
  assert.match(html, /<h1 class="front-title">Syria<\/h1>/);
  assert.match(html, /Militant Rocket Attacks Kill 7/);
  assert.doesNotMatch(html, /class="section-link" href="\/section\/(?!syria)/);
  assert.equal((await fetch(`${server.url}/section/no-such-section`)).status, 404);
});

test('unknown addresses get the 404 page of the theme', async () => {
  for (const address of ['/nothing', '/news/0', '/news/abc/x', '/news/999999999/x', '/api/v2/x']) {
    const response = await fetch(`${server.url}${address}`);
    assert.equal(response.status, 404, address);
    const html = await response.text();
    assert.match(html, /<h1>Page not found<\/h1>/, address);
    assert.match(html, /<a href="\/">Go to the front page<\/a>/);
  }
});

test('the Arabic demo article is right-to-left', async () => {
  const home = await (await fetch(`${server.url}/`)).text();
  const arabic = [...home.matchAll(/<article class="card" lang="ar" dir="rtl">[\s\S]*?href="(\/news\/\d+\/[^"]+)"/g)];
  assert.ok(arabic.length >= 1, 'an Arabic card on the front');
  const html = await (await fetch(`${server.url}${arabic[0][1]}`)).text();
  assert.match(html, /<html lang="ar" dir="rtl">/);
  assert.match(html, /<article class="article" lang="ar" dir="rtl">/);
});

test('healthz answers ok', async () => {
  const response = await fetch(`${server.url}/healthz`);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'ok\n');
});
