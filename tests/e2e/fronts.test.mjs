// Curated fronts (issue 13, item 2), in Debian's chromium: an editor
// arranges the home page (a lead, a top story with a headline of its own,
// a block by rule and a block by hand), readers see it at once; rows
// dragged into a new order change the page; a version scheduled a few
// seconds ahead swaps the lead by itself; refused input says why and
// changes nothing; a writer may not arrange; a section front with nothing
// arranged stays newest first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { makeSite, startServer, gazetteBin, cleanEnv, launchChromium, decodeEntities } from './helpers.mjs';
import { signedIn, editorState, addSections } from './newsroom-client.mjs';

const PASSWORD = 'correct horse battery';
let site;
let server;
let browser;
const ids = {};

async function publish(client, headline, section, tags) {
  const state = await editorState(client, '/admin/articles/new');
  const fields = { csrf: state.csrf, revision: '0', headline, body: `${headline}.`, language: 'en',
    section, tags, summary: `About ${headline}.` };
  const created = await client.post('/admin/articles/new', { ...fields, action: 'save' });
  assert.equal(created.status, 303, created.text.slice(0, 300));
  const path = created.headers.get('location').replace(/\?.*/, '');
  const saved = await editorState(client, path);
  const published = await client.post(path, { ...fields, csrf: saved.csrf, revision: saved.revision, action: 'publish' });
  assert.equal(published.status, 303, published.text.slice(0, 300));
  return Number(path.match(/(\d+)$/)[1]);
}

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_ADMIN_PASSWORD: PASSWORD, GAZETTE_PASSWORD_LIMITS: 'test' } });
  assert.equal(init.status, 0, init.stderr);
  const added = spawnSync(gazetteBin, ['user', 'add', 'wendy', '--role', 'writer', '--password-stdin',
    '--store', site.store], { cwd: site.dir, env: { ...cleanEnv(), GAZETTE_PASSWORD_LIMITS: 'test' },
    input: `${PASSWORD}\n`, encoding: 'utf8', timeout: 60_000 });
  assert.equal(added.status, 0, added.stderr);
  server = await startServer(site);
  browser = await launchChromium();
  const admin = await signedIn(server.url, 'admin', PASSWORD);
  await addSections(admin, ['Opinion', 'Syria', 'Local']);
  ids.analysis = await publish(admin, 'Why the ceasefire held', 'Opinion', 'analysis');
  ids.syria1 = await publish(admin, 'Aleppo market reopens', 'Syria', '');
  ids.syria2 = await publish(admin, 'Power returns to Homs', 'Syria', '');
  ids.brief = await publish(admin, 'Weather brief', 'Local', '');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

async function signIn(page, name) {
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
}

async function home() {
  const html = decodeEntities(await (await fetch(`${server.url}/`)).text());
  const lead = html.match(/<div class="lead-story">[\s\S]*?<h2 class="card-headline"><a href="[^"]+">([^<]+)<\/a>/);
  const blocks = [...html.matchAll(/<h2 class="block-title" id="block-\d+">(?:<a href="[^"]+">)?([^<]+)/g)].map((m) => m[1]);
  return { html, lead: lead ? lead[1] : null, blocks };
}

test('with nothing arranged the home page is newest first', async () => {
  assert.equal((await home()).lead, 'Weather brief');
});

test('an editor arranges the home page and readers see it at once', async () => {
  await fetch(`${server.url}/`); // cached
  const page = await browser.newPage();
  await signIn(page, 'admin');
  await page.goto(`${server.url}/admin/fronts`);
  await page.getByRole('link', { name: 'Home page' }).click();
  await page.locator('[name=top_1_article]').fill(String(ids.syria1));
  await page.locator('[name=top_1_headline]').fill('Aleppo’s market is back');
  await page.locator('[name=top_2_article]').fill(String(ids.analysis));
  await page.locator('[name=block_1_name]').fill('Syria');
  await page.locator('[name=block_1_rule]').selectOption('section');
  await page.locator('[name=block_1_slug]').fill('syria');
  await page.locator('[name=block_1_count]').fill('3');
  await page.locator('[name=block_2_name]').fill('Briefly');
  await page.locator('[name=block_2_rule]').selectOption('hand');
  await page.locator('[name=block_2_items]').fill(String(ids.brief));
  await page.getByRole('button', { name: /Save: readers see it now/ }).click();
  await page.waitForURL(/saved=1$/);
  const front = await home();
  assert.equal(front.lead, 'Aleppo’s market is back', 'the lead, with its headline for the front');
  assert.deepEqual(front.blocks, ['Syria', 'Briefly']);
  // The Syria block shows the newest of the section but not the lead again.
  const syria = front.html.split('id="block-1"')[1].split('</section>')[0];
  assert.match(syria, /Power returns to Homs/);
  assert.doesNotMatch(syria, /Aleppo/);
  // The override is for the front only.
  const article = await (await fetch(`${server.url}/news/${ids.syria1}`)).text();
  assert.match(decodeEntities(article), /<h1 class="headline">Aleppo market reopens<\/h1>/);
  await page.close();
});

test('rows dragged into a new order change the page', async () => {
  const page = await browser.newPage();
  await signIn(page, 'admin');
  await page.goto(`${server.url}/admin/fronts/home`);
  await page.locator('#block-rows li[data-row="block_2"] .drag-handle')
    .dragTo(page.locator('#block-rows li[data-row="block_1"]'), { targetPosition: { x: 10, y: 2 } });
  await page.locator('#top-rows li[data-row="top_2"] .drag-handle')
    .dragTo(page.locator('#top-rows li[data-row="top_1"]'), { targetPosition: { x: 10, y: 2 } });
  assert.equal(await page.locator('[name=block_2_position]').inputValue(), '1', 'renumbered');
  await page.getByRole('button', { name: /Save: readers see it now/ }).click();
  await page.waitForURL(/saved=1$/);
  const front = await home();
  assert.deepEqual(front.blocks, ['Briefly', 'Syria']);
  assert.equal(front.lead, 'Why the ceasefire held');
  await page.close();
});

test('a version scheduled a few seconds ahead swaps the lead by itself', async () => {
  const page = await browser.newPage();
  await signIn(page, 'admin');
  await page.goto(`${server.url}/admin/fronts/home`);
  await page.locator('[name=top_1_article]').fill(String(ids.syria2));
  await page.locator('[name=top_2_article]').fill('');
  const at = new Date(Date.now() + 3000).toISOString().slice(0, 19); // the site's zone is UTC
  await page.locator('#front-at').fill(at);
  await page.getByRole('button', { name: 'Schedule this version' }).click();
  await page.waitForURL(/scheduled=1$/);
  assert.equal(await page.locator('ul.schedules li').count(), 1);
  assert.equal((await home()).lead, 'Why the ceasefire held', 'not before its time');
  const deadline = Date.now() + 10_000;
  let lead = null;
  while (Date.now() < deadline && lead !== 'Power returns to Homs') {
    await new Promise((resolve) => setTimeout(resolve, 250));
    lead = (await home()).lead;
  }
  assert.equal(lead, 'Power returns to Homs');
  await page.reload();
  assert.equal(await page.locator('ul.schedules li').count(), 0);
  await page.close();
});

test('refused input says why and changes nothing; writers may not arrange', async () => {
  const before = (await home()).html;
  const admin = await signedIn(server.url, 'admin', PASSWORD);
  const state = await editorState(admin, '/admin/fronts/home');
  const revision = state.html.match(/name="revision" value="(\d+)"/)[1];
  for (const [fields, says] of [
    [{ top_1_article: '99999' }, /There is no article 99999/],
    [{ top_1_article: 'twelve' }, /"twelve" is not an article number/],
    [{ top_1_article: String(ids.brief), block_1_name: 'Ghosts', block_1_rule: 'tag', block_1_slug: 'no-such-tag' }, /names no stored tag "no-such-tag"/],
    [{ top_1_article: String(ids.brief), top_1_headline: 'x'.repeat(301) }, /headline is longer than 300 bytes/],
  ]) {
    const refused = await admin.post('/admin/fronts/home', { csrf: state.csrf, revision, ...fields });
    assert.equal(refused.status, 422, JSON.stringify(fields));
    assert.match(decodeEntities(refused.text), says);
  }
  const stale = await admin.post('/admin/fronts/home', { csrf: state.csrf, revision: '1', top_1_article: String(ids.brief) });
  assert.equal(stale.status, 409);
  const writer = await signedIn(server.url, 'wendy', PASSWORD);
  const { csrf } = await editorState(writer, '/admin/');
  const forbidden = await writer.post('/admin/fronts/home', { csrf, revision, top_1_article: String(ids.brief) });
  assert.equal(forbidden.status, 403);
  assert.equal((await home()).html, before);
});

test('a section front nobody arranged stays newest first', async () => {
  const html = decodeEntities(await (await fetch(`${server.url}/section/syria`)).text());
  assert.match(html, /<div class="lead-story">[\s\S]*?Power returns to Homs/);
  assert.doesNotMatch(html, /block-title/);
});
