// Desks, statuses and roles (issue 13, item 5): every permission decision
// of the built-in workflow is asked of the server for each of the five
// roles (contributor, author, editor, chief editor, admin) and answered as
// configured, refused ones changing nothing; the site's own statuses
// (copy desk, ready) are steps of the editor; an editor limited to a desk
// cannot change another desk's story; the accounts page sets roles and
// desks and refuses a desk no section has. In Debian's chromium, the
// editor shows each role only the buttons it may use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite, startServer, addAccount, launchChromium } from './helpers.mjs';
import { signedIn, editorState, hidden, addSections } from './newsroom-client.mjs';

const PASSWORD = 'correct horse battery';
const ROLES = ['contributor', 'author', 'editor', 'chief_editor', 'admin'];
// A 1x1 PNG: enough for the media library to take or refuse.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let site;
let server;
let browser;
const clients = {}; // by role
let chief; // the chief editor's client, which may do everything here

function addUser(name, role) {
  addAccount(site, name, role, PASSWORD);
}

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_ADMIN_PASSWORD: PASSWORD, GAZETTE_PASSWORD_LIMITS: 'test' } });
  assert.equal(init.status, 0, init.stderr);
  for (const role of ROLES.filter((r) => r !== 'admin')) addUser(role.replace('_', '-'), role);
  server = await startServer(site);
  browser = await launchChromium();
  for (const role of ROLES)
    clients[role] = await signedIn(server.url, role === 'admin' ? 'admin' : role.replace('_', '-'), PASSWORD);
  chief = clients.chief_editor;
  await addSections(chief, ['Politics', 'Football']);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

// Saves through the editor's form as client; the response.
async function save(client, id, action, fields = {}) {
  const path = id ? `/admin/articles/${id}` : '/admin/articles/new';
  const state = await editorState(chief, path); // the chief may open anything
  const own = await client.get(path);
  const csrf = hidden(own.text, 'csrf') ?? state.csrf;
  const headline = fields.headline ?? (id ? undefined : 'A story');
  const form = { csrf, revision: id ? state.revision : '0', action, language: 'en', content_type: '1',
    body: 'Text of the story.', section: 'Politics', ...fields };
  if (headline) form.headline = headline;
  else form.headline = state.html.match(/id="headline"[^>]*value="([^"]*)"/)[1];
  return client.post(path, form);
}

async function create(client, action = 'save', fields = {}) {
  const made = await save(client, 0, action, fields);
  assert.equal(made.status, 303, made.text);
  return Number(made.headers.get('location').match(/articles\/(\d+)/)[1]);
}

// The article's status as the editor names it.
async function statusOf(id) {
  const page = await chief.get(`/admin/articles/${id}`);
  return page.text.match(/id="status-label">([^<]*)</)[1];
}

async function auditCount(action, id) {
  const page = await clients.admin.get('/admin/audit');
  return [...page.text.matchAll(new RegExp(`<td>${action}</td>\\s*<td>article:${id}</td>`, 'g'))].length;
}

// One decision: what each role gets for an action, and what stays.
async function decide(name, expected, attempt) {
  for (const role of ROLES) {
    const { status, before, after } = await attempt(role);
    const allowed = expected.includes(role);
    assert.equal(allowed ? status < 400 : status, allowed ? true : 403,
      `${name}: ${role} got ${status}`);
    if (!allowed) assert.deepEqual(after, before, `${name}: a refused ${role} changed nothing`);
  }
}

const EDITORS = ['editor', 'chief_editor', 'admin'];

test('every role may write a draft and submit it; only contributors may not upload', async () => {
  await decide('create and submit', ROLES, async (role) => {
    const id = await create(clients[role]);
    const submitted = await save(clients[role], id, 'submit');
    assert.equal(await statusOf(id), 'In review');
    return { status: submitted.status };
  });
  await decide('upload', ['author', ...EDITORS], async (role) => {
    const { csrf } = await editorState(clients[role], '/admin/media');
    const before = (await chief.get('/admin/media')).text.match(/<li class="media-item/g)?.length ?? 0;
    const response = await fetch(`${server.url}/admin/media/upload`, {
      method: 'POST', body: PNG,
      headers: { cookie: clients[role].cookieHeader(), 'content-type': 'application/octet-stream',
        'x-csrf-token': csrf, 'x-file-name': `${role}.png` },
    });
    const body = await response.json();
    if (role === 'contributor') assert.match(body.error, /Contributors cannot add to the media library/);
    const after = (await chief.get('/admin/media')).text.match(/<li class="media-item/g)?.length ?? 0;
    return { status: response.status, before, after };
  });
});

test('editors and up publish, schedule and move through the copy desk; the others may not', async () => {
  await decide('publish a draft', EDITORS, async (role) => {
    const id = await create(chief);
    const response = await save(clients[role], id, 'publish');
    return { status: response.status, before: 'Draft', after: await statusOf(id) };
  });
  await decide('schedule a draft', EDITORS, async (role) => {
    const id = await create(chief);
    const response = await save(clients[role], id, 'schedule', { publish_at: '2099-01-01T06:00' });
    return { status: response.status, before: 'Draft', after: await statusOf(id) };
  });
  await decide('in review to copy desk', EDITORS, async (role) => {
    const id = await create(chief, 'submit');
    const response = await save(clients[role], id, 'move:copy_desk');
    const after = await statusOf(id);
    if (response.status < 400) assert.equal(after, 'Copy desk');
    return { status: response.status, before: 'In review', after };
  });
  // Copy desk, then ready, then out: the site's statuses are steps too.
  const id = await create(chief, 'submit');
  assert.equal((await save(clients.editor, id, 'move:copy_desk')).status, 303);
  assert.equal((await save(clients.editor, id, 'move:ready')).status, 303);
  assert.equal(await statusOf(id), 'Ready');
  const refused = await save(clients.editor, id, 'move:unpublished');
  assert.equal(refused.status, 403);
  assert.match(refused.text, /An article cannot go from Ready to Unpublished/);
  assert.equal((await save(clients.editor, id, 'publish')).status, 303);
  assert.equal((await fetch(`${server.url}/news/${id}`, { redirect: 'manual' })).status, 301);
});

test('only the chief editor unpublishes or deletes what has been published', async () => {
  await decide('unpublish a published story', ['chief_editor'], async (role) => {
    const id = await create(chief, 'publish');
    const response = await save(clients[role], id, 'unpublish');
    if (role === 'editor') assert.match(response.text, /Only chief editors may move an article from Published to Unpublished/);
    return { status: response.status, before: 'Published', after: await statusOf(id) };
  });
  await decide('delete a published story', ['chief_editor'], async (role) => {
    const id = await create(chief, 'publish');
    const form = await clients[role].get(`/admin/articles/${id}/delete`);
    const csrf = hidden(form.text, 'csrf') ?? hidden((await clients[role].get('/admin/')).text, 'csrf');
    const response = await clients[role].post(`/admin/articles/${id}/delete`, { csrf, confirm: 'yes' });
    const after = (await chief.get(`/admin/articles/${id}`)).status;
    return { status: response.status, before: 200, after };
  });
  await decide('delete a draft never published', EDITORS, async (role) => {
    const id = await create(clients.author);
    const csrf = hidden((await clients[role].get('/admin/')).text, 'csrf');
    const response = await clients[role].post(`/admin/articles/${id}/delete`, { csrf, confirm: 'yes' });
    const after = (await chief.get(`/admin/articles/${id}`)).status;
    if (response.status < 400) assert.equal(after, 404);
    return { status: response.status, before: 200, after };
  });
  // Unscheduling is not taking something down: editors may.
  const scheduled = await create(chief, 'schedule', { publish_at: '2099-01-01T06:00' });
  assert.equal((await save(clients.editor, scheduled, 'unpublish')).status, 303);
});

test('contributors and authors change only their own drafts; editors any, and add corrections', async () => {
  await decide("edit someone else's draft", EDITORS, async (role) => {
    const id = await create(chief, 'save', { headline: 'Chief draft' });
    const response = await save(clients[role], id, 'save', { headline: `Edited by ${role}` });
    const page = await chief.get(`/admin/articles/${id}`);
    return { status: response.status, before: true, after: page.text.includes('value="Chief draft"') };
  });
  await decide('add a correction', EDITORS, async (role) => {
    const id = await create(chief, 'publish');
    const csrf = hidden((await clients[role].get('/admin/')).text, 'csrf');
    const response = await clients[role].post(`/admin/articles/${id}/notes`,
      { csrf, kind: 'correction', text: `Fixed by ${role}.` });
    const page = await (await fetch(`${server.url}/news/${id}/a-story`)).text();
    return { status: response.status, before: false, after: page.includes(`Fixed by ${role}.`) };
  });
  await decide('manage accounts', ['admin'], async (role) => {
    const response = await clients[role].get('/admin/users');
    return { status: response.status };
  });
  // Each refusal wrote no audit row; each allowed step wrote one.
  const id = await create(chief, 'submit');
  assert.equal((await save(clients.author, id, 'publish')).status, 403);
  assert.equal(await auditCount('publish', id), 0);
  assert.equal((await save(clients.editor, id, 'publish')).status, 303);
  assert.equal(await auditCount('publish', id), 1);
});

test('an editor limited to a desk changes only that desk\'s stories; desks are checked', async () => {
  // Politics belongs to the News desk, Football to Sport.
  for (const [name, desk] of [['Politics', 'News'], ['Football', 'Sport']]) {
    const list = await chief.get('/admin/sections');
    const sid = list.text.match(new RegExp(`href="/admin/sections/(\\d+)">${name}</a>`))[1];
    const form = await chief.get(`/admin/sections/${sid}`);
    const saved = await chief.post(`/admin/sections/${sid}`, { csrf: hidden(form.text, 'csrf'), name,
      slug: name.toLowerCase(), desk, position: '0' });
    assert.equal(saved.status, 303, saved.text);
  }
  const admin = clients.admin;
  const users = await admin.get('/admin/users');
  const csrf = hidden(users.text, 'csrf');
  const typo = await admin.post('/admin/users', { csrf, name: 'editor', role: 'editor', desks: 'Nwes' });
  assert.equal(typo.status, 422);
  assert.match(typo.text, /No section belongs to a desk named &quot;Nwes&quot;/);
  assert.match((await admin.get('/admin/users')).text, /id="desks-editor" name="desks" value=""/);
  const limited = await admin.post('/admin/users', { csrf, name: 'editor', role: 'editor', desks: 'Sport' });
  assert.equal(limited.status, 200, limited.text);
  try {
    await limitedToSport();
  } finally { // the other tests' editor works for every desk
    await admin.post('/admin/users', { csrf, name: 'editor', role: 'editor', desks: '' });
  }
});

async function limitedToSport() {
  const admin = clients.admin;
  assert.match((await admin.get('/admin/users')).text, /id="desks-editor" name="desks" value="Sport"/);

  const news = await create(chief, 'submit', { section: 'Politics' });
  const sport = await create(chief, 'submit', { section: 'Football' });
  const refused = await save(clients.editor, news, 'publish');
  assert.equal(refused.status, 403);
  assert.match(refused.text, /another desk/);
  assert.equal(await statusOf(news), 'In review');
  assert.equal((await save(clients.editor, sport, 'publish', { section: 'Football' })).status, 303);
  // Nor may it move its own desk's story into another desk.
  const moved = await save(clients.editor, sport, 'save', { section: 'Politics' });
  assert.equal(moved.status, 403);
  const page = await chief.get(`/admin/articles/${sport}`);
  assert.match(page.text, /id="section"[^>]*value="Football"/);
  // The read-only editor says why.
  const view = await clients.editor.get(`/admin/articles/${news}`);
  assert.match(view.text, /id="read-only"[^>]*>You can read this article but not change it: it belongs to another desk/);
}

test('in chromium, each role sees only the buttons it may use', async () => {
  const id = await create(clients.contributor);
  const buttons = async (role, path) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/sign-in`);
    await page.getByLabel('User name').fill(role === 'admin' ? 'admin' : role.replace('_', '-'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/$/);
    await page.goto(`${server.url}${path}`);
    const names = await page.locator('.actions button').allInnerTexts();
    const deletable = await page.getByRole('link', { name: 'Delete…' }).count();
    await context.close();
    return { names, deletable };
  };
  assert.deepEqual(await buttons('contributor', `/admin/articles/${id}`),
    { names: ['Save', 'Preview', 'Submit for review'], deletable: 0 });
  assert.deepEqual(await buttons('editor', `/admin/articles/${id}`),
    { names: ['Save', 'Preview', 'Submit for review', 'Schedule', 'Publish now', 'Move to Spiked'], deletable: 1 });
  const out = await create(chief, 'publish');
  assert.deepEqual(await buttons('editor', `/admin/articles/${out}`), { names: ['Save', 'Preview'], deletable: 0 });
  assert.deepEqual(await buttons('chief_editor', `/admin/articles/${out}`),
    { names: ['Save', 'Preview', 'Unpublish'], deletable: 1 });
});
