// Authors and bylines (issue 13, item 1), in Debian's chromium: an editor
// adds two author profiles (one an agency without an account), refused
// input says why and stores nothing, an article names both in order with
// a byline override; the article page shows the byline and links each
// author, its JSON-LD has them as Persons with their pages, every feed
// carries the byline (never a login name), both author pages list the
// article with their profile and have feeds of their own, and a renamed
// author reaches the cached article page at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { makeSite, startServer, gazetteBin, cleanEnv, launchChromium, decodeEntities } from './helpers.mjs';
import { signedIn, editorState } from './newsroom-client.mjs';

const PASSWORD = 'correct horse battery';
const BYLINE = 'By our correspondent in Aleppo';
let site;
let server;
let browser;
let articleUrl;

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_ADMIN_PASSWORD: PASSWORD, GAZETTE_PASSWORD_LIMITS: 'test' } });
  assert.equal(init.status, 0, init.stderr);
  const added = spawnSync(gazetteBin, ['user', 'add', 'eddie', '--role', 'editor', '--password-stdin',
    '--display-name', 'Eddie Editor', '--store', site.store],
  { cwd: site.dir, env: { ...cleanEnv(), GAZETTE_PASSWORD_LIMITS: 'test' }, input: `${PASSWORD}\n`,
    encoding: 'utf8', timeout: 60_000 });
  assert.equal(added.status, 0, added.stderr);
  server = await startServer(site);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

async function signIn(page) {
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('User name').fill('eddie');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
}

async function addAuthor(page, fields) {
  await page.goto(`${server.url}/admin/authors`);
  const form = page.locator('form.author-form');
  for (const [label, value] of Object.entries(fields)) {
    await form.getByLabel(label, { exact: label === 'Name' }).fill(value);
  }
  await page.getByRole('button', { name: 'Add the author' }).click();
}

const authorRows = async (page) => {
  await page.goto(`${server.url}/admin/authors`);
  return page.locator('table.authors tbody tr').count();
};

test('an editor adds author profiles; bad ones are refused with a message and nothing stored', async () => {
  const page = await browser.newPage();
  await signIn(page);
  await addAuthor(page, { Name: 'Jane Doe', 'Role line': 'Middle East correspondent',
    'Short biography': 'Reports from Aleppo <and> Beirut.',
    Links: 'https://jane.example/\nhttps://social.example/@jane' });
  await page.waitForURL(/\/admin\/authors\/\d+\?saved=1$/);
  assert.equal(await page.getByLabel(/Address name/).inputValue(), 'jane-doe');
  await addAuthor(page, { Name: 'Alalam', 'Role line': 'News agency' });
  await page.waitForURL(/saved=1$/);
  const before = await authorRows(page);
  for (const [fields, says] of [
    [{ Name: 'Bad link', Links: 'javascript:alert(1)' }, /http:\/\/ or https:\/\//],
    [{ Name: 'Jane Doe', 'Address name': 'jane-doe' }, /already has this address name/],
    [{ Name: 'No picture', Picture: 'media:999' }, /picture of the media library/],
  ]) {
    await addAuthor(page, fields);
    assert.match(await page.locator('#flash').textContent(), says);
  }
  // Past the form's own limits (a client that ignores maxlength, bytes that are not UTF-8).
  const client = await signedIn(server.url, 'eddie', PASSWORD);
  const { csrf } = await editorState(client, '/admin/authors');
  const long = await client.post('/admin/authors/new', { csrf, name: 'x'.repeat(121) });
  assert.equal(long.status, 422);
  assert.match(long.text, /name is longer than 120 bytes/);
  const broken = await fetch(`${server.url}/admin/authors/new`, {
    method: 'POST', redirect: 'manual', body: `csrf=${csrf}&name=Bad%C3%20byte`,
    headers: { cookie: client.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.ok(broken.status === 422 || broken.status === 400, String(broken.status));
  assert.match(await broken.text(), /UTF-8/);
  assert.equal(await authorRows(page), before, 'nothing was stored');
  await page.close();
});

test('an article names two authors and an override; page, JSON-LD and feeds say so', async () => {
  const page = await browser.newPage();
  await signIn(page);
  await page.goto(`${server.url}/admin/articles/new`);
  await page.getByLabel('Headline').fill('Aleppo market reopens');
  await page.getByLabel('Body (Markdown)').fill('Stalls were back in the old city.');
  await page.getByLabel(/^Authors/).fill('Jane Doe, Nobody Known');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  assert.match(await page.locator('.problems, [role=alert]').first().textContent(),
    /There is no author named "Nobody Known"/);
  assert.equal(await page.getByLabel(/^Authors/).inputValue(), 'Jane Doe, Nobody Known', 'the typed text is kept');
  await page.getByLabel(/^Authors/).fill('Jane Doe, Alalam');
  await page.getByLabel(/Byline override/).fill(BYLINE);
  await page.getByLabel(/Source or agency/).fill('Alalam');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/saved=publish$/);
  const id = page.url().match(/articles\/(\d+)/)[1];
  await page.close();

  const response = await fetch(`${server.url}/news/${id}`);
  articleUrl = response.url;
  const html = await response.text();
  const byline = html.match(/<span class="byline">([\s\S]*?<\/a>)<\/span>/)[1];
  assert.match(byline, new RegExp(BYLINE));
  assert.match(byline, /<a class="author" rel="author" href="\/author\/jane-doe"><bdi>Jane Doe<\/bdi><\/a> and <a class="author" rel="author" href="\/author\/alalam"><bdi>Alalam<\/bdi><\/a>/);
  assert.doesNotMatch(html, /eddie|Eddie Editor/, 'the login name and the account never show');
  const graph = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)]
    .map((m) => JSON.parse(m[1])).find((item) => item['@type'] === 'NewsArticle');
  assert.deepEqual(graph.author, [
    { '@type': 'Person', name: 'Jane Doe', url: 'http://127.0.0.1:8080/author/jane-doe' },
    { '@type': 'Person', name: 'Alalam', url: 'http://127.0.0.1:8080/author/alalam' },
  ]);

  const rss = await (await fetch(`${server.url}/feed.rss`)).text();
  assert.match(rss, new RegExp(`<dc:creator>${BYLINE}</dc:creator>`));
  const atom = await (await fetch(`${server.url}/feed.atom`)).text();
  assert.match(atom, /<author><name>Jane Doe<\/name>\n<uri>http:\/\/127\.0\.0\.1:8080\/author\/jane-doe<\/uri>\n<\/author>\n<author><name>Alalam<\/name>/);
  const json = await (await fetch(`${server.url}/feed.json`)).json();
  assert.deepEqual(json.items[0].authors, [
    { name: 'Jane Doe', url: 'http://127.0.0.1:8080/author/jane-doe' },
    { name: 'Alalam', url: 'http://127.0.0.1:8080/author/alalam' },
  ]);
  for (const feed of [rss, atom, JSON.stringify(json)]) assert.doesNotMatch(feed, /eddie/i);
});

test('both author pages show the profile, the article and feeds of their own', async () => {
  const reader = await browser.newPage();
  for (const [slug, name, role] of [['jane-doe', 'Jane Doe', 'Middle East correspondent'], ['alalam', 'Alalam', 'News agency']]) {
    const response = await reader.goto(`${server.url}/author/${slug}`);
    assert.equal(response.status(), 200);
    assert.equal(await reader.locator('#author-name').textContent(), name);
    assert.equal(await reader.locator('.author-role').textContent(), role);
    assert.match(await reader.locator('main').textContent(), /Aleppo market reopens/);
    const feeds = await reader.locator('link[rel=alternate]').evaluateAll((links) => links.map((l) => l.href));
    assert.ok(feeds.includes(`http://127.0.0.1:8080/author/${slug}/feed.rss`), feeds.join());
    const profile = (await reader.locator('script[type="application/ld+json"]').allTextContents())
      .map((text) => JSON.parse(text)).find((item) => item['@type'] === 'ProfilePage');
    assert.equal(profile.mainEntity.name, name);
    assert.equal(profile.mainEntity.url, `http://127.0.0.1:8080/author/${slug}`);
    for (const format of ['rss', 'atom', 'json']) {
      const feed = await fetch(`${server.url}/author/${slug}/feed.${format}`);
      assert.equal(feed.status, 200, `${slug} ${format}`);
      assert.match(await feed.text(), /Aleppo market reopens/);
    }
  }
  assert.equal(await reader.locator('.author-bio').count(), 0, 'Alalam has no bio');
  await reader.goto(`${server.url}/author/jane-doe`);
  assert.equal(await reader.locator('.author-bio').textContent(), 'Reports from Aleppo <and> Beirut.');
  assert.deepEqual(await reader.locator('.author-links a').allTextContents(), ['jane.example', 'social.example']);
  assert.equal((await fetch(`${server.url}/author/nobody`)).status, 404);
  await reader.close();
});

test('a renamed author reaches the cached article page at once', async () => {
  await fetch(articleUrl); // cached
  const page = await browser.newPage();
  await signIn(page);
  await page.goto(`${server.url}/admin/authors?q=jane`);
  await page.getByRole('link', { name: 'Jane Doe' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Jane Doe-Haddad');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/saved=1$/);
  await page.close();
  const html = decodeEntities(await (await fetch(articleUrl)).text());
  assert.match(html, /href="\/author\/jane-doe"><bdi>Jane Doe-Haddad<\/bdi><\/a>/);
});
