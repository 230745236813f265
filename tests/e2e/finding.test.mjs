// Finding things (issue 13, item 7): the newsroom's article list searches
// every article, drafts included, by a word of its body, a tag or an
// author with the site's own search engine, filters by status, desk,
// section, author, dates and assignee, and orders by its columns; in
// Debian's chromium an editor selects rows and changes their status and
// section, and deletes them after a confirmation page, the results checked
// in the list and on the public pages. A bulk change one article of which
// is refused (another desk's, a contributor's) changes nothing, and bad
// input (an unknown section, an overlong tag, invalid UTF-8, too many
// articles, no security token) is refused with a clear message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite, startServer, addAccount, launchChromium, decodeEntities } from './helpers.mjs';
import { signedIn, editorState, hidden, addSections } from './newsroom-client.mjs';

const PASSWORD = 'correct horse battery';

let site;
let server;
let browser;
let chief;
let sportEditor;
let contributor;
const ids = {};

async function setDesk(name, desk) {
  const list = await chief.get('/admin/sections');
  const sid = list.text.match(new RegExp(`href="/admin/sections/(\\d+)">${name}</a>`))[1];
  const form = await chief.get(`/admin/sections/${sid}`);
  const saved = await chief.post(`/admin/sections/${sid}`, { csrf: hidden(form.text, 'csrf'), name,
    slug: name.toLowerCase(), desk, position: '0' });
  assert.equal(saved.status, 303, saved.text);
}

async function create(fields, action = 'save') {
  const state = await editorState(chief, '/admin/articles/new');
  const made = await chief.post('/admin/articles/new', { csrf: state.csrf, revision: '0', action,
    language: 'en', content_type: '1', ...fields });
  assert.equal(made.status, 303, made.text);
  return Number(made.headers.get('location').match(/articles\/(\d+)/)[1]);
}

// The list's rows as the page shows them: id -> {headline, status, section}.
async function rows(client, query = '') {
  const page = await client.get(`/admin/${query}`);
  const found = new Map();
  for (const match of page.text.matchAll(/<tr data-id="(\d+)">([\s\S]*?)<\/tr>/g)) {
    const cell = (label) => decodeEntities((match[2].match(
      new RegExp(`data-label="${label}">([\\s\\S]*?)</td>`)) ?? [, ''])[1].replace(/<[^>]*>/g, '').trim());
    found.set(Number(match[1]), { headline: cell('Headline').replace(/\s+view$/, ''),
      status: cell('Status'), section: cell('Section'), authors: cell('Authors') });
  }
  return { status: page.status, text: page.text, rows: found, order: [...found.keys()] };
}

async function csrfOf(client) {
  return hidden((await client.get('/admin/')).text, 'csrf');
}

// A bulk change posted as a form; the raw response.
async function bulk(client, fields, idList) {
  const body = new URLSearchParams({ csrf: await csrfOf(client), ...fields });
  for (const id of idList) body.append('id', String(id));
  const response = await fetch(`${server.url}/admin/articles/bulk`, { method: 'POST', redirect: 'manual',
    headers: { cookie: client.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString() });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function publicStatus(id) {
  return (await fetch(`${server.url}/news/${id}`)).status; // follows the 301 to its address
}

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_ADMIN_PASSWORD: PASSWORD, GAZETTE_PASSWORD_LIMITS: 'test' } });
  assert.equal(init.status, 0, init.stderr);
  addAccount(site, 'chief', 'chief_editor', PASSWORD);
  addAccount(site, 'sporty', 'editor', PASSWORD);
  addAccount(site, 'carla', 'contributor', PASSWORD);
  server = await startServer(site);
  browser = await launchChromium();
  chief = await signedIn(server.url, 'chief', PASSWORD);
  await addSections(chief, ['Politics', 'Football']);
  await setDesk('Politics', 'News');
  await setDesk('Football', 'Sport');
  const admin = await signedIn(server.url, 'admin', PASSWORD);
  const users = await admin.get('/admin/users');
  const limited = await admin.post('/admin/users', { csrf: hidden(users.text, 'csrf'), name: 'sporty',
    role: 'editor', desks: 'Sport' });
  assert.match(limited.text, /Saved sporty/);
  sportEditor = await signedIn(server.url, 'sporty', PASSWORD);
  contributor = await signedIn(server.url, 'carla', PASSWORD);
  ids.harbour = await create({ headline: 'Harbour plan approved', body: 'The council voted for the harbour.',
    section: 'Politics', tags: 'Harbour' }, 'publish');
  ids.budget = await create({ headline: 'Council budget draft', body: 'Spending on libraries rises.',
    section: 'Politics' });
  ids.stadium = await create({ headline: 'Stadium vote next week', body: 'Fans gathered outside.',
    section: 'Politics', tags: 'Stadium' });
  ids.cup = await create({ headline: 'Cup draw made', body: 'The holders face a long trip.',
    section: 'Football' });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

test('the list searches drafts by body, tag and author, filters and orders', async () => {
  assert.deepEqual((await rows(chief, '?q=library')).order, [ids.budget]); // "libraries", stemmed
  assert.deepEqual((await rows(chief, '?q=stadium')).order, [ids.stadium]); // its tag and headline
  assert.deepEqual((await rows(chief, '?q=harbour')).order, [ids.harbour]);
  const byAuthor = await rows(chief, '?q=chief');
  assert.equal(byAuthor.rows.size, 4, 'every article is by the chief\'s byline');
  assert.ok([...byAuthor.rows.values()].every((row) => /chief/i.test(row.authors)));
  assert.deepEqual((await rows(chief, '?status=published')).order, [ids.harbour]);
  assert.deepEqual((await rows(chief, '?desk=Sport')).order, [ids.cup]);
  assert.deepEqual((await rows(chief, '?section=politics&status=draft')).order, [ids.stadium, ids.budget]);
  assert.deepEqual((await rows(chief, '?assignee=none&section=football')).order, [ids.cup]);
  const alphabetical = await rows(chief, '?sort=headline&dir=asc');
  assert.deepEqual(alphabetical.order, [ids.budget, ids.cup, ids.harbour, ids.stadium]);
  assert.match(alphabetical.text, /aria-sort="ascending"><a href="\/admin\/\?sort=headline&amp;dir=desc">Headline/);
  assert.deepEqual((await rows(chief, '?sort=headline&dir=desc')).order,
    [ids.stadium, ids.harbour, ids.cup, ids.budget]);
  const paged = await rows(chief, '?sort=headline&dir=asc&per=25&q=council');
  assert.deepEqual(paged.order, [ids.budget, ids.harbour]);
  // Filters that name nothing known say so and list nothing.
  for (const [query, message] of [
    ['?section=atlantis', /There is no section with the address name &quot;atlantis&quot;/],
    ['?status=lost', /The workflow has no status &quot;lost&quot;/],
    ['?sort=mood', /cannot be ordered by &quot;mood&quot;/],
    ['?from=yesterday', /is not a date like 2016-12-07/],
    [`?q=${'a'.repeat(501)}`, /longer than 500 bytes/],
    ['?q=%FF', /not valid UTF-8/],
  ]) {
    const page = await rows(chief, query);
    assert.equal(page.status, 400, query);
    assert.match(page.text, message, query);
    assert.equal(page.rows.size, 0, query);
  }
});

test('in chromium, an editor changes status and section of selected rows and deletes them after confirming', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/sign-in`);
    await page.getByLabel('User name').fill('chief');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/$/);
    assert.equal(await publicStatus(ids.stadium), 404);
    // Publish two drafts of Politics at once.
    await page.goto(`${server.url}/admin/?section=politics&status=draft`);
    await page.locator('#select-all').check();
    await page.locator('#bulk-action').selectOption('status');
    await page.locator('#bulk-status').selectOption('published');
    await page.locator('#bulk-apply').click();
    await page.waitForURL(/done=status/);
    assert.match(await page.locator('.flash').textContent(), /2 articles moved to a new status/);
    assert.match(page.url(), /status=draft&section=politics/, 'back to the same list');
    let list = await rows(chief);
    assert.equal(list.rows.get(ids.budget).status, 'Published');
    assert.equal(list.rows.get(ids.stadium).status, 'Published');
    assert.equal(list.rows.get(ids.cup).status, 'Draft');
    assert.equal(await publicStatus(ids.stadium), 200);
    // Move the stadium story and the cup draw to Football.
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel(`Select article ${ids.stadium}`).check();
    await page.getByLabel(`Select article ${ids.harbour}`).check();
    await page.locator('#bulk-action').selectOption('section');
    await page.locator('#bulk-section').selectOption('football');
    await page.locator('#bulk-apply').click();
    await page.waitForURL(/done=section/);
    list = await rows(chief);
    assert.match(list.rows.get(ids.stadium).section, /^Football/);
    assert.match(list.rows.get(ids.harbour).section, /^Football/);
    assert.match(list.rows.get(ids.budget).section, /^Politics/);
    // Delete two after the confirmation page.
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel(`Select article ${ids.harbour}`).check();
    await page.getByLabel(`Select article ${ids.budget}`).check();
    await page.locator('#bulk-action').selectOption('delete');
    await page.locator('#bulk-apply').click();
    await page.waitForSelector('#bulk-confirm');
    const confirmation = await page.locator('main').textContent();
    assert.match(confirmation, /Harbour plan approved/);
    assert.match(confirmation, /Council budget draft/);
    assert.ok((await rows(chief)).rows.has(ids.harbour), 'nothing deleted before confirming');
    await page.getByRole('button', { name: 'Delete 2 articles for good' }).click();
    await page.waitForURL(/done=delete/);
    assert.match(await page.locator('.flash').textContent(), /2 articles deleted/);
    list = await rows(chief);
    assert.ok(!list.rows.has(ids.harbour) && !list.rows.has(ids.budget));
    assert.ok(list.rows.has(ids.stadium) && list.rows.has(ids.cup));
    assert.equal(await publicStatus(ids.harbour), 404);
    assert.equal(await publicStatus(ids.stadium), 200);
  } finally {
    await context.close();
  }
});

test('a bulk change with one refused article changes nothing and names it', async () => {
  const before = await rows(chief);
  const politics = await create({ headline: 'Minister resigns', body: 'A short statement.', section: 'Politics' });
  // The Sport desk's editor: the Football story may move, the Politics one not.
  const refused = await bulk(sportEditor, { action: 'status', to_status: 'spiked' }, [ids.cup, politics]);
  assert.equal(refused.status, 403, refused.text);
  assert.match(refused.text, /Nothing was changed: 1 of the 2 selected articles/);
  assert.match(refused.text, /Minister resigns/);
  assert.match(refused.text, /desk/);
  let list = await rows(chief);
  assert.equal(list.rows.get(ids.cup).status, before.rows.get(ids.cup).status);
  assert.equal(list.rows.get(politics).status, 'Draft');
  // A contributor may neither spike nor delete.
  const spike = await bulk(contributor, { action: 'status', to_status: 'spiked' }, [ids.cup]);
  assert.equal(spike.status, 403, spike.text);
  const gone = await bulk(contributor, { action: 'delete', confirm: 'yes' }, [ids.cup]);
  assert.equal(gone.status, 403, gone.text);
  assert.match(gone.text, /Only editors delete articles/);
  // The Sport editor may delete the Football story, not both.
  const ask = await bulk(sportEditor, { action: 'delete' }, [ids.cup, politics]);
  assert.equal(ask.status, 403, ask.text);
  list = await rows(chief);
  assert.ok(list.rows.has(ids.cup) && list.rows.has(politics));
  // Alone, it goes through: the Sport editor spikes the Football story.
  const allowed = await bulk(sportEditor, { action: 'status', to_status: 'spiked' }, [ids.cup]);
  assert.equal(allowed.status, 303, allowed.text);
  assert.equal((await rows(chief)).rows.get(ids.cup).status, 'Spiked');
});

test('bad bulk input is refused with a clear message and changes nothing', async () => {
  const before = await rows(chief);
  const target = [ids.stadium];
  const cases = [
    [{ action: 'section', to_section: 'atlantis' }, 400, /There is no section named &quot;atlantis&quot;/],
    [{ action: 'add-tags', tags: 'x'.repeat(121) }, 400, /longer than 120 characters/],
    [{ action: 'add-tags', tags: ' , ' }, 400, /Type at least one tag/],
    [{ action: 'status', to_status: 'lost' }, 400, /The workflow has no status &quot;lost&quot;/],
    [{ action: 'explode' }, 400, /Choose what to do/],
  ];
  for (const [fields, status, message] of cases) {
    const response = await bulk(chief, fields, target);
    assert.equal(response.status, status, JSON.stringify(fields));
    assert.match(response.text, message);
  }
  const many = await bulk(chief, { action: 'status', to_status: 'draft' },
    Array.from({ length: 201 }, (_, i) => i + 1));
  assert.equal(many.status, 400);
  assert.match(many.text, /201 articles are selected: a bulk change takes at most 200/);
  // Invalid UTF-8 in the form, and a form without the security token.
  const csrf = await csrfOf(chief);
  const raw = await fetch(`${server.url}/admin/articles/bulk`, { method: 'POST', redirect: 'manual',
    headers: { cookie: chief.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${csrf}&action=add-tags&tags=%FF%FE&id=${ids.stadium}` });
  assert.equal(raw.status, 400);
  assert.match(await raw.text(), /not valid UTF-8/);
  const forged = await chief.post('/admin/articles/bulk', { action: 'delete', confirm: 'yes', id: String(ids.stadium) });
  assert.equal(forged.status, 403);
  const after = await rows(chief);
  assert.deepEqual([...after.rows.entries()], [...before.rows.entries()]);
  // Tags: added and removed for real, found by the search afterwards.
  const tagged = await bulk(chief, { action: 'add-tags', tags: 'Referendum' }, [ids.stadium]);
  assert.equal(tagged.status, 303, tagged.text);
  assert.deepEqual((await rows(chief, '?q=referendum')).order, [ids.stadium]);
  const untagged = await bulk(chief, { action: 'remove-tags', tags: 'referendum' }, [ids.stadium]);
  assert.equal(untagged.status, 303, untagged.text);
  assert.deepEqual((await rows(chief, '?q=referendum')).order, []);
});
