// Editions: one site in English at the root, Arabic under /ar and Persian
// under /fa or on a host of its own. Each edition's home, sections, feeds,
// sitemaps and search show its own language's articles, its pages are in
// its language and direction with every link under its prefix, and an
// article asked for in another edition answers 301 to its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, root, rawRequest, statusOf, addAccount } from './helpers.mjs';
import { signedIn, editorState } from './newsroom-client.mjs';

const SITE_URL = 'https://news.example';
const INI = `[site]
url = ${SITE_URL}
name = Gazette
[edition.en]
language = en
[edition.ar]
language = ar
name = غازيت
prefix = /ar
[edition.fa]
language = fa
name = گازت
prefix = /fa
host = fa.news.example
calendar = persian
`;

// An hour ago, as the text format writes it: in the news sitemap's two days.
const recent = new Date(Date.now() - 3600_000);
const RECENT = `${recent.toLocaleString('en-US', { weekday: 'short', timeZone: 'UTC' })} `
  + `${recent.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${recent.getUTCDate()}, `
  + `${recent.getUTCFullYear()} ${recent.toISOString().slice(11, 19)}`;

const PERSIAN = `هشدار سیل در شهرهای ساحلی آزمایش می‌شود

${RECENT}

شهرهای ساحلی سامانه تازه‌ای برای هشدار زودهنگام سیل را آزمایش می‌کنند.

دفتر خبر - World

این سامانه با حسگرهایی در بستر رودخانه‌ها کار می‌کند و هر چند دقیقه داده می‌فرستد.

FA - 1
`;

let site;
let server;

before(async () => {
  site = makeSite('gazette-editions-');
  site.writeFile('gazette.ini', INI);
  const demo = path.join(root, 'demo');
  const files = readdirSync(demo).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(demo, f));
  const persian = site.writeFile('persian.txt', PERSIAN);
  const imported = site.gazette('import', ...files, persian);
  assert.equal(imported.status, 0, imported.stderr);
  addAccount(site, 'editor', 'editor', 'correct horse battery');
  addAccount(site, 'writer', 'writer', 'correct horse battery');
  server = await startServer(site, ['--reads-save-seconds', '1']);
});

after(async () => {
  await server?.stop();
  site?.remove();
});

const get = (target) => fetch(server.url + target, { redirect: 'manual' });
const page = async (target) => {
  const response = await get(target);
  assert.equal(response.status, 200, target);
  return response.text();
};
// Location headers carry the path's UTF-8 bytes, which fetch reads as Latin-1.
const location = (response) => Buffer.from(response.headers.get('location'), 'latin1').toString('utf8');
const articlePaths = (html) => [...new Set([...html.matchAll(/href="((?:\/(?:ar|fa))?\/news\/\d+\/[^"]+)"/g)].map((m) => m[1]))];

test('each edition\'s home shows its own language, in its direction, with its links', async () => {
  const english = await page('/');
  assert.match(english, /<html lang="en" dir="ltr"/);
  assert.doesNotMatch(english, /مدن ساحلية/, 'no Arabic article on the English home');
  assert.ok(articlePaths(english).length >= 5);
  assert.ok(articlePaths(english).every((p) => p.startsWith('/news/')));

  const arabic = await page('/ar');
  assert.match(arabic, /<html lang="ar" dir="rtl"/);
  assert.match(arabic, /class="brand" href="\/ar">غازيت</);
  assert.match(arabic, /مدن ساحلية تختبر نظاماً جديداً/);
  assert.doesNotMatch(arabic, /hشدار|هشدار سیل/, 'no Persian article on the Arabic home');
  const paths = articlePaths(arabic);
  assert.equal(paths.length, 1, paths.join(' '));
  assert.match(paths[0], /^\/ar\/news\//);
  assert.match(arabic, /action="\/ar\/search"/);
  for (const m of arabic.matchAll(/<a href="(\/[^"]*section\/[^"]+)"/g)) assert.match(m[1], /^\/ar\/section\//);
  // Arabic words and digits for the date.
  assert.match(arabic, /نوفمبر/);
  assert.match(arabic, /[٠-٩]/);
});

test('an article lives in its edition: elsewhere it answers 301 there', async () => {
  const arabicPath = articlePaths(await page('/ar'))[0];
  const bare = arabicPath.replace(/^\/ar/, '');
  const moved = await get(bare);
  assert.equal(moved.status, 301);
  assert.equal(location(moved), arabicPath);
  const html = await page(arabicPath);
  assert.match(html, /<html lang="ar" dir="rtl"/);
  assert.ok(html.includes(`<link rel="canonical" href="${SITE_URL}${arabicPath}">`));

  const englishPath = articlePaths(await page('/'))[0];
  const wrong = await get(`/ar${englishPath}`);
  assert.equal(wrong.status, 301);
  assert.equal(location(wrong), englishPath);

  // The Persian edition has a host of its own: its articles go there.
  const search = await page('/fa/search?q=%D8%B3%DB%8C%D9%84');
  const persianPath = articlePaths(search)[0];
  assert.ok(persianPath, 'the Persian edition finds its article');
  const id = persianPath.match(/\/news\/(\d+)\//)[1];
  const toHost = await get(`/news/${id}/x`);
  assert.equal(toHost.status, 301);
  assert.match(location(toHost), new RegExp(`^https://fa\\.news\\.example/news/${id}/`));
});

test('an edition on its own host is served from that host\'s root', async () => {
  const raw = await rawRequest(server.url, 'GET / HTTP/1.1\r\nHost: fa.news.example\r\nConnection: close\r\n\r\n');
  assert.equal(statusOf(raw), 200);
  const html = Buffer.from(raw, 'latin1').toString('utf8');
  assert.match(html, /<html lang="fa" dir="rtl"/);
  assert.match(html, /هشدار سیل در شهرهای ساحلی/);
  assert.doesNotMatch(html, /مدن ساحلية/);
  assert.match(html, /href="\/news\/\d+\//, 'paths from the host\'s root');
  // The Solar Hijri month, as Node's own ICU names it ("آذر" in December).
  const month = new Intl.DateTimeFormat('fa-u-ca-persian', { month: 'long', timeZone: 'UTC' }).format(recent);
  assert.ok(html.includes(month), `the Persian month ${month}`);
});

test('feeds, sitemaps and search are each edition\'s own', async () => {
  const feed = await page('/ar/feed.rss');
  assert.match(feed, /<language>ar<\/language>/);
  const links = [...feed.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]).slice(1);
  assert.equal(links.length, 1, links.join(' '));
  assert.match(links[0], new RegExp(`^${SITE_URL}/ar/news/`));
  const englishFeed = await page('/feed.rss');
  assert.doesNotMatch(englishFeed, /مدن ساحلية/);
  assert.doesNotMatch(englishFeed, /هشدار سیل/);

  assert.equal(await page('/robots.txt'), '# Everything readers see may be crawled; machines have their own\n'
    + '# addresses (feeds, sitemaps) and the API is for programs.\nUser-agent: *\nDisallow: /admin/\n'
    + 'Disallow: /api/\nDisallow: /search\nDisallow: /ar/api/\nDisallow: /ar/search\n\n'
    + `Sitemap: ${SITE_URL}/sitemap.xml\nSitemap: ${SITE_URL}/ar/sitemap.xml\n`);
  const faRobots = Buffer.from(await rawRequest(server.url, 'GET /robots.txt HTTP/1.1\r\nHost: fa.news.example\r\nConnection: close\r\n\r\n'), 'latin1').toString('utf8');
  assert.match(faRobots, /\r\n\r\n[^]*Sitemap: https:\/\/fa\.news\.example\/sitemap\.xml\n$/);
  assert.doesNotMatch(faRobots, /\/ar\//);
  const index = await page('/ar/sitemap.xml');
  assert.ok(index.includes(`<loc>${SITE_URL}/ar/sitemap-news.xml</loc>`));
  const news = await page('/fa/sitemap-news.xml');
  assert.match(news, /<news:language>fa<\/news:language>/);
  assert.match(news, /<loc>https:\/\/fa\.news\.example\/news\/\d+\//);
  assert.doesNotMatch(await page('/sitemap-news.xml'), /<news:language>fa<\/news:language>/);

  const arabicSearch = await page('/ar/search?q=test');
  assert.doesNotMatch(arabicSearch, /href="\/news\//, 'the Arabic search lists no English article');
  const api = await (await get('/ar/api/v1/search?q=%D8%A7%D9%84%D9%81%D9%8A%D8%B6%D8%A7%D9%86%D8%A7%D8%AA')).json();
  assert.ok(api.results?.length >= 1 || api.items?.length >= 1, JSON.stringify(api).slice(0, 200));
});

test('every edition\'s home names all three, reciprocally, with x-default and a switcher', async () => {
  const homes = { en: `${SITE_URL}/`, ar: `${SITE_URL}/ar`, fa: 'https://fa.news.example/' };
  const pages = { en: await page('/'), ar: await page('/ar') };
  const raw = await rawRequest(server.url, 'GET / HTTP/1.1\r\nHost: fa.news.example\r\nConnection: close\r\n\r\n');
  pages.fa = Buffer.from(raw, 'latin1').toString('utf8');
  for (const [language, html] of Object.entries(pages)) {
    for (const [other, href] of Object.entries(homes)) {
      assert.ok(html.includes(`<link rel="alternate" hreflang="${other}" href="${href}">`), `${language} names ${other}`);
    }
    assert.ok(html.includes(`<link rel="alternate" hreflang="x-default" href="${homes.en}">`));
    const switcher = html.match(/<nav class="editions"[^]*?<\/nav>/)?.[0] ?? '';
    assert.match(switcher, /<a href="https:\/\/news\.example\/ar" lang="ar" dir="rtl" hreflang="ar"[^>]*>غازيت<\/a>/);
    assert.match(switcher, /lang="fa" dir="rtl" hreflang="fa"[^>]*>گازت</);
    assert.match(switcher, new RegExp(`hreflang="${language}" aria-current="true"`));
  }
});

test('the page cache keeps each edition apart on one host', async () => {
  const first = await page('/');
  const arabic = await page('/ar');
  const again = await page('/');
  assert.equal(again, first);
  assert.notEqual(arabic, first);
  assert.match(await page('/ar'), /<html lang="ar"/);
});

const idOf = (p) => Number(p.match(/\/news\/(\d+)\//)[1]);

test('an editor links translations; every page names the others, reciprocally, with x-default', async () => {
  const editor = await signedIn(server.url, 'editor', 'correct horse battery');
  const arabicPath = articlePaths(await page('/ar'))[0];
  const english = await page('/');
  const englishPath = articlePaths(english).find((p) => /aid-convoys|flood|coastal/.test(p)) ?? articlePaths(english)[0];
  const persianId = idOf(articlePaths(await page('/fa/search?q=%D8%B3%DB%8C%D9%84'))[0]);
  const [arabicId, englishId] = [idOf(arabicPath), idOf(englishPath)];

  const state = await editorState(editor, `/admin/articles/${arabicId}`);
  assert.match(state.html, /<h2 id="translations-title">Translations<\/h2>/);
  const linked = await editor.post(`/admin/articles/${arabicId}/translations`, { csrf: state.csrf, other: String(englishId) });
  assert.equal(linked.status, 303, linked.text);
  assert.match(linked.headers.get('location'), /saved=translation\+linked/);
  // The Persian joins through the English one: all three are one story.
  const persianState = await editorState(editor, `/admin/articles/${persianId}`);
  assert.equal((await editor.post(`/admin/articles/${persianId}/translations`, { csrf: persianState.csrf, other: String(englishId) })).status, 303);

  // Refused, with the reason, and nothing changes: the same language, itself, nothing, no token.
  const again = await editorState(editor, `/admin/articles/${arabicId}`);
  assert.match(again.html, /lang="en" dir="ltr">[^<]+<\/a> \(en\)/);
  assert.match(again.html, /lang="fa" dir="rtl">/);
  const second = articlePaths(english).map(idOf).find((id) => id !== englishId);
  const refusals = [
    [{ csrf: again.csrf, other: String(second) }, 422, /already has a translation in that language/],
    [{ csrf: again.csrf, other: String(arabicId) }, 422, /not a translation of itself/],
    [{ csrf: again.csrf, other: '999999' }, 404, /no article with that number/],
    [{ csrf: again.csrf, other: 'x' }, 400, /Give the number/],
    [{ csrf: 'forged', other: String(second) }, 403, /./],
  ];
  for (const [fields, status, message] of refusals) {
    const refused = await editor.post(`/admin/articles/${arabicId}/translations`, fields);
    assert.equal(refused.status, status, JSON.stringify(fields));
    assert.match(refused.text, message);
  }
  const writer = await signedIn(server.url, 'writer', 'correct horse battery');
  const writerState = await editorState(writer, `/admin/articles/${arabicId}`);
  assert.equal((await writer.post(`/admin/articles/${arabicId}/translations`, { csrf: writerState.csrf, action: 'unlink' })).status, 403);

  // Reciprocal alternates on all three pages (the cache was refreshed), x-default the English.
  const urls = {
    en: `${SITE_URL}${englishPath}`,
    ar: `${SITE_URL}${arabicPath}`,
  };
  const persianPage = await rawRequest(server.url, `GET /news/${persianId}/x HTTP/1.1\r\nHost: fa.news.example\r\nConnection: close\r\n\r\n`);
  const persianPath = Buffer.from(persianPage, 'latin1').toString('utf8').match(/location: (\S+)/i)[1];
  const persianUrl = `https://fa.news.example${persianPath}`; /* on its host, a path */
  urls.fa = persianUrl;
  const pages = {
    en: await page(englishPath),
    ar: await page(arabicPath),
    fa: Buffer.from(await rawRequest(server.url, `GET ${encodeURI(persianPath)} HTTP/1.1\r\nHost: fa.news.example\r\nConnection: close\r\n\r\n`), 'latin1').toString('utf8'),
  };
  for (const [language, html] of Object.entries(pages)) {
    for (const [other, url] of Object.entries(urls)) {
      assert.ok(html.includes(`<link rel="alternate" hreflang="${other}" href="${url}">`), `${language} page names ${other}: ${url}`);
    }
    assert.ok(html.includes(`<link rel="alternate" hreflang="x-default" href="${urls.en}">`), `${language} x-default`);
    const switcher = html.match(/<nav class="translations"[^]*?<\/nav>/)?.[0] ?? '';
    assert.equal((switcher.match(/<li>/g) ?? []).length, 2, `${language} switcher lists the two others`);
  }
  assert.match(pages.en, /<a href="https:\/\/news\.example\/ar\/news\/\d+\/[^"]+" lang="ar" dir="rtl" hreflang="ar" rel="alternate">غازيت: مدن ساحلية/);

  // Unlinked: its page and the others' forget it at once.
  const unlinkState = await editorState(editor, `/admin/articles/${arabicId}`);
  assert.equal((await editor.post(`/admin/articles/${arabicId}/translations`, { csrf: unlinkState.csrf, action: 'unlink' })).status, 303);
  const arabicAfter = await page(arabicPath);
  assert.doesNotMatch(arabicAfter, /<link rel="alternate" hreflang=/);
  assert.doesNotMatch(arabicAfter, /<nav class="translations"/);
  const englishAfter = await page(englishPath);
  assert.doesNotMatch(englishAfter, /<link rel="alternate" hreflang="ar"/);
  assert.match(englishAfter, /<link rel="alternate" hreflang="fa"/);
});

test('most read is each edition\'s own', async () => {
  const arabicPath = articlePaths(await page('/ar'))[0];
  const englishPath = articlePaths(await page('/'))[0];
  for (let i = 0; i < 3; i++) {
    await page(arabicPath);
    await page(englishPath);
  }
  const started = Date.now();
  let arabic;
  for (;;) {
    arabic = await (await get('/ar/api/v1/most-read')).json();
    if (arabic.items?.length > 0) break;
    assert.ok(Date.now() - started < 8000, `most read never counted: ${JSON.stringify(arabic)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(arabic.items.length, 1, JSON.stringify(arabic)); // the one Arabic article read
  assert.match(JSON.stringify(arabic), /مدن ساحلية/);
  const english = await (await get('/api/v1/most-read')).json();
  assert.ok(english.items.length >= 1);
  assert.doesNotMatch(JSON.stringify(english), /مدن ساحلية/);
});
