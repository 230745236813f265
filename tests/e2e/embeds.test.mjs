// Embeds by pasting an address on its own line (issue 13, item 4), in
// Debian's chromium: an article whose body has a YouTube and a Datawrapper
// address on lines of their own shows two click-to-load placeholders; the
// page asks nothing of any other site until a click, and a click loads
// that provider's frame only; the readers' Content-Security-Policy frames
// exactly the providers the theme allows; every provider's player the
// server builds is one embed.js accepts; a theme that allows fewer
// providers leaves the others as links; feeds keep links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, launchChromium, themeDir } from './helpers.mjs';
import { signedIn, editorState } from './newsroom-client.mjs';

const PASSWORD = 'correct horse battery';
const EVERY_ORIGIN = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com',
  'https://www.dailymotion.com', 'https://platform.twitter.com', 'https://www.instagram.com',
  'https://www.facebook.com', 'https://www.tiktok.com', 'https://w.soundcloud.com',
  'https://open.spotify.com', 'https://www.google.com', 'https://datawrapper.dwcdn.net',
  'https://flo.uri.sh'];
const EVERY_PROVIDER = [
  'https://youtu.be/dQw4w9WgXcQ',
  'https://vimeo.com/76979871',
  'https://www.dailymotion.com/video/x7tgad0',
  'https://x.com/AP/status/1790001234567890123',
  'https://www.instagram.com/p/C8aBc1xYz9Q/',
  'https://www.facebook.com/bbcnews/posts/10161234567890123',
  'https://www.tiktok.com/@scout2015/video/6718335390845095173',
  'https://soundcloud.com/forss/flickermood',
  'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC',
  'https://www.google.com/maps/place/Tour+Eiffel/@48.85,2.29,17z',
  'https://datawrapper.dwcdn.net/Ab1Cd/3/',
  'https://public.flourish.studio/visualisation/1234567/',
];

let site;
let server;
let strictServer;
let browser;
let editor;

function frameSources(response) {
  const policy = response.headers.get('content-security-policy');
  const match = policy.match(/frame-src ([^;]*)/);
  assert.ok(match, policy);
  return match[1].trim().split(/\s+/);
}

async function publish(headline, body) {
  const fields = { headline, language: 'en', body };
  const blank = await editorState(editor, '/admin/articles/new');
  const created = await editor.post('/admin/articles/new', { csrf: blank.csrf, revision: '0', ...fields, action: 'save' });
  assert.equal(created.status, 303, created.text.slice(0, 300));
  const articlePath = created.headers.get('location').replace(/\?.*/, '');
  const saved = await editorState(editor, articlePath);
  const published = await editor.post(articlePath, { csrf: saved.csrf, revision: saved.revision, ...fields, action: 'publish' });
  assert.equal(published.status, 303, published.text.slice(0, 300));
  return `/news/${articlePath.match(/(\d+)$/)[1]}`;
}

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_ADMIN_PASSWORD: PASSWORD, GAZETTE_PASSWORD_LIMITS: 'test' } });
  assert.equal(init.status, 0, init.stderr);
  server = await startServer(site);
  // The same site under a theme that allows two providers only.
  const strictTheme = path.join(site.dir, 'strict-theme');
  cpSync(themeDir, strictTheme, { recursive: true });
  writeFileSync(path.join(strictTheme, 'media.ini'),
    '[media]\nratios = 16x9, 4x3, 1x1\nwidths = 320, 640, 1024, 1200, 1600, 2048\n'
    + 'formats = avif, webp, jpeg\nembeds = youtube, datawrapper\n');
  strictServer = await startServer(site, ['--theme', strictTheme]);
  browser = await launchChromium();
  editor = await signedIn(server.url, 'admin', PASSWORD);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await strictServer?.stop();
  site?.remove();
});

test('pasted YouTube and Datawrapper addresses are placeholders until a click loads that frame only', async () => {
  const articlePath = await publish('Floods in the delta', [
    'The river rose overnight.',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'Rainfall by district:',
    'https://datawrapper.dwcdn.net/Ab1Cd/3/',
    'More at https://www.youtube.com/watch?v=aB3_-x9YzQw in the evening.',
  ].join('\n\n'));
  const response = await fetch(`${server.url}${articlePath}`, { redirect: 'follow' });
  const html = await response.text();
  // The page may frame the players it offers, and nothing else.
  assert.deepEqual(frameSources(response), ['https://www.youtube-nocookie.com', 'https://datawrapper.dwcdn.net']);
  const plain = await fetch(`${server.url}/`);
  assert.deepEqual(frameSources(plain), ["'none'"], 'a page without embeds frames nothing');
  assert.doesNotMatch(html, /<iframe/);
  assert.match(html, /<script src="\/static\/embed\.[0-9a-f]{12}\.js" defer>/);

  const page = await browser.newPage();
  const offSite = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url)) offSite.push(request.url());
  });
  // No network here: whatever the frames ask for is answered locally.
  await page.route((url) => !url.href.startsWith(server.url),
    (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>player</p>' }));
  await page.goto(`${server.url}${articlePath}`);
  const placeholders = page.locator('figure.media-embed a.embed-poster');
  assert.equal(await placeholders.count(), 2);
  assert.equal(await placeholders.nth(0).getAttribute('data-embed-provider'), 'youtube');
  assert.equal(await placeholders.nth(1).getAttribute('data-embed-provider'), 'datawrapper');
  assert.equal(await page.getByText('Load the YouTube video').count(), 1);
  assert.equal(await page.getByText('Load the chart').count(), 1);
  // The address in a sentence stays a link.
  assert.equal(await page.locator('a[href="https://www.youtube.com/watch?v=aB3_-x9YzQw"]').count(), 1);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(offSite, []);
  assert.equal(await page.locator('iframe').count(), 0);

  await page.getByText('Load the chart').click();
  const frame = page.locator('figure iframe.embed-frame');
  await frame.waitFor({ state: 'attached' });
  assert.equal(await page.locator('iframe').count(), 1);
  assert.equal(await frame.getAttribute('src'), 'https://datawrapper.dwcdn.net/Ab1Cd/3/');
  await page.waitForLoadState('networkidle');
  assert.ok(offSite.length > 0);
  assert.ok(offSite.every((url) => url.startsWith('https://datawrapper.dwcdn.net/')), offSite.join());
  assert.equal(await placeholders.count(), 1); // YouTube still waits for its click
  await page.close();

  // Feeds get no frames: the same body has links.
  const rss = await (await fetch(`${server.url}/feed.rss`)).text();
  assert.match(rss, /&lt;a href=&quot;https:\/\/datawrapper\.dwcdn\.net\/Ab1Cd\/3\/&quot;&gt;/);
  assert.doesNotMatch(rss, /embed-poster/);
});

test('every provider pasted gives a player that embed.js loads, on the theme\'s origins', async () => {
  const articlePath = await publish('Every provider', EVERY_PROVIDER.join('\n\n'));
  const page = await browser.newPage();
  await page.route((url) => !url.href.startsWith(server.url),
    (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>player</p>' }));
  const blocked = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  await page.goto(`${server.url}${articlePath}`);
  const placeholders = page.locator('a.embed-poster');
  assert.equal(await placeholders.count(), EVERY_PROVIDER.length);
  const sources = [];
  for (let i = 0; i < EVERY_PROVIDER.length; i++) sources.push(await placeholders.nth(i).getAttribute('data-embed-src'));
  // One click each; a click that lands while the page scrolls to the last
  // frame is tried again (a refused player would stay, and fail below).
  for (let tries = 0; tries < 3 * EVERY_PROVIDER.length && await placeholders.count() > 0; tries++) {
    await placeholders.first().click();
  }
  const left = await page.locator('a.embed-poster').evaluateAll((list) => list.map((a) => a.getAttribute('data-embed-src')));
  assert.deepEqual(left, []);
  const frames = await page.locator('iframe.embed-frame').evaluateAll((list) => list.map((f) => f.src));
  assert.deepEqual(frames, sources);
  // Each player is on an origin of frame-src.
  for (const src of sources) assert.ok(EVERY_ORIGIN.includes(new URL(src).origin), src);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(blocked, []);
  await page.close();
});

test('a theme that allows fewer providers frames only those, and leaves the others as links', async () => {
  const articlePath = await publish('Strict theme', [
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://x.com/AP/status/20',
    'https://datawrapper.dwcdn.net/Ab1Cd/3/',
  ].join('\n\n'));
  const response = await fetch(`${strictServer.url}${articlePath}`);
  const html = await response.text();
  assert.deepEqual(frameSources(response), ['https://www.youtube-nocookie.com', 'https://datawrapper.dwcdn.net']);
  assert.equal((html.match(/class="embed-poster"/g) ?? []).length, 2);
  assert.match(html, /<p><a href="https:\/\/x\.com\/AP\/status\/20">/);

  // A crafted player address planted in the page is not framed.
  const page = await browser.newPage();
  const offSite = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(strictServer.url)) offSite.push(request.url());
  });
  await page.goto(`${strictServer.url}${articlePath}`);
  await page.locator('a.embed-poster').first().evaluate((link) => {
    link.setAttribute('data-embed-src', 'https://www.youtube-nocookie.com.evil.example/embed/dQw4w9WgXcQ?autoplay=1');
    link.setAttribute('href', '#');
  });
  await page.locator('a.embed-poster').first().click();
  assert.equal(await page.locator('iframe').count(), 0);
  assert.deepEqual(offSite, []);
  await page.close();
});
