// Article addresses and what the page head tells search engines: a
// published article's slug changed twice leaves both old addresses
// answering 301 to the new one (kept in the cache's readers' share while
// made-up slugs flood the rest), a new headline after publication keeps
// the address, the search and social fields fill <title>, the meta
// description, the cards and the canonical link, noindex reaches the
// robots meta and drops the article from the sitemaps, bad input is
// refused with a message and changes nothing, and the editor counts each
// field's characters in the page and live in chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite, startServer, launchChromium, decodeEntities } from './helpers.mjs';
import { Client, editorState, addSections } from './newsroom-client.mjs';

const ADMIN_PASSWORD = 'correct horse battery';
let site;
let server;
let admin;
let articlePath; // /admin/articles/ID
let articleId;
let form; // the article's fields as the editor holds them

async function metrics() {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Object.fromEntries(text.trim().split('\n').filter((line) => !line.startsWith('#'))
    .map((line) => { const [name, value] = line.split(' '); return [name, Number(value)]; }));
}

async function reader(path) {
  const response = await fetch(server.url + path, { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

// Saves the form with changes over it; returns the response.
async function save(changes, action = 'save') {
  const state = await editorState(admin, articlePath);
  const fields = { ...form, ...changes };
  const response = await admin.post(articlePath, { csrf: state.csrf, revision: state.revision, action, ...fields });
  if (response.status === 303) form = fields;
  return response;
}

function metaContent(html, attribute, key) {
  const match = html.match(new RegExp(`<meta ${attribute}="${key}" content="([^"]*)">`));
  return match ? decodeEntities(match[1]) : null;
}

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_PASSWORD_LIMITS: 'test', GAZETTE_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  assert.equal(init.status, 0, init.stderr);
  server = await startServer(site, ['--cache-mb', '1', '--reads-save-seconds', '3600']);
  admin = new Client(server.url);
  assert.equal((await admin.signIn('admin', ADMIN_PASSWORD)).status, 303);
  await addSections(admin, ['City']);
  form = { headline: 'Bridge closes for repairs', summary: 'Traffic is diverted.', body: 'The bridge shuts.',
    section: 'City', language: 'en', content_type: '1' };
  const state = await editorState(admin, '/admin/articles/new');
  const created = await admin.post('/admin/articles/new',
    { csrf: state.csrf, revision: '0', action: 'save', ...form });
  assert.equal(created.status, 303, created.text);
  articlePath = created.headers.get('location').replace(/\?.*/, '');
  articleId = Number(articlePath.split('/').pop());
  const draft = await editorState(admin, articlePath);
  assert.match(draft.html, /<input id="slug" name="slug" value="" maxlength="80" placeholder="made from the title"/,
    'a draft\'s slug is shown empty: it follows the headline');
  assert.equal((await save({ headline: 'Bridge closes for two weeks' })).status, 303);
  assert.equal((await save({}, 'publish')).status, 303);
});

after(async () => {
  await server?.stop();
  site?.remove();
});

test('before publication the slug followed the headline; a new headline after it keeps the address', async () => {
  const page = await reader(`/news/${articleId}/bridge-closes-for-two-weeks`);
  assert.equal(page.status, 200);
  assert.equal((await reader(`/news/${articleId}/bridge-closes-for-repairs`)).status, 301,
    'a draft\'s slug was never published: only a made-up slug now');
  const editor = await editorState(admin, articlePath);
  assert.match(editor.html, /name="slug" value="bridge-closes-for-two-weeks"/, 'published: shown as it is');
  assert.equal((await save({ headline: 'Bridge closes for three weeks', slug: 'bridge-closes-for-two-weeks' })).status, 303);
  assert.equal((await save({ slug: '' })).status, 303, 'an emptied field keeps a published address');
  const again = await reader(`/news/${articleId}/bridge-closes-for-two-weeks`);
  assert.equal(again.status, 200);
  assert.match(again.text, /Bridge closes for three weeks/);
  assert.equal((await reader(`/news/${articleId}/bridge-closes-for-three-weeks`)).status, 301);
});

test('a slug changed twice: both old addresses answer 301 to the new one, which answers 200', async () => {
  assert.equal((await save({ slug: 'bridge-shut' })).status, 303);
  assert.equal((await save({ slug: 'bridge-repairs-2026' })).status, 303);
  const current = `/news/${articleId}/bridge-repairs-2026`;
  for (const old of ['bridge-closes-for-two-weeks', 'bridge-shut']) {
    for (let i = 0; i < 2; i++) { // a miss, then the cached redirect
      const moved = await reader(`/news/${articleId}/${old}`);
      assert.equal(moved.status, 301, old);
      assert.equal(moved.location, current, old);
    }
  }
  const page = await reader(current);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<link rel="canonical" href="[^"]*${current}">`));
  const bare = await reader(`/news/${articleId}`);
  assert.equal(bare.status, 301);
  assert.equal(bare.location, current);
  const editor = await editorState(admin, articlePath);
  assert.match(editor.html, /Old addresses, redirecting here: <code>bridge-closes-for-two-weeks<\/code> <code>bridge-shut<\/code>/);
});

test('an old address stays cached with readers\' pages while made-up slugs flood the cache', async () => {
  const old = `/news/${articleId}/bridge-shut`;
  await reader(old); // cached
  const flood = Array.from({ length: 3000 }, (_, i) => `/news/${articleId}/made-up-${i}-${'x'.repeat(200)}`);
  for (let i = 0; i < flood.length; i += 50) {
    const answers = await Promise.all(flood.slice(i, i + 50).map((path) => reader(path)));
    for (const answer of answers) assert.equal(answer.status, 301);
  }
  const before = await metrics();
  assert.ok(before.gazette_cache_evictions_total > 0, 'the flood evicted entries');
  assert.equal((await reader(old)).status, 301);
  const afterOld = await metrics();
  assert.equal(afterOld.gazette_cache_hits_total - before.gazette_cache_hits_total, 1, 'the old address is still a hit');
  await reader(flood[0]);
  const afterFlood = await metrics();
  assert.equal(afterFlood.gazette_cache_misses_total - afterOld.gazette_cache_misses_total, 1,
    'the first made-up slug was pushed out');
});

test('search and social fields reach the title, descriptions, cards and canonical link', async () => {
  const current = `/news/${articleId}/bridge-repairs-2026`;
  let page = (await reader(current)).text;
  assert.match(page, /<title>Bridge closes for three weeks · /);
  assert.equal(metaContent(page, 'property', 'og:title'), 'Bridge closes for three weeks');
  assert.equal(metaContent(page, 'name', 'description'), 'Traffic is diverted.');

  assert.equal((await save({ seo_title: 'Bridge closed: detours & dates', seo_description: 'Where to drive instead.' })).status, 303);
  page = (await reader(current)).text;
  assert.match(page, /<title>Bridge closed: detours &amp; dates<\/title>/);
  assert.equal(metaContent(page, 'name', 'description'), 'Where to drive instead.');
  assert.equal(metaContent(page, 'property', 'og:title'), 'Bridge closed: detours & dates');
  assert.equal(metaContent(page, 'name', 'twitter:description'), 'Where to drive instead.');

  assert.equal((await save({ social_title: 'The bridge is shut', social_description: 'Plan your trip <now>.',
    canonical_url: 'https://origin.example/bridge?id=1&from=wire' })).status, 303);
  page = (await reader(current)).text;
  assert.match(page, /<title>Bridge closed: detours &amp; dates<\/title>/);
  assert.equal(metaContent(page, 'property', 'og:title'), 'The bridge is shut');
  assert.equal(metaContent(page, 'name', 'twitter:title'), 'The bridge is shut');
  assert.equal(metaContent(page, 'property', 'og:description'), 'Plan your trip <now>.');
  assert.equal(metaContent(page, 'name', 'twitter:description'), 'Plan your trip <now>.');
  assert.equal(metaContent(page, 'name', 'description'), 'Where to drive instead.');
  assert.match(page, /<link rel="canonical" href="https:\/\/origin.example\/bridge\?id=1&amp;from=wire">/);
  assert.equal(metaContent(page, 'property', 'og:url'), 'https://origin.example/bridge?id=1&from=wire');
  assert.equal((page.match(/rel="canonical"/g) ?? []).length, 1);
});

test('noindex reaches the robots meta and drops the article from the sitemaps', async () => {
  const current = `/news/${articleId}/bridge-repairs-2026`;
  let articles = (await reader('/sitemap-articles-1.xml')).text;
  let news = (await reader('/sitemap-news.xml')).text;
  assert.match(articles, new RegExp(`${current}</loc>`));
  assert.match(news, new RegExp(`${current}</loc>`));
  assert.equal(metaContent((await reader(current)).text, 'name', 'robots'), 'max-image-preview:large');

  assert.equal((await save({ noindex: 'yes' })).status, 303);
  const page = (await reader(current)).text;
  assert.equal(metaContent(page, 'name', 'robots'), 'noindex, max-image-preview:large');
  assert.equal((page.match(/name="robots"/g) ?? []).length, 1);
  articles = (await reader('/sitemap-articles-1.xml')).text;
  news = (await reader('/sitemap-news.xml')).text;
  assert.doesNotMatch(articles, new RegExp(`/news/${articleId}/`));
  assert.doesNotMatch(news, new RegExp(`/news/${articleId}/`));
  assert.match(articles, /<urlset/);
  const editor = await editorState(admin, articlePath);
  assert.match(editor.html, /name="noindex" value="yes" checked>/);

  const { noindex, ...unticked } = form; // an unticked box is not sent
  assert.equal(noindex, 'yes');
  form = unticked;
  assert.equal((await save({})).status, 303);
  assert.match((await reader('/sitemap-news.xml')).text, new RegExp(`${current}</loc>`));
});

test('bad input gets a clear message and changes nothing', async () => {
  const current = `/news/${articleId}/bridge-repairs-2026`;
  const before = (await reader(current)).text;
  const revision = (await editorState(admin, articlePath)).revision;
  const cases = [
    [{ seo_title: 'x'.repeat(201) }, /search title is longer than 200 characters/],
    [{ social_description: 'y'.repeat(601) }, /social description is longer than 600 characters/],
    [{ canonical_url: 'javascript:alert(1)' }, /canonical address must be an absolute http:\/\/ or https:\/\/ URL/],
    [{ slug: 'Not A Slug!' }, /address \(slug\) must be .*lower-case letters.*&quot;not-a-slug&quot;/],
    [{ slug: 'a'.repeat(81) }, /address \(slug\) must be at most 80 bytes/],
  ];
  for (const [changes, message] of cases) {
    const refused = await save(changes);
    assert.equal(refused.status, 422, JSON.stringify(changes).slice(0, 60));
    assert.match(refused.text, message);
  }
  // Invalid UTF-8 as raw bytes: refused where the form is read.
  const state = await editorState(admin, articlePath);
  const body = new URLSearchParams({ csrf: state.csrf, revision: state.revision, action: 'save', ...form }).toString()
    + '&seo_title=Bad%C3%20byte';
  const raw = await fetch(server.url + articlePath, { method: 'POST', redirect: 'manual',
    headers: { cookie: admin.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, body });
  assert.ok([400, 422].includes(raw.status), `status ${raw.status}`);
  assert.match(await raw.text(), /UTF-8/);
  assert.equal((await editorState(admin, articlePath)).revision, revision, 'no new revision');
  assert.equal((await reader(current)).text, before, 'the page is as it was');
});

test('the editor counts each field\'s characters, in the page and live', async () => {
  assert.equal((await save({ seo_title: 'Bridge closed: detours & dates', seo_description: 'ص'.repeat(170) })).status, 303);
  const editor = await editorState(admin, articlePath);
  assert.match(editor.html, /<script src="\/static\/seo\.[0-9a-f]{12}\.js" defer><\/script>/);
  assert.match(editor.html, /id="seo_title-length" data-length-of="seo_title">30 \/ 60 characters</);
  assert.match(editor.html, /class="length over" id="seo_description-length" data-length-of="seo_description">170 \/ 160 characters</);
  assert.match(editor.html, /id="social_title-length" data-length-of="social_title">18 \/ 70 characters</);

  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const { hostname } = new URL(server.url);
    await context.addCookies([...admin.cookies].map(([name, value]) => ({ name, value, domain: hostname, path: '/' })));
    const page = await context.newPage();
    await page.goto(server.url + articlePath, { waitUntil: 'load' });
    const counter = (name) => page.$eval(`#${name}-length`, (element) => ({
      text: element.textContent, over: element.classList.contains('over') }));
    assert.deepEqual(await counter('seo_description'), { text: '170 / 160 characters', over: true });
    await page.fill('#seo_title', 'x'.repeat(61));
    assert.deepEqual(await counter('seo_title'), { text: '61 / 60 characters', over: true });
    await page.fill('#seo_title', '📰 news');
    assert.deepEqual(await counter('seo_title'), { text: '6 / 60 characters', over: false });
    await page.fill('#social_description', 'z'.repeat(200));
    assert.deepEqual(await counter('social_description'), { text: '200 / 200 characters', over: false });
    await page.type('#social_description', 'z');
    assert.deepEqual(await counter('social_description'), { text: '201 / 200 characters', over: true });
    await context.close();
  } finally {
    await browser.close();
  }
});
