// The newsroom over HTTP: accounts on the command line, sign-in (same
// answer for an unknown user and a wrong password, CSRF, limiting), the
// article editor (create, edit, a stale save refused), roles (a writer
// cannot publish), the public site following a publish at once, and
// corrections and update notes shown under an article.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import path from 'node:path';
import { makeSite, startServer, articleLinks, decodeEntities, gazetteBin, cleanEnv } from './helpers.mjs';
import { Client as NewsroomClient, hidden, signedIn as signedInAt, editorState, addSections } from './newsroom-client.mjs';

const ADMIN_PASSWORD = 'correct horse battery';
const WRITER_PASSWORD = 'writer staple horse';
const fastHashing = { GAZETTE_PASSWORD_LIMITS: 'test' };
let site;
let server;

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { ...fastHashing, GAZETTE_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stdout, /created the admin account 'admin'/);
  assert.ok(!(init.stdout + init.stderr).includes(ADMIN_PASSWORD), 'the password is never printed');
  const writer = addUser('wendy', 'writer', WRITER_PASSWORD);
  assert.equal(writer.status, 0, writer.stderr);
  server = await startServer(site);
  // The editor names sections that exist: an editor adds them first.
  await addSections(await signedIn(), ['Politics', 'Weather', 'Economy']);
});

after(async () => {
  await server?.stop();
  site?.remove();
});

// Runs gazette in the site's folder with text on its standard input.
function runWithInput(args, input, env = {}) {
  const result = spawnSync(gazetteBin, args, { cwd: site.dir, env: { ...cleanEnv(), ...env },
    input, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function addUser(name, role, password) {
  return runWithInput(['user', 'add', name, '--role', role, '--password-stdin', '--store', site.store],
    `${password}\n`, fastHashing);
}

// The shared newsroom client, bound to this file's server.
class Client extends NewsroomClient {
  constructor() { super(server.url); }
}

// The chief editor, who alone takes down what has been published; added
// on first use.
let chiefAdded = false;
function signedInChief() {
  if (!chiefAdded) assert.equal(addUser('carla', 'chief_editor', 'chief password 12').status, 0);
  chiefAdded = true;
  return signedIn('carla', 'chief password 12');
}

function signedIn(name = 'admin', password = ADMIN_PASSWORD) {
  return signedInAt(server.url, name, password);
}

test('the user command adds, lists and disables accounts, with checked passwords', () => {
  const short = addUser('shorty', 'editor', 'too short');
  assert.equal(short.status, 1);
  assert.match(short.stderr, /at least 12 characters/);
  const badRole = addUser('chief', 'chief', 'long enough password');
  assert.equal(badRole.status, 2);
  const duplicate = addUser('wendy', 'editor', 'long enough password');
  assert.equal(duplicate.status, 1);
  assert.match(duplicate.stderr, /exists already/);
  const noPassword = runWithInput(['user', 'add', 'nobody', '--store', site.store], '');
  assert.notEqual(noPassword.status, 0);
  assert.equal(addUser('eddie', 'editor', 'editor password 1').status, 0);
  const list = site.run(['user', 'list', '--store', site.store]);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /^admin\s+admin/m);
  assert.match(list.stdout, /^eddie\s+editor/m);
  assert.match(list.stdout, /^wendy\s+author/m); // a writer is an author now
  assert.equal(addUser('leaver', 'writer', 'leaver password 1').status, 0);
  assert.equal(site.run(['user', 'disable', 'leaver', '--store', site.store]).status, 0);
  assert.match(site.run(['user', 'list', '--store', site.store]).stdout, /^leaver\s+author\s+disabled/m);
});

test('init without a password creates no admin and says how to add one', () => {
  const other = makeSite();
  try {
    const init = other.run(['init', '--store', other.store]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /no admin account created/);
    assert.match(init.stdout, /gazette user add admin --role admin/);
    const named = other.run(['init', '--store', other.store],
      { env: { ...fastHashing, GAZETTE_ADMIN_USER: 'chief', GAZETTE_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    assert.match(named.stdout, /created the admin account 'chief'/);
  } finally {
    other.remove();
  }
});

test('signing in sets a safe session cookie; signing out ends it', async () => {
  const client = new Client();
  assert.equal((await client.get('/admin/')).status, 303);
  const response = await client.signIn('admin', ADMIN_PASSWORD);
  assert.equal(response.status, 303);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('gazette_session='));
  assert.match(cookie, /^gazette_session=[0-9a-f]{64};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /Secure/, 'not over plain HTTP');
  const list = await client.get('/admin/');
  assert.equal(list.status, 200);
  assert.match(list.headers.get('cache-control'), /no-store/);
  assert.match(list.text, /Articles/);
  const csrf = hidden(list.text, 'csrf');
  assert.equal((await client.post('/admin/sign-out', { csrf })).status, 303);
  assert.equal((await client.get('/admin/')).status, 303);
});

test('an unknown user and a wrong password get the same answer', async () => {
  const wrong = await new Client().signIn('eddie', 'not the password');
  const unknown = await new Client().signIn('nobody-here', 'not the password');
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  const message = (html) => html.match(/id="sign-in-error">([^<]*)</)[1];
  assert.equal(message(wrong.text), message(unknown.text));
  const disabled = await new Client().signIn('leaver', 'leaver password 1');
  assert.equal(disabled.status, 401);
  assert.equal(message(disabled.text), message(wrong.text));
});

test('a form without the CSRF token is refused', async () => {
  const client = await signedIn();
  const forged = await client.post('/admin/articles/new', { headline: 'Forged', action: 'publish' });
  assert.equal(forged.status, 403);
  const list = await client.get('/admin/?q=Forged');
  assert.match(list.text, /No articles match/);
  const wrongToken = await client.post('/admin/articles/new',
    { csrf: 'a'.repeat(64), headline: 'Forged', action: 'save' });
  assert.equal(wrongToken.status, 403);
  // A sign-in without its form token is refused too.
  const direct = await new Client().post('/admin/sign-in', { name: 'admin', password: ADMIN_PASSWORD });
  assert.equal(direct.status, 403);
});

test('bad forms get a clear 4xx', async () => {
  const client = await signedIn();
  const { csrf } = await editorState(client, '/admin/articles/new');
  const notForm = await fetch(`${server.url}/admin/articles/new`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: client.cookieHeader(), 'content-type': 'application/json' }, body: '{}' });
  assert.equal(notForm.status, 415);
  const badUtf8 = await fetch(`${server.url}/admin/articles/new`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: client.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${csrf}&headline=%ff%fe` });
  assert.equal(badUtf8.status, 400);
  assert.match(await badUtf8.text(), /UTF-8/);
});

test('failed sign-ins are slowed, then refused', async () => {
  assert.equal(addUser('target', 'editor', 'target password 1').status, 0);
  // Times are whole seconds: a try can land just after a wait ends, so
  // fail on until a wait of at least 2 s is asked, then try at once.
  const statuses = [];
  let last;
  for (let i = 0; i < 8; i++) {
    last = await new Client().signIn('target', 'wrong password!');
    statuses.push(last.status);
    if (last.status === 429 && Number(last.headers.get('retry-after')) >= 2) break;
    if (last.status === 429) await new Promise((resolve) => setTimeout(resolve, 1100));
  }
  assert.deepEqual(statuses.slice(0, 3), [401, 401, 401]);
  assert.equal(statuses.indexOf(429) >= 3 && statuses.indexOf(429) <= 4, true,
    `slowed from the third failure: ${statuses}`);
  assert.equal(last.status, 429);
  assert.match(last.text, /Too many failed sign-ins/);
  const limited = await new Client().signIn('target', 'target password 1');
  assert.equal(limited.status, 429, 'even the right password waits');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  // Another account is not affected.
  assert.equal((await new Client().signIn('eddie', 'editor password 1')).status, 303);
});

test('create, edit, and a stale save is refused with both versions', async () => {
  const alice = await signedIn();
  let state = await editorState(alice, '/admin/articles/new');
  const created = await alice.post('/admin/articles/new', {
    csrf: state.csrf, revision: '0', action: 'save', headline: 'Council approves the budget',
    summary: 'A long debate ends.', body: 'First paragraph.\n\nSecond *paragraph*.',
    section: 'Politics', tags: 'budget, council', language: 'en', content_type: '1',
  });
  assert.equal(created.status, 303);
  const path = created.headers.get('location').replace(/\?.*/, '');
  assert.match(path, /^\/admin\/articles\/\d+$/);
  state = await editorState(alice, path);
  assert.match(state.html, /value="Council approves the budget"/);
  assert.match(state.html, /value="budget, council"/);
  assert.match(state.html, /status-draft/);

  // Validation keeps what was typed and lists every problem.
  const invalid = await alice.post(path, { csrf: state.csrf, revision: state.revision,
    action: 'save', headline: '', body: 'Kept body text', language: 'not a language!' });
  assert.equal(invalid.status, 422);
  assert.match(invalid.text, /Kept body text/);
  assert.ok((invalid.text.match(/<li>/g) ?? []).length >= 2, 'every message is shown');

  // Bob opens the same revision; Alice saves first; Bob's save is refused.
  const bob = await signedIn();
  const bobState = await editorState(bob, path);
  // Bob sees who saved last and when.
  assert.match(bobState.html, /id="last-saved">Last saved by admin at/);
  const aliceSave = await alice.post(path, { csrf: state.csrf, revision: state.revision,
    action: 'save', headline: 'Council approves the 2027 budget', body: 'Alice text', language: 'en' });
  assert.equal(aliceSave.status, 303);
  const bobSave = await bob.post(path, { csrf: bobState.csrf, revision: bobState.revision,
    action: 'save', headline: 'Bob headline', body: 'Bob text', language: 'en' });
  assert.equal(bobSave.status, 409);
  assert.match(bobSave.text, /Saved meanwhile by admin/);
  assert.match(bobSave.text, /Alice text/);
  assert.match(bobSave.text, /Bob text/);
  const after = await editorState(alice, path);
  assert.match(after.html, /value="Council approves the 2027 budget"/, 'never a silent overwrite');
  // Bob's form now carries the newest revision: merging and saving works.
  const merged = await bob.post(path, { csrf: bobState.csrf, revision: hidden(bobSave.text, 'revision'),
    action: 'save', headline: 'Council approves the 2027 budget', body: 'Alice text\n\nBob text',
    language: 'en' });
  assert.equal(merged.status, 303);
  assert.match((await editorState(alice, path)).html, /Revision 3<\/a> by admin/);
});

test('a writer cannot publish; an editor can, and readers see it at once', async () => {
  const home = await fetch(`${server.url}/`);
  assert.equal(home.status, 200); // warm the page cache
  const writer = await signedIn('wendy', WRITER_PASSWORD);
  let state = await editorState(writer, '/admin/articles/new');
  assert.doesNotMatch(state.html, /value="publish"/, 'no publish button for writers');
  const created = await writer.post('/admin/articles/new', { csrf: state.csrf, revision: '0',
    action: 'save', headline: 'Flood waters recede in the valley', body: 'Good news.', language: 'en' });
  assert.equal(created.status, 303);
  const path = created.headers.get('location').replace(/\?.*/, '');
  state = await editorState(writer, path);
  const denied = await writer.post(path, { csrf: state.csrf, revision: state.revision,
    action: 'publish', headline: 'Flood waters recede in the valley', body: 'Good news.', language: 'en' });
  assert.equal(denied.status, 403);
  assert.match(denied.text, /Only editors, chief editors and admins may move an article from Draft to Published/);
  const submitted = await writer.post(path, { csrf: state.csrf, revision: state.revision,
    action: 'submit', headline: 'Flood waters recede in the valley', body: 'Good news.', language: 'en' });
  assert.equal(submitted.status, 303);
  // In review, the writer can no longer change it.
  state = await editorState(writer, path);
  const locked = await writer.post(path, { csrf: state.csrf, revision: state.revision,
    action: 'save', headline: 'Changed', body: 'x', language: 'en' });
  assert.equal(locked.status, 403);

  const before = await (await fetch(`${server.url}/`)).text();
  assert.doesNotMatch(before, /Flood waters recede/);
  const editor = await signedIn('eddie', 'editor password 1');
  const editorForm = await editorState(editor, path);
  assert.match(editorForm.html, /id="holder"[^>]*>wendy also has this article open/);
  const published = await editor.post(path, { csrf: editorForm.csrf, revision: editorForm.revision,
    action: 'publish', headline: 'Flood waters recede in the valley', body: 'Good news.',
    language: 'en', section: 'Weather' });
  assert.equal(published.status, 303);
  const homeAfter = await (await fetch(`${server.url}/`)).text();
  assert.match(decodeEntities(homeAfter), /Flood waters recede in the valley/);
  const id = Number(path.split('/').pop());
  const link = articleLinks(homeAfter).find((l) => l.id === id);
  const page = await fetch(server.url + link.href);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Good news\./);

  // Unpublishing (the chief editor's) removes it from the home page at once.
  const chief = await signedInChief();
  const again = await editorState(chief, path);
  const unpublished = await chief.post(path, { csrf: again.csrf, revision: again.revision,
    action: 'unpublish', headline: 'Flood waters recede in the valley', body: 'Good news.',
    language: 'en', section: 'Weather' });
  assert.equal(unpublished.status, 303);
  assert.doesNotMatch(await (await fetch(`${server.url}/`)).text(), /Flood waters recede/);
});

test('confirmations come from the server, never from the link', async () => {
  const client = await signedIn();
  const crafted = await client.get('/admin/?saved=Your+password+expired%2C+call+555');
  assert.equal(crafted.status, 200);
  // Only the crafted words: the page's own tokens and times may hold the digits 555.
  assert.doesNotMatch(crafted.text, /password expired|call 555/);
  const deleted = await client.get('/admin/?saved=deleted+42');
  assert.match(deleted.text, /Article 42 deleted\./);
  const state = await editorState(client, '/admin/articles/new');
  const created = await client.post('/admin/articles/new', { csrf: state.csrf, revision: '0',
    action: 'save', headline: 'Confirmation check', body: 'Text.', language: 'en' });
  assert.equal(created.status, 303);
  const path = created.headers.get('location').replace(/\?.*$/, '');
  assert.match((await client.get(`${path}?saved=save`)).text, /Saved\./);
  const spoofed = await client.get(`${path}?saved=${encodeURIComponent('deleted, call 555')}`);
  assert.doesNotMatch(spoofed.text, /call 555/);
});

test('preview renders the body as the public page does, without saving', async () => {
  const client = await signedIn();
  const state = await editorState(client, '/admin/articles/new');
  const preview = await client.post('/admin/articles/new', { csrf: state.csrf, revision: '0',
    action: 'preview', headline: 'Preview only', body: 'Some **bold** text <script>x()</script>',
    language: 'ar' });
  assert.equal(preview.status, 200);
  assert.match(preview.text, /<strong>bold<\/strong>/);
  assert.doesNotMatch(preview.text, /<script>x\(\)/);
  assert.match(preview.text, /dir="rtl"/);
  assert.match((await client.get('/admin/?q=Preview+only')).text, /No articles match/);
});

test('an article scheduled two seconds ahead goes live by itself', async () => {
  const editor = await signedIn('eddie', 'editor password 1');
  let state = await editorState(editor, '/admin/articles/new');
  const fields = { headline: 'Embargoed report on harvests', body: 'Under embargo.', language: 'en',
    section: 'Economy' };
  const created = await editor.post('/admin/articles/new',
    { ...fields, csrf: state.csrf, revision: '0', action: 'save' });
  const path = created.headers.get('location').replace(/\?.*/, '');
  state = await editorState(editor, path);
  const past = new Date(Date.now() - 60_000).toISOString().slice(0, 19);
  const refused = await editor.post(path, { ...fields, csrf: state.csrf, revision: state.revision,
    action: 'schedule', publish_at: past });
  assert.equal(refused.status, 403);
  assert.match(refused.text, /in the future/);
  // The site's zone is UTC here, as the form reads it.
  const at = new Date(Date.now() + 2_000);
  const scheduled = await editor.post(path, { ...fields, csrf: state.csrf, revision: state.revision,
    action: 'schedule', publish_at: at.toISOString().slice(0, 19) });
  assert.equal(scheduled.status, 303);
  assert.match((await editorState(editor, path)).html, /status-scheduled/);
  assert.doesNotMatch(await (await fetch(`${server.url}/`)).text(), /Embargoed report/);
  const id = path.split('/').pop();
  assert.equal((await fetch(`${server.url}/api/v1/articles/${id}`)).status, 404, 'embargoed');
  let seen = false;
  for (let i = 0; i < 40 && !seen; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    seen = /Embargoed report on harvests/.test(await (await fetch(`${server.url}/`)).text());
  }
  assert.ok(seen, 'the scheduled article appeared on the home page');
  assert.ok(Date.now() >= at.getTime() - 1000, 'not before its time');
  assert.match((await editorState(editor, path)).html, /status-published/);
  const revision = await editor.get(`${path}/revisions/3`);
  assert.match(revision.text, /Saved by the system/);
  assert.doesNotMatch(revision.text, /class="changed">\s*<th scope="row">body/, 'a full snapshot');
});

test('revisions show what changed and can be restored; the audit log records it all', async () => {
  const client = await signedIn();
  let state = await editorState(client, '/admin/articles/new');
  const created = await client.post('/admin/articles/new', { csrf: state.csrf, revision: '0',
    action: 'save', headline: 'Bridge closes for repairs', body: 'Line one.\nLine two.', language: 'en' });
  const path = created.headers.get('location').replace(/\?.*/, '');
  state = await editorState(client, path);
  const edited = await client.post(path, { csrf: state.csrf, revision: state.revision,
    action: 'publish', headline: 'Bridge closes for a month', body: 'Line one.\nLine 2, changed.',
    language: 'en' });
  assert.equal(edited.status, 303);
  state = await editorState(client, path);
  assert.match(state.html, new RegExp(`href="${path}/revisions/2"`));

  const view = await client.get(`${path}/revisions/2`);
  assert.equal(view.status, 200);
  assert.match(view.text, /Changes since revision 1/);
  assert.match(view.text, /<del>- Line two\.<\/del>/);
  assert.match(view.text, /<ins>\+ Line 2, changed\.<\/ins>/);
  assert.equal((await client.get(`${path}/revisions/9`)).status, 404);

  // Restoring fills the form with revision 1; only saving stores it.
  const restore = await client.post(`${path}/revisions/1/restore`, { csrf: state.csrf });
  assert.equal(restore.status, 200);
  assert.match(restore.text, /value="Bridge closes for repairs"/);
  assert.equal(hidden(restore.text, 'revision'), state.revision, 'based on the current revision');
  assert.match((await editorState(client, path)).html, /value="Bridge closes for a month"/);
  const saved = await client.post(path, { csrf: state.csrf, revision: hidden(restore.text, 'revision'),
    action: 'save', headline: 'Bridge closes for repairs', body: 'Line one.\nLine two.', language: 'en' });
  assert.equal(saved.status, 303);
  assert.match((await editorState(client, path)).html, /value="Bridge closes for repairs"/);

  const audit = await client.get('/admin/audit');
  assert.equal(audit.status, 200);
  const id = path.split('/').pop();
  assert.match(audit.text, new RegExp(`<td>publish</td><td>article:${id}</td>`));
  assert.match(audit.text, /<td>sign-in<\/td><td>user:admin<\/td>/);
  let failedSeen = false;
  for (let page = 1; page <= 20 && !failedSeen; page++) {
    const text = (await client.get(`/admin/audit?page=${page}`)).text;
    failedSeen = /<td>-<\/td><td>sign-in-failed<\/td><td>user:nobody-here<\/td>/.test(text);
    if (!/rel="next"/.test(text)) break;
  }
  assert.ok(failedSeen, 'a failed sign-in of an unknown name is recorded');
  const writer = await signedIn('wendy', WRITER_PASSWORD);
  assert.equal((await writer.get('/admin/audit')).status, 403);
});

test('admins manage accounts in the browser; role changes are audited', async () => {
  const admin = await signedIn();
  const page = await admin.get('/admin/users');
  assert.equal(page.status, 200);
  const csrf = hidden(page.text, 'csrf');
  const added = await admin.post('/admin/users', { csrf, action: 'add', name: 'nora',
    display_name: 'Nora N.', role: 'writer', password: 'nora password 12' });
  assert.equal(added.status, 200);
  assert.match(added.text, /Added nora/);
  const short = await admin.post('/admin/users', { csrf, action: 'add', name: 'pat', role: 'writer',
    password: 'short' });
  assert.equal(short.status, 422);
  assert.match(short.text, /at least 12 characters/);
  const nora = await signedIn('nora', 'nora password 12');
  assert.equal((await nora.get('/admin/users')).status, 403);
  const promoted = await admin.post('/admin/users', { csrf, action: 'update', name: 'nora', role: 'editor' });
  assert.equal(promoted.status, 200);
  const noraForm = await editorState(nora, '/admin/articles/new');
  assert.match(noraForm.html, /value="publish"/, 'an editor now');
  const selfDemote = await admin.post('/admin/users', { csrf, action: 'update', name: 'admin', role: 'writer' });
  assert.equal(selfDemote.status, 422);
  const disabled = await admin.post('/admin/users', { csrf, action: 'update', name: 'nora',
    role: 'editor', disabled: '1' });
  assert.equal(disabled.status, 200);
  assert.equal((await nora.get('/admin/')).status, 303, 'disabling signs the account out');
  const audit = (await admin.get('/admin/audit')).text;
  assert.match(audit, /<td>role-change<\/td><td>user:nora<\/td><td>author -&gt; editor<\/td>/);
  assert.match(audit, /<td>user-disable<\/td><td>user:nora<\/td>/);
});

// Every role against every workflow step, from the state where it applies.
test('each role may make exactly its transitions', async () => {
  assert.equal(addUser('matrix-writer', 'writer', 'matrix password 1').status, 0);
  assert.equal(addUser('matrix-chief', 'chief_editor', 'matrix password 1').status, 0);
  // The chief editor alone may take a published story down, so it brings
  // each article to the state a step starts from.
  const mover = await signedIn('matrix-chief', 'matrix password 1');
  const clients = {
    writer: await signedIn('matrix-writer', 'matrix password 1'),
    editor: await signedIn('eddie', 'editor password 1'),
    admin: await signedIn(),
  };
  const future = () => new Date(Date.now() + 3600_000).toISOString().slice(0, 19);
  // [action, state to start from, writer allowed]
  const steps = [
    ['save', 'draft', true], ['submit', 'draft', true], ['publish', 'draft', false],
    ['schedule', 'draft', false], ['save', 'in_review', false],
    ['publish', 'in_review', false], ['schedule', 'in_review', false],
    ['publish', 'scheduled', false], ['unpublish', 'scheduled', false],
    ['save', 'published', false], ['unpublish', 'published', false],
    ['submit', 'unpublished', false], ['publish', 'unpublished', false],
  ];
  const expected = { save: 'draft', submit: 'in_review', publish: 'published',
    schedule: 'scheduled', unpublish: 'unpublished' };
  const reach = { draft: [], in_review: ['submit'], scheduled: ['schedule'], published: ['publish'],
    unpublished: ['publish', 'unpublish'] };
  for (const [role, client] of Object.entries(clients)) {
    for (const [action, from, writerMay] of steps) {
      // The writer creates the article so that "own draft" applies to them.
      const author = role === 'writer' ? client : clients.editor;
      let state = await editorState(author, '/admin/articles/new');
      const fields = { headline: `${role} ${action} from ${from}`, body: 'x', language: 'en' };
      const created = await author.post('/admin/articles/new',
        { ...fields, csrf: state.csrf, revision: '0', action: 'save' });
      const path = created.headers.get('location').replace(/\?.*/, '');
      for (const step of reach[from]) {
        state = await editorState(mover, path);
        const moved = await mover.post(path,
          { ...fields, csrf: state.csrf, revision: state.revision, action: step, publish_at: future() });
        assert.equal(moved.status, 303, `${step} to reach ${from}`);
      }
      state = await editorState(client, path);
      const answer = await client.post(path, { ...fields, csrf: state.csrf, revision: state.revision,
        action, publish_at: future() });
      const takesDown = action === 'unpublish' && from === 'published';
      const allowed = role === 'writer' ? writerMay && from === 'draft' : !takesDown;
      assert.equal(answer.status, allowed ? 303 : 403, `${role} ${action} from ${from}`);
      const status = (await editorState(clients.admin, path)).html.match(/status status-(\w+)/)[1];
      const after = action === 'save' ? from : expected[action];
      assert.equal(status, allowed ? after : from, `${role} ${action} from ${from}`);
    }
  }
});

test('a scheduled article survives a restart and goes live after it', async () => {
  const editor = await signedIn('eddie', 'editor password 1');
  let state = await editorState(editor, '/admin/articles/new');
  const fields = { headline: 'Overnight election results', body: 'Counted.', language: 'en' };
  const created = await editor.post('/admin/articles/new',
    { ...fields, csrf: state.csrf, revision: '0', action: 'save' });
  const path = created.headers.get('location').replace(/\?.*/, '');
  state = await editorState(editor, path);
  const at = new Date(Date.now() + 3_000);
  const scheduled = await editor.post(path, { ...fields, csrf: state.csrf, revision: state.revision,
    action: 'schedule', publish_at: at.toISOString().slice(0, 19) });
  assert.equal(scheduled.status, 303);
  await server.stop();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now()) + 500));
  server = await startServer(site);
  let seen = false;
  for (let i = 0; i < 20 && !seen; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    seen = /Overnight election results/.test(await (await fetch(`${server.url}/`)).text());
  }
  assert.ok(seen, 'published by the restarted server');
});

test('editors append corrections: the public page shows them escaped at once', async () => {
  const editor = await signedIn('eddie', 'editor password 1');
  let state = await editorState(editor, '/admin/articles/new');
  const fields = { headline: 'Council approves the harbour plan', body: 'The vote was close.', language: 'en' };
  const created = await editor.post('/admin/articles/new',
    { ...fields, csrf: state.csrf, revision: '0', action: 'save' });
  assert.equal(created.status, 303);
  const path = created.headers.get('location').replace(/\?.*/, '');
  const id = Number(path.split('/').pop());
  state = await editorState(editor, path);
  await editor.post(path, { ...fields, csrf: state.csrf, revision: state.revision, action: 'publish' });
  state = await editorState(editor, path);
  assert.match(state.html, new RegExp(`action="/admin/articles/${id}/notes"`), 'the note form is there');
  const publicUrl = `${server.url}/news/${id}`;
  const warm = await fetch(publicUrl);
  assert.equal(warm.status, 200); // now cached
  assert.doesNotMatch(await warm.text(), /article-notes/);

  const text = 'The vote was 7-5, not 8-4. <script>alert(1)</script>';
  assert.equal((await editor.post(`${path}/notes`, { kind: 'correction', text })).status, 403,
    'CSRF token required');
  const writer = await signedIn('wendy', WRITER_PASSWORD);
  const writerPage = await writer.get(path);
  assert.doesNotMatch(writerPage.text, /\/notes"/, 'no note form for writers');
  const refused = await writer.post(`${path}/notes`,
    { csrf: hidden(writerPage.text, 'csrf'), kind: 'correction', text: 'Sneaky' });
  assert.equal(refused.status, 403);
  assert.equal((await editor.post(`${path}/notes`, { csrf: state.csrf, kind: 'correction', text: '  ' })).status, 400);
  assert.equal((await editor.post(`${path}/notes`, { csrf: state.csrf, kind: 'erratum', text: 'x' })).status, 400);
  assert.equal((await editor.post(`${path}/notes`,
    { csrf: state.csrf, kind: 'update', text: 'x'.repeat(2001) })).status, 400);

  const added = await editor.post(`${path}/notes`, { csrf: state.csrf, kind: 'correction', text });
  assert.equal(added.status, 303);
  assert.equal(added.headers.get('location'), `${path}?saved=correction+added`);
  await editor.post(`${path}/notes`, { csrf: state.csrf, kind: 'update', text: 'Work starts in May.' });
  const page = await (await fetch(publicUrl)).text();
  assert.match(page, /<aside class="article-notes"/);
  assert.doesNotMatch(page, /<script>alert/, 'the note is escaped');
  assert.match(page, /<strong>Correction<\/strong> <time datetime="\d{4}-\d\d-\d\dT[^"]+">[^<]+<\/time>: The vote was 7-5, not 8-4\. &lt;script&gt;/);
  assert.ok(page.indexOf('Correction</strong>') < page.indexOf('Update</strong>'), 'oldest first');
  assert.ok(page.indexOf('The vote was close.') < page.indexOf('article-notes'), 'after the body');
  assert.match((await editor.get(path)).text, /<strong>Update<\/strong>/);
  assert.equal((await editor.post('/admin/articles/999999/notes',
    { csrf: state.csrf, kind: 'update', text: 'x' })).status, 404);
  const admin = await signedIn();
  assert.match((await admin.get('/admin/audit')).text,
    new RegExp(`<td>note-correction</td><td>article:${id}</td>`));
});

test('the chief editor deletes a published article: it leaves the site at once, its revisions stay', async () => {
  const editor = await signedIn('eddie', 'editor password 1');
  let state = await editorState(editor, '/admin/articles/new');
  const fields = { headline: 'Mistaken story to remove', body: 'Oops.', language: 'en' };
  const created = await editor.post('/admin/articles/new',
    { ...fields, csrf: state.csrf, revision: '0', action: 'save' });
  const path = created.headers.get('location').replace(/\?.*/, '');
  state = await editorState(editor, path);
  await editor.post(path, { ...fields, csrf: state.csrf, revision: state.revision, action: 'publish' });
  assert.match(await (await fetch(`${server.url}/`)).text(), /Mistaken story to remove/);
  const writer = await signedIn('wendy', WRITER_PASSWORD);
  assert.equal((await writer.post(`${path}/delete`, { csrf: hidden((await writer.get('/admin/')).text, 'csrf') })).status, 403);
  // It has been published: only the chief editor deletes it.
  const refused = await editor.get(`${path}/delete`);
  assert.equal(refused.status, 403);
  assert.match(refused.text, /Only chief editors may delete an article that has been published/);
  const chief = await signedInChief();
  const confirm = await chief.get(`${path}/delete`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /Delete for good/);
  assert.equal((await chief.post(`${path}/delete`, {})).status, 403, 'CSRF token required');
  const deleted = await chief.post(`${path}/delete`, { csrf: hidden(confirm.text, 'csrf') });
  assert.equal(deleted.status, 303);
  assert.doesNotMatch(await (await fetch(`${server.url}/`)).text(), /Mistaken story to remove/);
  assert.equal((await editor.get(path)).status, 404);
  const revision = await editor.get(`${path}/revisions/2`);
  assert.equal(revision.status, 200, 'revisions outlive the article');
  assert.match(revision.text, /Mistaken story to remove/);
  const admin = await signedIn();
  assert.match((await admin.get('/admin/audit')).text, /<td>delete<\/td><td>article:\d+<\/td><td>Mistaken story to remove<\/td>/);
});

test('over TLS the cookies are Secure', async () => {
  const key = path.join(site.dir, 'key.pem');
  const cert = path.join(site.dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const tls = await startServer(site, ['--tls-certificate', cert, '--tls-key', key]);
  try {
    const jar = path.join(site.dir, 'cookies.txt');
    const form = execFileSync('curl', ['-sk', '-c', jar, '-D', '-', `${tls.url}/admin/sign-in`], { encoding: 'utf8' });
    assert.match(form, /set-cookie: gazette_signin=[0-9a-f]{64};[^\n]*; Secure/i);
    const token = form.match(/name="signin_token" value="([0-9a-f]+)"/)[1];
    const signedInHeaders = execFileSync('curl', ['-sk', '-b', jar, '-o', '/dev/null', '-D', '-',
      '--data-urlencode', `signin_token=${token}`, '--data-urlencode', 'name=admin',
      '--data-urlencode', `password=${ADMIN_PASSWORD}`, `${tls.url}/admin/sign-in`], { encoding: 'utf8' });
    assert.match(signedInHeaders, /set-cookie: gazette_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure/i);
  } finally {
    await tls.stop();
  }
});
