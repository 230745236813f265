// Taxonomy management (issue 13, item 6): in Debian's chromium without
// JavaScript, an editor adds, orders and hides sections and the cached
// public navigation follows at once (a hidden section's page and feed
// still work, out of the sitemap); the article editor refuses a section
// nobody added, with the message, and stores nothing (the importer still
// makes sections); a renamed tag's old address and feeds answer 301, and
// a merge moves the articles and 301s too; content types are added and
// edited; a writer gets 403 on every management form; bad input
// (overlong, invalid UTF-8 sent raw, a parent cycle) is refused with a
// message and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { makeSite, startServer, gazetteBin, cleanEnv, launchChromium, decodeEntities } from './helpers.mjs';
import { signedIn, editorState, hidden } from './newsroom-client.mjs';

const PASSWORD = 'correct horse battery';
let site;
let server;
let browser;
let editor;
let writer;

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_ADMIN_PASSWORD: PASSWORD, GAZETTE_PASSWORD_LIMITS: 'test' } });
  assert.equal(init.status, 0, init.stderr);
  for (const [name, role] of [['wendy', 'writer'], ['eddie', 'editor']]) {
    const added = spawnSync(gazetteBin, ['user', 'add', name, '--role', role, '--password-stdin',
      '--store', site.store], { cwd: site.dir, env: { ...cleanEnv(), GAZETTE_PASSWORD_LIMITS: 'test' },
      input: `${PASSWORD}\n`, encoding: 'utf8', timeout: 60_000 });
    assert.equal(added.status, 0, added.stderr);
  }
  server = await startServer(site);
  browser = await launchChromium();
  editor = await signedIn(server.url, 'eddie', PASSWORD);
  writer = await signedIn(server.url, 'wendy', PASSWORD);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

// A chromium page without JavaScript, signed in as the editor.
async function editorPage() {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('User name').fill('eddie');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
  return page;
}

async function addSection(page, fields) {
  await page.goto(`${server.url}/admin/sections`);
  const form = page.locator('form.section-form');
  for (const [label, value] of Object.entries(fields)) {
    if (label === 'Under') await form.getByLabel('Under').selectOption({ label: value });
    else if (label === 'Hidden') await form.getByLabel(/Hidden \(left out/).check();
    else await form.getByLabel(label === 'Name' ? /^Name/ : label).fill(value);
  }
  await page.getByRole('button', { name: 'Add the section' }).click();
}

// The public navigation as [name, [children]] pairs, read from the page.
async function navigation(path = '/') {
  const html = await (await fetch(`${server.url}${path}`)).text();
  const nav = html.match(/<nav class="sections"[\s\S]*?<\/nav>/)[0];
  const items = [];
  for (const item of nav.matchAll(/<li><a href="[^"]*"[^>]*>([^<]*)<\/a>(<ul class="subsections">([\s\S]*?)<\/ul>)?<\/li>/g)) {
    const children = [...(item[3] ?? '').matchAll(/>([^<>]+)<\/a>/g)].map((m) => decodeEntities(m[1]));
    items.push([decodeEntities(item[1]), children]);
  }
  return items;
}

async function csrfOf(client, path = '/admin/') {
  return hidden((await client.get(path)).text, 'csrf');
}

// Publishes an article through the editor's form; its id.
async function publish(headline, fields) {
  const state = await editorState(editor, '/admin/articles/new');
  const created = await editor.post('/admin/articles/new', { csrf: state.csrf, revision: '0',
    action: 'publish', headline, body: `${headline}.`, language: 'en', content_type: '1', ...fields });
  assert.equal(created.status, 303, created.text);
  return Number(created.headers.get('location').match(/articles\/(\d+)/)[1]);
}

async function sectionId(name) {
  const list = (await editor.get('/admin/sections')).text;
  return Number(list.match(new RegExp(`href="/admin/sections/(\\d+)">${name}</a>`))[1]);
}

async function tagId(name) {
  const list = (await editor.get(`/admin/tags?q=${encodeURIComponent(name)}`)).text;
  return Number(list.match(new RegExp(`href="/admin/tags/(\\d+)">${name}</a>`))[1]);
}

test('an editor adds, orders and hides sections; the public navigation follows at once', async () => {
  const page = await editorPage();
  await addSection(page, { Name: 'World', 'Description (shown on the section\'s page)': 'News from everywhere.' });
  await page.waitForURL(/\/admin\/sections\?added=\d+$/);
  await addSection(page, { Name: 'Sport', 'Desk ("News", "Sport")': 'Sport' });
  await addSection(page, { Name: 'Football', Under: 'Sport' });
  await addSection(page, { Name: 'Archive', 'Description (shown on the section\'s page)': 'Stories from before 2010.' });
  assert.deepEqual(await navigation(), [['World', []], ['Sport', ['Football']], ['Archive', []]]);

  // Up: Sport before World, on the cached home page at once.
  await page.goto(`${server.url}/admin/sections`);
  await page.getByRole('button', { name: 'Move Sport up' }).click();
  await page.waitForURL(/moved=/);
  assert.deepEqual(await navigation(), [['Sport', ['Football']], ['World', []], ['Archive', []]]);
  assert.deepEqual(await navigation('/section/world'), [['Sport', ['Football']], ['World', []], ['Archive', []]]);

  // Hidden: out of the navigation and the sitemap; its page and feed still work.
  await page.getByRole('link', { name: 'Archive', exact: true }).click();
  await page.getByLabel(/Hidden \(left out/).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/saved=1$/);
  assert.deepEqual(await navigation(), [['Sport', ['Football']], ['World', []]]);
  const archive = await fetch(`${server.url}/section/archive`);
  assert.equal(archive.status, 200);
  assert.match(await archive.text(), /<p class="front-description">Stories from before 2010\.<\/p>/);
  assert.equal((await fetch(`${server.url}/section/archive/feed.rss`)).status, 200);
  const sitemap = await (await fetch(`${server.url}/sitemap-sections.xml`)).text();
  assert.match(sitemap, /\/section\/football</);
  assert.doesNotMatch(sitemap, /\/section\/archive/);
  await page.context().close();
});

test('the editor refuses a section nobody added, with the message, and stores nothing', async () => {
  const page = await editorPage();
  await page.goto(`${server.url}/admin/articles/new`);
  assert.deepEqual(await page.locator('#section-choices option').evaluateAll((o) => o.map((x) => x.value)),
    ['Sport', 'Football', 'World', 'Archive']);
  await page.getByLabel('Headline').fill('Council meets on Monday');
  await page.getByLabel('Body (Markdown)').fill('The agenda is long.');
  await page.getByLabel(/^Section/).fill('Nowhere Land');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  assert.match(await page.locator('.problems, [role=alert]').first().textContent(),
    /There is no section named "Nowhere Land": ask an editor to add it under Sections, or pick one/);
  assert.equal(await page.getByLabel(/^Section/).inputValue(), 'Nowhere Land', 'what was typed is kept');
  await page.context().close();
  assert.match((await editor.get('/admin/?q=Council+meets')).text, /No articles match/);
  assert.doesNotMatch((await editor.get('/admin/sections')).text, /Nowhere/);
  assert.equal((await fetch(`${server.url}/section/nowhere-land`)).status, 404);
  // Typed in any case, an existing section is found.
  const id = await publish('Derby ends in a draw', { section: 'football' });
  assert.match((await editor.get(`/admin/articles/${id}`)).text, /name="section" value="Football"/);

  // The importer still makes the sections of the files it reads.
  const story = 'Dam opens its gates\n\nWed Dec 7, 2016 08:09:47\n\n'
    + 'Water levels rise downstream.\n\nAlalam - Rivers\n\nThe gates opened at dawn.\n';
  const imported = site.gazette('import', site.writeFile('story.txt', story));
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal((await fetch(`${server.url}/section/rivers`)).status, 200);
});

test('a renamed tag answers 301 from its old address and feeds', async () => {
  const id = await publish('Aleppo market reopens', { section: 'World', tags: 'Aleppo, War' });
  const before = await fetch(`${server.url}/tag/aleppo`);
  assert.equal(before.status, 200);
  const page = await editorPage();
  await page.goto(`${server.url}/admin/tags?q=alep`);
  assert.match(await page.locator('table.tags tbody').textContent(), /Aleppo\s*\/tag\/aleppo\s*1/);
  await page.getByRole('link', { name: 'Aleppo', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Aleppo city');
  await page.getByLabel(/^Address name/).fill('');
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.waitForURL(/saved=1$/);
  await page.context().close();

  for (const [from, to] of [['/tag/aleppo', '/tag/aleppo-city'],
    ['/tag/aleppo/feed.rss', '/tag/aleppo-city/feed.rss'],
    ['/tag/aleppo/feed.atom', '/tag/aleppo-city/feed.atom'],
    ['/tag/aleppo/feed.json', '/tag/aleppo-city/feed.json']]) {
    const moved = await fetch(`${server.url}${from}`, { redirect: 'manual' });
    assert.equal(moved.status, 301, from);
    assert.equal(moved.headers.get('location'), to);
  }
  const renamed = await (await fetch(`${server.url}/tag/aleppo-city`)).text();
  assert.match(renamed, /<h1 class="front-title">Aleppo city<\/h1>/);
  assert.match(decodeEntities(renamed), /Aleppo market reopens/);
  const article = await (await fetch(`${server.url}/news/${id}`)).text();
  assert.match(article, /<meta property="article:tag" content="Aleppo city">/, 'the article page names the new tag');
  assert.match((await (await fetch(`${server.url}/tag/aleppo-city/feed.rss`)).text()), /<category>Aleppo city<\/category>/);
});

test('a merge moves the articles to the surviving tag and 301s the old address', async () => {
  const first = await publish('Ceasefire talks resume', { section: 'World', tags: 'Syria war' });
  await fetch(`${server.url}/tag/war`); // cached
  await fetch(`${server.url}/tag/syria-war`);
  const war = await tagId('War');
  const csrf = await csrfOf(editor, `/admin/tags/${war}`);
  // The first step only asks.
  const asked = await editor.post(`/admin/tags/${war}/merge`, { csrf, into: 'Syria war' });
  assert.equal(asked.status, 200);
  assert.match(decodeEntities(asked.text), /Merge “War” into “Syria war”\?/);
  assert.match(asked.text, /cannot be undone/);
  assert.equal((await fetch(`${server.url}/tag/war`, { redirect: 'manual' })).status, 200, 'nothing merged yet');
  const merged = await editor.post(`/admin/tags/${war}/merge`, { csrf, into: 'Syria war', confirm: 'yes' });
  assert.equal(merged.status, 303, merged.text);

  const moved = await fetch(`${server.url}/tag/war`, { redirect: 'manual' });
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), '/tag/syria-war');
  const feed = await fetch(`${server.url}/tag/war/feed.json`, { redirect: 'manual' });
  assert.equal(feed.headers.get('location'), '/tag/syria-war/feed.json');
  const front = decodeEntities(await (await fetch(`${server.url}/tag/syria-war`)).text());
  assert.match(front, /Ceasefire talks resume/);
  assert.match(front, /Aleppo market reopens/, 'the merged tag\'s article came along');
  assert.match((await editor.get('/admin/tags?q=syria')).text, /<td class="count">2<\/td>/);
  assert.doesNotMatch((await editor.get('/admin/tags?q=war')).text, />War<\/a>/);
  assert.match((await (await fetch(`${server.url}/news/${first}`)).text()), /content="Syria war"/);
  assert.equal((await editor.get(`/admin/tags/${war}`)).status, 404);
});

test('content types are added and edited', async () => {
  const csrf = await csrfOf(editor, '/admin/content-types');
  const added = await editor.post('/admin/content-types/new',
    { csrf, id: '', name: 'Gallery', slug: '', headline_prefix: 'PHOTOS' });
  assert.equal(added.status, 303, added.text);
  const list = (await editor.get('/admin/content-types')).text;
  assert.match(list, /name="name" value="Gallery"/);
  assert.match(list, /value="PHOTOS"/);
  const edited = await editor.post('/admin/content-types/21',
    { csrf, name: 'Videos', slug: 'video', headline_prefix: 'VIDEO' });
  assert.equal(edited.status, 303);
  assert.match((await editor.get('/admin/content-types')).text, /id="type-name-21" name="name" value="Videos"/);
  const clash = await editor.post('/admin/content-types/new', { csrf, name: 'Clips', slug: 'video' });
  assert.equal(clash.status, 422);
  assert.match(decodeEntities(clash.text), /already has the address name "video"/);
});

test('a writer gets 403 on every management page and form', async () => {
  const csrf = await csrfOf(writer);
  assert.ok(csrf);
  const sport = await sectionId('Sport');
  const tag = await tagId('Syria war');
  const before = (await editor.get('/admin/sections')).text;
  for (const [path, fields] of [
    ['/admin/sections/new', { name: 'Writers only' }],
    [`/admin/sections/${sport}`, { name: 'Renamed by a writer' }],
    [`/admin/sections/${sport}/move`, { direction: 'down' }],
    [`/admin/tags/${tag}/rename`, { name: 'Writer tag' }],
    [`/admin/tags/${tag}/merge`, { into: 'aleppo-city', confirm: 'yes' }],
    ['/admin/content-types/new', { name: 'Writer type' }],
    ['/admin/content-types/21', { name: 'Writer videos' }],
  ]) {
    const response = await writer.post(path, { csrf, ...fields });
    assert.equal(response.status, 403, path);
    assert.match(response.text, /Only editors and admins/);
  }
  for (const path of ['/admin/sections', '/admin/tags', '/admin/content-types']) {
    assert.equal((await writer.get(path)).status, 403, path);
  }
  assert.doesNotMatch((await writer.get('/admin/')).text, /href="\/admin\/sections"/);
  assert.equal((await editor.get('/admin/sections')).text.replace(/name="csrf" value="[0-9a-f]+"/g, ''),
    before.replace(/name="csrf" value="[0-9a-f]+"/g, ''), 'nothing changed');
  assert.equal((await fetch(`${server.url}/tag/syria-war`)).status, 200);
});

test('bad input is refused with a message and changes nothing', async () => {
  const csrf = await csrfOf(editor, '/admin/sections');
  const sport = await sectionId('Sport');
  const football = await sectionId('Football');
  const before = (await editor.get('/admin/sections')).text.replace(/name="csrf" value="[0-9a-f]+"/g, '');

  const long = await editor.post('/admin/sections/new', { csrf, name: 'x'.repeat(121) });
  assert.equal(long.status, 422);
  assert.match(long.text, /The name is too long: at most 120 characters \(it has 121\)\./);
  const raw = async (path, body) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST', redirect: 'manual', body: `csrf=${csrf}&${body}`,
      headers: { cookie: editor.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { status: response.status, text: await response.text() };
  };
  for (const path of ['/admin/sections/new', `/admin/sections/${sport}`,
    `/admin/tags/${await tagId('Syria war')}/rename`, '/admin/content-types/new']) {
    const broken = await raw(path, 'name=Bad%C3%20byte');
    assert.ok(broken.status === 400 || broken.status === 422, `${path}: ${broken.status}`);
    assert.match(broken.text, /UTF-8/);
  }
  // A cycle: Sport under its own child.
  const cycle = await editor.post(`/admin/sections/${sport}`, { csrf, name: 'Sport', parent: String(football) });
  assert.equal(cycle.status, 422);
  assert.match(cycle.text, /The parent must be a top-level section/);
  const self = await editor.post(`/admin/sections/${sport}`, { csrf, name: 'Sport', parent: String(sport) });
  assert.equal(self.status, 422);
  assert.match(self.text, /A section cannot be its own parent/);
  const taken = await editor.post('/admin/sections/new', { csrf, name: 'WORLD' });
  assert.equal(taken.status, 422);
  assert.match(taken.text, /already has the address name/);
  assert.equal((await editor.get('/admin/sections')).text.replace(/name="csrf" value="[0-9a-f]+"/g, ''),
    before, 'nothing changed');
  assert.deepEqual((await navigation()).map(([name]) => name), ['Sport', 'World', 'Rivers']);
});
