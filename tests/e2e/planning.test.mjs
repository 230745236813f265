// Planning (issue 13, item 5): editors assign a story (who, by when, what
// is wanted) and the newsroom's budget lists, desk by desk, what is due
// on a day, in progress and planned; the site's workflow is shown in
// words and changed by admins only, checked whole (a status of its own
// becomes a step of the editor). Bad input is refused with its reason
// and changes nothing. In Debian's chromium, an editor assigns a story
// in the editor's box and finds it due on the budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite, startServer, addAccount, launchChromium, decodeEntities } from './helpers.mjs';
import { signedIn, editorState, hidden, addSections } from './newsroom-client.mjs';

const PASSWORD = 'correct horse battery';
// Planned days far from today, so that the site's zone and the clock
// cannot move a story from one day to another.
const DAY = '2031-03-14';
const NEXT_DAY = '2031-03-15';

let site;
let server;
let browser;
let admin;
let editor;
let author;
let contributor;

function addUser(name, role) {
  addAccount(site, name, role, PASSWORD);
}

async function setDesk(name, desk) {
  const list = await admin.get('/admin/sections');
  const sid = list.text.match(new RegExp(`href="/admin/sections/(\\d+)">${name}</a>`))[1];
  const form = await admin.get(`/admin/sections/${sid}`);
  const saved = await admin.post(`/admin/sections/${sid}`, { csrf: hidden(form.text, 'csrf'), name,
    slug: name.toLowerCase(), desk, position: '0' });
  assert.equal(saved.status, 303, saved.text);
}

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_ADMIN_PASSWORD: PASSWORD, GAZETTE_PASSWORD_LIMITS: 'test' } });
  assert.equal(init.status, 0, init.stderr);
  addUser('edna', 'editor');
  addUser('rana', 'author');
  addUser('carl', 'contributor');
  server = await startServer(site);
  browser = await launchChromium();
  admin = await signedIn(server.url, 'admin', PASSWORD);
  editor = await signedIn(server.url, 'edna', PASSWORD);
  author = await signedIn(server.url, 'rana', PASSWORD);
  contributor = await signedIn(server.url, 'carl', PASSWORD);
  await addSections(admin, ['Politics', 'Football', 'Weather']);
  await setDesk('Politics', 'News');
  await setDesk('Football', 'Sport');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

async function create(client, action, fields = {}) {
  const state = await editorState(client, '/admin/articles/new');
  const made = await client.post('/admin/articles/new', { csrf: state.csrf, revision: '0', action,
    language: 'en', content_type: '1', body: 'Text of the story.', section: 'Politics',
    headline: 'A story', ...fields });
  assert.equal(made.status, 303, made.text);
  return Number(made.headers.get('location').match(/articles\/(\d+)/)[1]);
}

async function assign(client, id, fields) {
  const page = await client.get(`/admin/articles/${id}`);
  return client.post(`/admin/articles/${id}/assign`, { csrf: hidden(page.text, 'csrf'), ...fields });
}

async function assignmentSummary(id) {
  const page = await editor.get(`/admin/articles/${id}`);
  return decodeEntities(page.text.match(/id="assignment-summary">([\s\S]*?)<\/p>/)[1].replace(/<[^>]+>/g, ''));
}

async function auditCount(action, id) {
  const page = await admin.get('/admin/audit');
  return [...page.text.matchAll(new RegExp(`<td>${action}</td>\\s*<td>article:${id}</td>`, 'g'))].length;
}

// The budget's columns: {desk: {due: [ids], in_progress: [ids], planned: [ids]}}.
function columns(html) {
  const desks = {};
  for (const section of html.split('<section class="budget-desk"').slice(1)) {
    const desk = section.match(/data-desk="([^"]*)"/)[1];
    desks[desk] = {};
    for (const column of section.split('class="budget-column"').slice(1)) {
      const name = column.match(/data-column="(\w+)"/)[1];
      desks[desk][name] = [...column.matchAll(/class="budget-item[^"]*" data-id="(\d+)"/g)].map((m) => Number(m[1]));
    }
  }
  return desks;
}

test('an editor assigns a story: who, by when, what is wanted; audited, no revision', async () => {
  const id = await create(author, 'save', { headline: 'Budget talks' });
  const before = await editorState(editor, `/admin/articles/${id}`);
  const saved = await assign(editor, id, { assignee: 'rana', due: `${DAY}T10:30`, note: '600 words, a picture' });
  assert.equal(saved.status, 303, saved.text);
  assert.equal(saved.headers.get('location'), `/admin/articles/${id}?saved=assign#assignment`);
  assert.equal(await assignmentSummary(id), `Assigned to rana, due ${DAY} 10:30: 600 words, a picture.`);
  assert.match((await editor.get(`/admin/articles/${id}?saved=assign`)).text, /Assignment saved\./);
  assert.equal((await editorState(editor, `/admin/articles/${id}`)).revision, before.revision);
  assert.equal(await auditCount('assign', id), 1);

  // Refused: not an editor, nobody by that name, a bad time, a long or
  // broken note. Each leaves the assignment as it was.
  const refusals = [
    [contributor, { assignee: 'carl' }, 403, /Only editors assign articles/],
    [author, { assignee: 'rana' }, 403, /Only editors assign articles/],
    [editor, { assignee: 'nobody-here' }, 400, /There is no account with that name/],
    [editor, { assignee: 'rana', due: 'tomorrow' }, 400, /not a date and time/],
    [editor, { assignee: 'rana', note: 'x'.repeat(501) }, 400, /too long/],
  ];
  for (const [client, fields, status, message] of refusals) {
    const answer = await assign(client, id, fields);
    assert.equal(answer.status, status, JSON.stringify(fields));
    assert.match(answer.text, message);
  }
  const page = await editor.get(`/admin/articles/${id}`);
  const broken = await fetch(`${server.url}/admin/articles/${id}/assign`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: editor.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    body: `csrf=${hidden(page.text, 'csrf')}&assignee=rana&note=%C3%28bad`,
  });
  assert.equal(broken.status, 400);
  assert.equal(await assignmentSummary(id), `Assigned to rana, due ${DAY} 10:30: 600 words, a picture.`);
  assert.equal(await auditCount('assign', id), 1);
  const unknown = await assign(editor, 999999, { assignee: 'rana' });
  assert.equal(unknown.status, 404);

  // Nobody, no time and no note take the assignment away.
  assert.equal((await assign(editor, id, { assignee: '', due: '', note: '' })).status, 303);
  assert.equal(await assignmentSummary(id), 'Not assigned.');
});

test('the budget lists a day\'s stories desk by desk: due, in progress, planned', async () => {
  const due = await create(author, 'save', { headline: 'Due on the day', section: 'Politics' });
  await assign(editor, due, { assignee: 'rana', due: `${DAY}T09:00`, note: 'The vote' });
  const working = await create(author, 'submit', { headline: 'Still being written', section: 'Football' });
  const later = await create(author, 'save', { headline: 'Due the day after', section: 'Politics' });
  await assign(editor, later, { assignee: 'rana', due: `${NEXT_DAY}T08:00` });
  const scheduled = await create(editor, 'schedule', { headline: 'Goes out the day after',
    section: 'Football', publish_at: `${NEXT_DAY}T06:00` });
  const loose = await create(author, 'save', { headline: 'No desk yet', section: 'Weather' });
  const overdue = await create(author, 'save', { headline: 'Long overdue', section: 'Politics' });
  await assign(editor, overdue, { assignee: 'rana', due: '2020-01-02T08:00' });
  const spiked = await create(editor, 'save', { headline: 'Spiked', section: 'Politics' });
  const spike = await editorState(editor, `/admin/articles/${spiked}`);
  assert.equal((await editor.post(`/admin/articles/${spiked}`, { csrf: spike.csrf, revision: spike.revision,
    action: 'move:spiked', headline: 'Spiked', language: 'en', content_type: '1', body: 'Text.',
    section: 'Politics' })).status, 303);

  const page = await contributor.get(`/admin/budget?day=${DAY}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="budget-day">Friday 14 March 2031</);
  const desks = columns(page.text);
  assert.deepEqual(Object.keys(desks), ['', 'News', 'Sport']);
  assert.ok(desks[''].in_progress.includes(loose));
  assert.ok(desks.News.due.includes(due));
  assert.ok(desks.News.planned.includes(later));
  assert.ok(desks.News.in_progress.includes(overdue));
  assert.match(page.text, new RegExp(`class="budget-item late" data-id="${overdue}">[\\s\\S]*?due 2020-01-02 08:00 \\(late\\)`));
  assert.ok(desks.Sport.in_progress.includes(working));
  assert.ok(desks.Sport.planned.includes(scheduled));
  const all = Object.values(desks).flatMap((d) => [...d.due, ...d.in_progress, ...d.planned]);
  assert.ok(!all.includes(spiked), 'a spiked story is off the budget');
  // Each row says where the story stands.
  const row = page.text.match(new RegExp(`data-id="${due}">[\\s\\S]*?</li>`))[0];
  assert.match(row, /Due on the day/);
  assert.match(row, /class="status">Draft</);
  assert.match(row, /· rana/);
  assert.match(row, new RegExp(`due ${DAY} 09:00<`));
  assert.doesNotMatch(row, /late/);
  assert.match(row, /The vote/);

  // The day after: what was planned is due; one desk alone.
  const next = columns((await editor.get(`/admin/budget?day=${NEXT_DAY}`)).text);
  assert.ok(next.News.due.includes(later));
  assert.ok(next.Sport.due.includes(scheduled));
  assert.ok(next.News.in_progress.includes(due), 'past its day, still open: in progress');
  const sport = columns((await editor.get(`/admin/budget?day=${NEXT_DAY}&desk=Sport`)).text);
  assert.deepEqual(Object.keys(sport), ['Sport']);
  // The counts by status, and today by default.
  const today = await editor.get('/admin/budget');
  assert.match(today.text, /\(today\)/);
  assert.match(today.text, /Spiked: <strong>1<\/strong>/);
  assert.equal((await editor.get('/admin/budget?day=2031-02-30')).status, 400);
  assert.equal((await editor.get('/admin/budget?day=%3Cscript%3E')).status, 400);
});

test('the workflow is shown in words; admins alone change it, checked whole', async () => {
  const shown = await editor.get('/admin/workflow');
  assert.equal(shown.status, 200);
  assert.match(shown.text, /<td>Published<\/td><td>Unpublished<\/td><td>Chief editor<\/td>/);
  assert.doesNotMatch(shown.text, /id="workflow-form"/);
  const form = await admin.get('/admin/workflow');
  const document = JSON.parse(decodeEntities(form.text.match(/<textarea[^>]*>([\s\S]*?)<\/textarea>/)[1]));
  assert.equal(document.statuses.length, 8);

  const refused = await editor.post('/admin/workflow', { csrf: hidden(shown.text, 'csrf'), action: 'save',
    workflow: JSON.stringify(document) });
  assert.equal(refused.status, 403);
  const csrf = hidden(form.text, 'csrf');
  // Broken JSON, a step to nowhere, a status still held: refused, kept as typed.
  const broken = await admin.post('/admin/workflow', { csrf, action: 'save', workflow: '{"statuses": [' });
  assert.equal(broken.status, 422);
  assert.match(broken.text, /The workflow was not changed/);
  assert.match(broken.text, /\{&quot;statuses&quot;: \[/);
  const nowhere = structuredClone(document);
  nowhere.transitions.push({ from: 'draft', to: 'legal', roles: ['editor'] });
  const answer = await admin.post('/admin/workflow', { csrf, action: 'save', workflow: JSON.stringify(nowhere) });
  assert.equal(answer.status, 422);
  assert.match(decodeEntities(answer.text), /legal/);
  const held = structuredClone(document);
  held.statuses = held.statuses.filter((s) => s.key !== 'spiked');
  held.transitions = held.transitions.filter((t) => t.from !== 'spiked' && t.to !== 'spiked');
  const inUse = await admin.post('/admin/workflow', { csrf, action: 'save', workflow: JSON.stringify(held) });
  assert.equal(inUse.status, 422);
  assert.match(decodeEntities(inUse.text), /at status "spiked": move it before removing it/);
  assert.match((await admin.get('/admin/workflow')).text, /\(the built-in one\)/);

  // A legal check between review and ready, for editors.
  const legal = structuredClone(document);
  legal.statuses.splice(2, 0, { key: 'legal', label: 'Legal', stage: 'in_review' });
  legal.transitions.push({ from: 'in_review', to: 'legal', roles: ['editor', 'chief_editor'] },
    { from: 'legal', to: 'ready', roles: ['editor', 'chief_editor'] });
  const saved = await admin.post('/admin/workflow', { csrf, action: 'save', workflow: JSON.stringify(legal) });
  assert.equal(saved.status, 303, saved.text);
  const after = await editor.get('/admin/workflow?saved=1');
  assert.match(after.text, /Workflow saved\./);
  assert.match(after.text, /<td>Legal<\/td><td><code>legal<\/code><\/td><td>in_review<\/td>/);
  assert.match(after.text, /<td>In review<\/td><td>Legal<\/td><td>Editor, Chief editor<\/td>/);

  const id = await create(author, 'submit', { headline: 'Needs a lawyer' });
  const state = await editorState(editor, `/admin/articles/${id}`);
  assert.match(state.html, /<button[^>]*value="move:legal"[^>]*>Move to Legal</);
  assert.doesNotMatch((await author.get(`/admin/articles/${id}`)).text, /move:legal/);
  const moved = await editor.post(`/admin/articles/${id}`, { csrf: state.csrf, revision: state.revision,
    action: 'move:legal', headline: 'Needs a lawyer', language: 'en', content_type: '1',
    body: 'Text of the story.', section: 'Politics' });
  assert.equal(moved.status, 303, moved.text);
  assert.match((await editor.get(`/admin/articles/${id}`)).text, /id="status-label">Legal</);
  const budget = await editor.get('/admin/budget');
  assert.match(budget.text, /Legal: <strong>1<\/strong>/);
  assert.match(budget.text, new RegExp(`data-id="${id}">[\\s\\S]*?class="status">Legal<`));
  // Legal cannot go while a story is there; back to the built-in one
  // once nothing is.
  const reset = await admin.post('/admin/workflow', { csrf, action: 'reset' });
  assert.equal(reset.status, 422);
  assert.match(decodeEntities(reset.text), /at status "legal"/);
  const back = await editorState(editor, `/admin/articles/${id}`);
  assert.equal((await editor.post(`/admin/articles/${id}`, { csrf: back.csrf, revision: back.revision,
    action: 'move:ready', headline: 'Needs a lawyer', language: 'en', content_type: '1',
    body: 'Text of the story.', section: 'Politics' })).status, 303);
  assert.equal((await admin.post('/admin/workflow', { csrf, action: 'reset' })).status, 303);
  assert.match((await admin.get('/admin/workflow?saved=reset')).text, /The built-in workflow applies again/);
  const audit = await admin.get('/admin/audit');
  assert.equal([...audit.text.matchAll(/<td>workflow-change<\/td>/g)].length, 2);
});

test('in chromium, an editor assigns a story in the editor and finds it due on the budget', async () => {
  const id = await create(author, 'save', { headline: 'Flood warning', section: 'Politics' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('User name').fill('edna');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
  await page.goto(`${server.url}/admin/articles/${id}`);
  await page.locator('#assignee').selectOption('rana');
  await page.locator('#due').fill(`${DAY}T16:45`);
  await page.locator('#assignment-note').fill('Call the river authority');
  await page.getByRole('button', { name: 'Save assignment' }).click();
  await page.waitForURL(new RegExp(`/admin/articles/${id}\\?saved=assign`));
  assert.match(await page.locator('#assignment-summary').innerText(),
    new RegExp(`Assigned to rana, due ${DAY} 16:45: Call the river authority`));
  await page.getByRole('link', { name: 'Budget' }).click();
  await page.locator('#budget-day-input').fill(DAY);
  await page.locator('#budget-desk').selectOption('News');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/\/admin\/budget\?day=/);
  const item = page.locator(`.budget-desk[data-desk="News"] [data-column="due"] [data-id="${id}"]`);
  assert.match(await item.innerText(), /Flood warning[\s\S]*Call the river authority/);
  await context.close();
});
