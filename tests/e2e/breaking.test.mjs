// The breaking-news banner: raised at /admin/breaking, shown by chromium on
// an article page that stays a cache hit throughout (the page never holds
// the banner: static/breaking.js fetches /breaking.json), gone at its
// expiry with nobody writing and nothing purged, lowered by hand, and
// hostile input shown as text or refused with a message, changing nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite, startServer, samplePath, articleLinks, decodeEntities, launchChromium } from './helpers.mjs';
import { Client, hidden } from './newsroom-client.mjs';

const ADMIN_PASSWORD = 'correct horse battery';
let site;
let server;
let browser;
let admin;
let articleUrl;

async function metrics() {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Object.fromEntries(text.trim().split('\n').map((line) => {
    const [name, value] = line.split(' ');
    return [name, Number(value)];
  }));
}

function moved(before, after, name) {
  return after[`gazette_${name}`] - before[`gazette_${name}`];
}

async function bannerJson() {
  const response = await fetch(`${server.url}/breaking.json`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'public, max-age=15, s-maxage=15');
  assert.equal(response.headers.get('surrogate-key'), 'breaking');
  return (await response.json()).breaking;
}

// The admin page, its CSRF token and the id of the banner that is up.
async function adminPage() {
  const page = await admin.get('/admin/breaking');
  assert.equal(page.status, 200);
  return { html: page.text, csrf: hidden(page.text, 'csrf'), id: hidden(page.text, 'id') };
}

async function raise(fields) {
  const { csrf } = await adminPage();
  return admin.post('/admin/breaking', { csrf, action: 'raise', ...fields });
}

// The site's zone is UTC: the datetime-local value of a Unix time.
function localTime(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 19);
}

// Opens the article in a fresh reader (no cookie, an empty browser cache)
// once the banner's script has looked; returns what the slot shows and the
// requests that reached the page handler (not /static files).
async function readerView() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const handled = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/static/')) handled.push({ path: url.pathname, status: response.status() });
  });
  await page.goto(articleUrl, { waitUntil: 'load' });
  await page.waitForSelector('#breaking[data-state]', { state: 'attached' });
  const slot = await page.$eval('#breaking', (element) => ({
    hidden: element.hidden,
    state: element.dataset.state,
    text: element.querySelector('.breaking-text')?.textContent ?? null,
    href: element.querySelector('a.breaking-text')?.getAttribute('href') ?? null,
    elements: element.querySelectorAll('*').length,
    pwned: window.pwned ?? null,
  }));
  return { context, page, slot, handled };
}

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_PASSWORD_LIMITS: 'test', GAZETTE_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  assert.equal(init.status, 0, init.stderr);
  assert.equal(site.gazette('import', samplePath).status, 0);
  // Reads saved once an hour: no most-read change moves the counters.
  server = await startServer(site, ['--reads-save-seconds', '3600']);
  const home = await (await fetch(`${server.url}/`)).text();
  articleUrl = server.url + articleLinks(home).find((l) => l.href.includes('militant')).href;
  admin = new Client(server.url);
  assert.equal((await admin.signIn('admin', ADMIN_PASSWORD)).status, 303);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

test('every reader page has the empty slot and the script, never the banner', async () => {
  const html = await (await fetch(articleUrl)).text();
  assert.match(html, /<aside id="breaking" class="breaking" aria-label="Breaking news" hidden><\/aside>/);
  assert.match(html, /<script src="\/static\/breaking\.[0-9a-f]{12}\.js" defer><\/script>/);
  assert.equal(await bannerJson(), null);
  const adminView = await adminPage();
  assert.match(adminView.html, /<a href="\/admin\/breaking">Breaking news<\/a>/, 'linked from the header');
  assert.match(adminView.html, /No banner is up/);
  const refused = await admin.post('/admin/breaking', { action: 'raise', text: 'No token' });
  assert.equal(refused.status, 403, 'every POST needs the CSRF token');
});

test('the banner appears on a cached article page and goes at expiry without a purge of that page', async () => {
  // Warm the article page (a hit from now on) and the banner's answer.
  const warm = await fetch(articleUrl);
  const etag = warm.headers.get('etag');
  await warm.text();
  const second = await fetch(articleUrl);
  await second.text();
  assert.equal(await bannerJson(), null);

  const expires = Math.ceil(Date.now() / 1000) + 3;
  const before = await metrics();
  const raised = await raise({ text: 'Quake hits Aleppo', link: '/section/syria', expires: localTime(expires) });
  assert.equal(raised.status, 303, raised.text);
  assert.equal(raised.headers.get('location'), '/admin/breaking?done=raised');
  const afterRaise = await metrics();
  assert.equal(moved(before, afterRaise, 'cache_invalidations_total'), 1, 'only the banner\'s entry is dropped');
  const banner = await bannerJson();
  assert.equal(banner.text, 'Quake hits Aleppo');
  assert.equal(banner.url, '/section/syria');
  assert.equal(Date.parse(banner.expires_at), expires * 1000);

  const beforeView = await metrics();
  const shown = await readerView();
  const afterView = await metrics();
  assert.ok(Date.now() < expires * 1000, 'the page was read before the expiry');
  assert.deepEqual(shown.slot, { hidden: false, state: 'up', text: 'Quake hits Aleppo', href: '/section/syria',
    elements: 2, pwned: null });
  assert.deepEqual(shown.handled.map((r) => r.path).sort(), ['/breaking.json', new URL(articleUrl).pathname].sort());
  assert.equal(moved(beforeView, afterView, 'renders_total'), 0, 'the article page was not rendered again');
  assert.equal(moved(beforeView, afterView, 'cache_invalidations_total'), 0);
  assert.equal(moved(beforeView, afterView, 'cache_hits_total'), 2, 'the page and the banner were hits');
  const unchanged = await fetch(articleUrl);
  await unchanged.text();
  assert.equal(unchanged.headers.get('etag'), etag, 'the cached page is byte for byte the one from before');

  // Past the expiry: the open page hides the banner itself, a new reader
  // never sees it, and only the banner's answer was made again.
  while (Date.now() < expires * 1000 + 200) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await shown.page.$eval('#breaking', (element) => element.hidden), true, 'the open page hid it at expiry');
  await shown.context.close();
  const beforeGone = await metrics();
  const gone = await readerView();
  const afterGone = await metrics();
  assert.deepEqual(gone.slot, { hidden: true, state: 'none', text: null, href: null, elements: 0, pwned: null });
  await gone.context.close();
  assert.equal(moved(beforeGone, afterGone, 'cache_expirations_total'), 1, 'the banner\'s entry ended on time');
  assert.equal(moved(beforeGone, afterGone, 'renders_total'), 1, 'only /breaking.json was rendered again');
  assert.equal(moved(beforeGone, afterGone, 'cache_invalidations_total'), 0, 'nothing was purged');
  assert.ok(moved(beforeGone, afterGone, 'cache_hits_total') >= 1, 'the article page was a hit');
  assert.equal(await bannerJson(), null);
  assert.match((await adminPage()).html, /<td>expired<\/td>/);
});

test('an editor lowers the banner by hand: only its entry is dropped', async () => {
  const raised = await raise({ text: 'Ceasefire announced', link: 'https://example.com/live' });
  assert.equal(raised.status, 303, raised.text);
  const page = await adminPage();
  assert.match(page.html, /id="current-banner"/);
  assert.match(page.html, /it stays until it is lowered/);
  const up = await readerView();
  assert.equal(up.slot.text, 'Ceasefire announced');
  assert.equal(up.slot.href, 'https://example.com/live');
  await up.context.close();

  const before = await metrics();
  const lowered = await admin.post('/admin/breaking', { csrf: page.csrf, action: 'lower', id: page.id });
  assert.equal(lowered.status, 303, lowered.text);
  assert.equal(lowered.headers.get('location'), '/admin/breaking?done=lowered');
  const afterLower = await metrics();
  assert.equal(moved(before, afterLower, 'cache_invalidations_total'), 1, 'only the banner\'s entry is dropped');
  const down = await readerView();
  const afterView = await metrics();
  assert.equal(down.slot.hidden, true);
  assert.equal(down.slot.state, 'none');
  await down.context.close();
  assert.equal(moved(afterLower, afterView, 'renders_total'), 1, 'only /breaking.json was rendered again');
  const again = await admin.post('/admin/breaking', { csrf: page.csrf, action: 'lower', id: page.id });
  assert.equal(again.status, 409);
  assert.match(again.text, /not up any more/);
  assert.match((await adminPage()).html, /lowered .* by admin/);
});

test('hostile input: script in the text is shown as text; a javascript: link is refused and changes nothing', async () => {
  const attack = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">';
  assert.equal((await raise({ text: attack })).status, 303);
  const shown = await readerView();
  assert.equal(shown.slot.text, attack, 'the text is shown exactly as typed');
  assert.equal(shown.slot.elements, 2, 'no element came from the text');
  assert.equal(shown.slot.pwned, null, 'no script ran');
  await shown.context.close();

  const before = await metrics();
  const held = await bannerJson();
  const history = (await adminPage()).html.match(/<tr><td>/g).length;
  const refused = await raise({ text: 'Click here', link: 'javascript:alert(1)' });
  assert.equal(refused.status, 422);
  assert.match(decodeEntities(refused.text), /The link must be an address starting with http:\/\/ or https:\/\//);
  assert.match(refused.text, /name="text" required maxlength="280" value="Click here"/, 'what was typed is shown again');
  assert.match(refused.text, /value="javascript:alert\(1\)"/);
  const overlong = await raise({ text: 'x'.repeat(281), link: '//evil.example' });
  assert.equal(overlong.status, 422);
  assert.match(overlong.text, /at most 280 characters \(it has 281\)/);
  assert.match(overlong.text, /not \/\//);
  const badExpiry = await raise({ text: 'Soon', expires: 'tomorrow' });
  assert.equal(badExpiry.status, 422);
  assert.match(badExpiry.text, /The expiry is not a date and time/);
  const past = await raise({ text: 'Soon', expires: localTime(Math.floor(Date.now() / 1000) - 60) });
  assert.equal(past.status, 422);
  assert.match(past.text, /The expiry must be in the future/);
  const after = await metrics();
  assert.equal(moved(before, after, 'cache_invalidations_total'), 0, 'nothing was dropped');
  assert.deepEqual(await bannerJson(), held, 'the banner that was up is still up');
  assert.equal((await adminPage()).html.match(/<tr><td>/g).length, history, 'no banner was stored');
});
