// Search and related articles over HTTP: the search page and its JSON,
// the query syntax, filters and pages, highlighting with hostile input,
// Arabic spelling variants, the index following a re-import, `gazette
// reindex`, and the related lists (the editor's first, then automatic
// ones, never the article itself). The site holds the sample, the demo
// articles and a few written here. The server shows one result per page,
// so paging is exercised with few articles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, samplePath, root } from './helpers.mjs';

const demoFiles = readdirSync(path.join(root, 'demo')).filter((f) => f.endsWith('.txt'))
  .map((f) => path.join(root, 'demo', f));

let site;
let server;

function writeArticle(name, lines) {
  return site.writeFile(name, `${lines.join('\n\n')}\n`);
}

const glacierOld = [
  'Glacier Retreat Measured Across the Alps', 'Thu Oct 1, 2026 10:00:00',
  'Surveyors found that Alpine glaciers lost more ice this summer than in any year on record.',
  'Gazette Desk - Science',
  'Teams measured the glacier tongues with drones and stakes drilled into the ice.',
  'SC - 1',
];
const glacierNew = [
  'Alpine Glacier Retreat Speeds Up, Survey Finds', 'Tue Oct 20, 2026 10:00:00',
  'A second survey shows the glacier retreat accelerating in the western Alps.',
  'Gazette Desk - Science',
  'Scientists said the glaciers could lose half their volume by 2050.',
  'SC - 2',
];
const hostile = [
  'Quarry Report: <script>alert(1)</script> & "Quotes"', 'Mon Oct 5, 2026 09:00:00',
  'The quarry <b>reopened</b> after a long dispute.', 'Gazette Desk - Business',
  'Workers returned to the quarry on Monday.', 'BU - 3',
];

async function json(pathAndQuery) {
  const response = await fetch(`${server.url}${pathAndQuery}`);
  assert.equal(response.status, 200, pathAndQuery);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  return response.json();
}

async function page(pathAndQuery) {
  const response = await fetch(`${server.url}${pathAndQuery}`);
  assert.equal(response.status, 200, pathAndQuery);
  assert.match(response.headers.get('content-type'), /^text\/html/);
  return response.text();
}

// A write made by another process reaches cached pages within a second
// (the server polls the change log): asks again until check passes.
async function eventually(pathAndQuery, check, what) {
  const started = Date.now();
  for (;;) {
    const body = await json(pathAndQuery);
    if (check(body)) {
      return body;
    }
    assert.ok(Date.now() - started < 2000, `${what} after two seconds`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const q = (text) => encodeURIComponent(text);

before(async () => {
  site = makeSite('gazette-search-');
  assert.equal(site.gazette('init').status, 0);
  const files = [writeArticle('glacier-old.txt', glacierOld), writeArticle('glacier-new.txt', glacierNew),
    writeArticle('hostile.txt', hostile)];
  const imported = site.gazette('import', samplePath, ...demoFiles, ...files);
  assert.equal(imported.status, 0, imported.stderr);
  server = await startServer(site, ['--page-size', '1']);
});

after(async () => {
  if (server) {
    const { code, signal } = await server.stop();
    assert.equal(code, 0, `server ended with ${code ?? signal}: ${server.stderr}`);
  }
  site?.remove();
});

test('the search page lists matches newest first, with matched words marked', async () => {
  const html = await page(`/search?q=glacier`);
  assert.match(html, /<meta name="robots" content="noindex, follow">/);
  assert.match(html, /2 results for “<span class="search-terms" dir="auto">glacier<\/span>”/);
  const first = html.match(/<li class="search-result"[\s\S]*?<\/li>/)[0];
  assert.match(first, /Alpine <mark>Glacier<\/mark> Retreat Speeds Up/);
  assert.match(html, /<a rel="next" href="\/search\?q=glacier&amp;page=2">/);
  const second = await page(`/search?q=glacier&page=2`);
  assert.match(second, /<mark>Glacier<\/mark> Retreat Measured Across the Alps/);
  assert.match(second, /<a rel="prev" href="\/search\?q=glacier">/);
  // The search box is in the masthead of every page.
  const home = await page('/');
  assert.match(home, /<form class="masthead-search" action="\/search" method="get" role="search">/);
});

test('the JSON API answers with results, counts and the next page', async () => {
  const body = await json(`/api/v1/search?q=glaciers`);
  assert.equal(body.query, 'glaciers');
  assert.equal(body.searchable, true);
  assert.equal(body.total, 2);
  assert.equal(body.page, 1);
  assert.equal(body.page_size, 1);
  assert.equal(body.results.length, 1);
  const [hit] = body.results;
  assert.match(hit.url, /^http:\/\/127\.0\.0\.1:8080\/news\/\d+\/alpine-glacier-retreat-speeds-up-survey-finds$/);
  assert.equal(hit.headline, 'Alpine Glacier Retreat Speeds Up, Survey Finds');
  assert.equal(hit.headline_html, 'Alpine <mark>Glacier</mark> Retreat Speeds Up, Survey Finds');
  assert.match(hit.snippet_html, /<mark>glacier<\/mark>/);
  assert.equal(hit.published, '2026-10-20T10:00:00Z');
  assert.deepEqual(hit.section, { slug: 'science', name: 'Science' });
  assert.equal(hit.language, 'en');
  assert.match(body.next, /\/api\/v1\/search\?q=glaciers&page=2$/);
  const rest = await json(`/api/v1/search?q=glaciers&page=2`);
  assert.equal(rest.results.length, 1);
  assert.notEqual(rest.results[0].id, hit.id);
  assert.equal(rest.next, undefined);
});

test('the query syntax: all words, "phrase", -exclusion, OR', async () => {
  assert.equal((await json(`/api/v1/search?q=${q('glacier alps')}`)).total, 2);
  assert.equal((await json(`/api/v1/search?q=${q('glacier -speeds')}`)).total, 1);
  assert.equal((await json(`/api/v1/search?q=${q('"retreat measured"')}`)).total, 1);
  assert.equal((await json(`/api/v1/search?q=${q('"measured retreat"')}`)).total, 0);
  assert.equal((await json(`/api/v1/search?q=${q('glacier OR quarry')}`)).total, 3);
  assert.equal((await json(`/api/v1/search?q=glacier+quarry`)).total, 0, "'+' is a space");
  // What is not syntax is words, never an error.
  for (const odd of ['"unclosed glacier', 'glacier OR', 'NEAR(glacier', 'glacier*', '-', '((']) {
    const body = await json(`/api/v1/search?q=${q(odd)}`);
    assert.ok(Array.isArray(body.results), odd);
  }
});

test('filters: section, content type, language and dates', async () => {
  const science = await json(`/api/v1/search?q=glacier&section=science`);
  assert.equal(science.total, 2);
  assert.equal(science.filters.section, 'science');
  assert.equal((await json(`/api/v1/search?q=glacier&section=sports`)).total, 0);
  const video = await json(`/api/v1/search?q=aleppo&type=video`);
  assert.equal(video.total, 1);
  assert.equal(video.results[0].content_type, 'video');
  assert.ok((await json(`/api/v1/search?q=aleppo`)).total >= 2);
  const dated = await json(`/api/v1/search?q=glacier&from=2026-10-01&to=2026-10-10`);
  assert.equal(dated.total, 1);
  assert.equal(dated.results[0].published, '2026-10-01T10:00:00Z');
  assert.equal((await json(`/api/v1/search?q=glacier&from=2026-10-20`)).total, 1);
  const arabic = await json(`/api/v1/search?q=${q('الفيضانات')}&lang=ar`);
  assert.equal(arabic.total, 1);
  assert.equal(arabic.results[0].language, 'ar');
  assert.equal((await json(`/api/v1/search?q=${q('الفيضانات')}&lang=en`)).total, 0);
  // A filter that names nothing known says so; a bad date is ignored.
  const html = await page(`/search?q=glacier&section=nowhere&from=yesterday`);
  assert.match(html, /There is no section &quot;nowhere&quot;\./);
  assert.match(html, /The date &quot;yesterday&quot; is not a date/);
  assert.match(html, /0 results for/);
  const form = await page(`/search?q=glacier&section=science&type=video&lang=ar`);
  assert.match(form, /<option value="science" selected>Science<\/option>/);
  assert.match(form, /<option value="video" selected>Video<\/option>/);
  assert.match(form, /<option value="ar" selected>/);
});

test('hostile input is shown as text, escaped once', async () => {
  const attack = '<script>alert(1)</script>';
  const html = await page(`/search?q=${q(`${attack} quarry`)}`);
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt; quarry"/);
  // The tag is one item, a phrase of its words: one mark covers it.
  assert.match(html, /<mark>Quarry<\/mark> Report: &lt;<mark>script&gt;alert\(1\)&lt;\/script<\/mark>&gt; &amp; &quot;Quotes&quot;/);
  assert.match(html, /The <mark>quarry<\/mark> &lt;b&gt;reopened&lt;\/b&gt; after a long dispute\./);
  assert.doesNotMatch(html, /&amp;lt;/, 'nothing is escaped twice');
  const body = await json(`/api/v1/search?q=${q(`${attack} quarry`)}`);
  assert.equal(body.query, `${attack} quarry`);
  assert.equal(body.results[0].headline, 'Quarry Report: <script>alert(1)</script> & "Quotes"');
  assert.equal(body.results[0].headline_html,
    '<mark>Quarry</mark> Report: &lt;<mark>script&gt;alert(1)&lt;/script</mark>&gt; &amp; &quot;Quotes&quot;');
  // Bytes that are not UTF-8 are refused by the router, never searched.
  assert.equal((await fetch(`${server.url}/search?q=%FF%FE`)).status, 400);
  // A very long query is cut, not refused.
  assert.equal((await fetch(`${server.url}/search?q=${'quarry+'.repeat(300)}`)).status, 200);
});

test('an empty query shows help, in HTML and JSON', async () => {
  for (const address of ['/search', '/search?q=', '/search?q=+++']) {
    const html = await page(address);
    assert.match(html, /<h2>How to search<\/h2>/, address);
    assert.doesNotMatch(html, /results for/, address);
  }
  const stop = await page(`/search?q=${q('the of and')}`);
  assert.match(stop, /There is no word to look for in “the of and”/);
  const body = await json('/api/v1/search?q=');
  assert.equal(body.searchable, false);
  assert.deepEqual(body.results, []);
});

test('Arabic is found whatever the diacritics and letter forms', async () => {
  // The demo article writes "الفيضانات" and "مياه".
  for (const variant of ['فيضانات', 'الفَيَضانات', 'الفيضـــانات', 'مياة']) {
    const body = await json(`/api/v1/search?q=${q(variant)}`);
    assert.ok(body.total >= 1, variant);
    assert.equal(body.results[0].language, 'ar', variant);
  }
  const html = await page(`/search?q=${q('الفيضانات')}`);
  assert.match(html, /<li class="search-result" lang="ar" dir="rtl">/);
});

test('the index follows a re-import in the same transaction', async () => {
  assert.equal((await json(`/api/v1/search?q=tongues`)).total, 1);
  const edited = [...glacierOld];
  edited[4] = 'Teams surveyed the icefield with drones and stakes drilled into the ice.';
  const imported = site.gazette('import', writeArticle('glacier-old.txt', edited));
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /updated article/);
  const icefield = await json(`/api/v1/search?q=icefield`);
  assert.equal(icefield.total, 1);
  assert.equal(icefield.results[0].headline, 'Glacier Retreat Measured Across the Alps');
  await eventually('/api/v1/search?q=tongues', (body) => body.total === 0, 'the old words are still found');
  assert.equal((await json(`/api/v1/search?q=glacier`)).total, 2);
});

test('gazette reindex rebuilds the index quietly when not on a terminal', async () => {
  const result = site.gazette('reindex');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /^search index rebuilt in [\d.]+ s\nrelated articles rebuilt in [\d.]+ s\n$/);
  assert.equal((await json(`/api/v1/search?q=glacier`)).total, 2);
  assert.equal(site.gazette('reindex', 'search').status, 0);
  assert.equal(site.gazette('reindex', 'everything').status, 2);
});

test('related: the editor\'s links first, then automatic ones, never the article itself', async () => {
  const market = (await json(`/api/v1/search?q=${q('covered market')}`)).results[0];
  const related = await json(`/api/v1/articles/${market.id}/related`);
  assert.equal(related[0].id, '1892278', 'the editor\'s link comes first');
  assert.ok(related.length >= 2, 'automatic items follow');
  assert.ok(related.length <= 6);
  const relatedIds = related.map((r) => r.id);
  assert.ok(!relatedIds.includes(String(market.id)), 'never the article itself');
  assert.equal(new Set(relatedIds).size, relatedIds.length, 'no duplicates');
  for (const item of related) {
    assert.deepEqual(Object.keys(item), ['id', 'sort', 'contenttypeid', 'pic', 'title']);
  }
  // The page widget shows the same items in the same order.
  const html = await page(new URL(market.url).pathname);
  const widget = html.match(/<aside class="related"[\s\S]*?<\/aside>/)[0];
  const shown = [...widget.matchAll(/href="\/news\/(\d+)\//g)].map((m) => m[1]);
  assert.deepEqual(shown, relatedIds);
  // Two reports of one story link to each other, whichever came first.
  const glaciers = await json(`/api/v1/search?q=${q('alpine glacier')}`);
  const [newer] = glaciers.results;
  const older = (await json(`/api/v1/search?q=${q('alpine glacier')}&page=2`)).results[0];
  const newerRelated = (await json(`/api/v1/articles/${newer.id}/related`)).map((r) => r.id);
  const olderRelated = (await json(`/api/v1/articles/${older.id}/related`)).map((r) => r.id);
  assert.ok(newerRelated.includes(String(older.id)), 'the follow-up links the first report');
  assert.ok(olderRelated.includes(String(newer.id)), 'the first report links its follow-up');
});
