// The complete editor in a real browser (Debian's chromium through
// playwright-core): GitHub-flavoured Markdown (a table, strikethrough, a
// bare address) in the preview and on the published page; the word count
// as one types; the preview at a phone's and a desktop's width; the
// warning before leaving unsaved changes, and none after saving; Ctrl+S;
// and a writer who may not change a published article sees it read-only,
// with the reason, while the server still refuses their save.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { makeSite, startServer, gazetteBin, cleanEnv, launchChromium } from './helpers.mjs';
import { signedIn, editorState } from './newsroom-client.mjs';

const PASSWORD = 'correct horse battery';
const GFM_BODY = [
  'Rainfall this week:',
  '',
  '| City | Rain |',
  '| :-- | --: |',
  '| Aden | 12 mm |',
  '',
  'The match is ~~Tuesday~~ Wednesday. Details at https://example.com/forecast today.',
].join('\n');
let site;
let server;
let browser;

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
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

async function signIn(name = 'admin') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
  return { context, page };
}

// Collects the dialogs a page opens, dismissing each (staying on the page).
function dialogsOf(page) {
  const seen = [];
  page.on('dialog', (dialog) => { seen.push(dialog.type()); dialog.dismiss().catch(() => {}); });
  return seen;
}

// An article published by the admin over HTTP; its id.
async function publishedArticle(headline, body) {
  const admin = await signedIn(server.url, 'admin', PASSWORD);
  const state = await editorState(admin, '/admin/articles/new');
  const saved = await admin.post('/admin/articles/new', { csrf: state.csrf, revision: '0',
    action: 'publish', headline, body, language: 'en', content_type: '1' });
  assert.equal(saved.status, 303, saved.text);
  return saved.headers.get('location').match(/\/admin\/articles\/(\d+)/)[1];
}

test('tables, strikethrough and bare addresses show in the preview and on the page', async () => {
  const { context, page } = await signIn();
  await page.goto(`${server.url}/admin/articles/new`);
  await page.getByLabel('Headline').fill('Rain returns to the coast');
  await page.getByLabel('Body (Markdown)').fill(GFM_BODY);
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.frameLocator('#preview-frame');
  await preview.locator('article .body table').waitFor();
  assert.equal(await preview.locator('article .body th').first().textContent(), 'City');
  assert.equal(await preview.locator('article .body td').nth(1).textContent(), '12 mm');
  assert.equal(await preview.locator('article .body del').textContent(), 'Tuesday');
  assert.equal(await preview.locator('article .body a[href="https://example.com/forecast"]').count(), 1);
  assert.equal(await preview.locator('h1.headline').textContent(), 'Rain returns to the coast',
    'the preview is the public article template');
  assert.equal(await page.locator('.status').first().textContent(), 'Draft', 'nothing was saved');

  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/saved=publish$/);
  const id = new URL(page.url()).pathname.split('/').pop();
  const html = await (await fetch(`${server.url}/news/${id}`, { redirect: 'follow' })).text();
  assert.match(html, /<th align="left">City<\/th>/);
  assert.match(html, /<td align="right">12 mm<\/td>/);
  assert.match(html, /<del>Tuesday<\/del>/);
  assert.match(html, /<a href="https:\/\/example\.com\/forecast">https:\/\/example\.com\/forecast<\/a>/);
  await context.close();
});

test('the word count follows the typing and agrees with the server', async () => {
  const { context, page } = await signIn();
  await page.goto(`${server.url}/admin/articles/new`);
  const count = page.locator('#word-count');
  assert.equal(await count.textContent(), '0 words · 1 min read');
  await page.getByLabel('Headline').fill('Counting words');
  await page.getByLabel('Summary (the lede)').fill('Ships are back.');
  await page.getByLabel('Body (Markdown)').pressSequentially('The **harbour** reopened');
  assert.equal(await count.textContent(), '6 words · 1 min read');
  await page.getByLabel('Body (Markdown)').fill(`${'word '.repeat(460)}وكلمة أخرى`);
  assert.equal(await count.textContent(), '465 words · 3 min read');
  const typed = await count.textContent();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/saved=save$/);
  assert.equal(await page.locator('#word-count').textContent(), typed,
    'the server counts as the page did');
  await context.close();
});

test('the preview switches between a phone and a desktop width', async () => {
  const { context, page } = await signIn();
  await page.goto(`${server.url}/admin/articles/new`);
  await page.getByLabel('Headline').fill('Narrow and wide');
  await page.getByLabel('Body (Markdown)').fill('Text.');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.frameLocator('#preview-frame').locator('h1.headline').waitFor();
  const frame = page.locator('#preview-frame');
  const inner = () => frame.evaluate((element) => element.contentWindow.innerWidth);
  assert.equal((await frame.boundingBox()).width, 1280);
  assert.equal(await inner(), 1280);
  await page.getByRole('button', { name: /^Phone/ }).click();
  assert.equal((await frame.boundingBox()).width, 390);
  assert.equal(await inner(), 390, 'the theme lays the page out for a phone');
  assert.equal(await page.getByRole('button', { name: /^Phone/ }).getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: /^Desktop/ }).click();
  assert.equal((await frame.boundingBox()).width, 1280);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the editor scrolls sideways by ${overflow}px`);
  await context.close();
});

test('leaving with unsaved changes asks first; saving with Ctrl+S does not', async () => {
  const { context, page } = await signIn();
  const dialogs = dialogsOf(page);
  await page.goto(`${server.url}/admin/articles/new`);
  await page.getByRole('link', { name: 'Articles', exact: true }).click();
  await page.waitForURL(/\/admin\/$/);
  assert.deepEqual(dialogs, [], 'an untouched form leaves without asking');

  await page.goto(`${server.url}/admin/articles/new`);
  await page.getByLabel('Headline').fill('Do not lose me');
  await page.getByRole('link', { name: 'Articles', exact: true }).click();
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, ['beforeunload']);
  assert.match(page.url(), /\/admin\/articles\/new$/, 'dismissing the warning stays');
  assert.equal(await page.getByLabel('Headline').inputValue(), 'Do not lose me');

  await page.getByLabel('Headline').press('Control+s');
  await page.waitForURL(/\/admin\/articles\/\d+\?saved=save$/);
  assert.equal(await page.locator('.flash').textContent(), 'Saved.');
  assert.equal(await page.getByLabel('Headline').inputValue(), 'Do not lose me');
  assert.deepEqual(dialogs, ['beforeunload'], 'saving is not leaving');
  await page.getByRole('link', { name: 'Articles', exact: true }).click();
  await page.waitForURL(/\/admin\/$/);
  assert.deepEqual(dialogs, ['beforeunload'], 'nothing unsaved after the save');
  await context.close();
});

test('the shortcuts are listed, and Ctrl+Shift+P previews without saving', async () => {
  const { context, page } = await signIn();
  await page.goto(`${server.url}/admin/articles/new`);
  const shortcuts = page.locator('#shortcuts');
  assert.match(await shortcuts.textContent(), /S\s+save/);
  assert.match(await shortcuts.textContent(), /Shift\+P\s+preview/);
  assert.match(await shortcuts.textContent(), /Shift\+Enter\s+publish now/);
  await page.getByLabel('Headline').fill('Shortcut preview');
  await page.getByLabel('Body (Markdown)').fill('Seen ~~never~~ now.');
  await page.getByLabel('Body (Markdown)').press('Control+Shift+P');
  await page.frameLocator('#preview-frame').locator('article .body del').waitFor();
  assert.match(page.url(), /\/admin\/articles\/new$/);
  await context.close();
});

test('a writer sees a published article read-only, with the reason', async () => {
  const id = await publishedArticle('Council approves the budget', 'The vote was 7-5.');
  const { context, page } = await signIn('wendy');
  const dialogs = dialogsOf(page);
  await page.goto(`${server.url}/admin/articles/${id}`);
  assert.equal(await page.locator('#read-only').textContent(),
    'You can read this article but not change it: it is published, and only editors change ' +
    'published articles.');
  assert.equal(await page.getByLabel('Headline').inputValue(), 'Council approves the budget');
  assert.ok(await page.getByLabel('Headline').isDisabled());
  assert.ok(await page.getByLabel('Body (Markdown)').isDisabled());
  assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Submit for review' }).count(), 0);
  assert.equal(await page.locator('#preview-frame').count(), 0);
  assert.equal(await page.locator('#shortcuts').count(), 0);
  await page.keyboard.press('Control+s');
  await page.getByRole('link', { name: 'Articles', exact: true }).click();
  await page.waitForURL(/\/admin\/$/);
  assert.deepEqual(dialogs, []);
  await context.close();

  // The server still refuses the writer's save, with the same reason.
  const writer = await signedIn(server.url, 'wendy', PASSWORD);
  const state = await editorState(writer, `/admin/articles/${id}`);
  const refused = await writer.post(`/admin/articles/${id}`, { csrf: state.csrf,
    revision: state.revision, action: 'save', headline: 'Changed', body: 'x' });
  assert.equal(refused.status, 403);
  assert.match(refused.text, /it is published, and only editors change published articles/);
});

test('the preview address renders the public page, saves nothing and may be framed by the newsroom only', async () => {
  const admin = await signedIn(server.url, 'admin', PASSWORD);
  const before = await admin.get('/admin/');
  const state = await editorState(admin, '/admin/articles/new');
  const preview = await admin.post('/admin/articles/new/preview', { csrf: state.csrf, revision: '0',
    headline: 'Only a preview', body: '| a |\n| - |\n| <script>x()</script> |', section: 'Weather' });
  assert.equal(preview.status, 200);
  assert.match(preview.text, /<h1 class="headline">Only a preview<\/h1>/);
  assert.match(preview.text, /<table>/);
  assert.doesNotMatch(preview.text, /<script>x\(\)/);
  assert.match(preview.text, /href="\/section\/weather"/, 'the section as its first save will name it');
  assert.equal(preview.headers.get('x-frame-options'), 'SAMEORIGIN');
  assert.match(preview.headers.get('content-security-policy'), /frame-ancestors 'self'/);
  assert.doesNotMatch(preview.headers.get('content-security-policy'), /unsafe-inline/);
  assert.equal(preview.headers.get('cache-control'), 'private, no-store');
  const after = await admin.get('/admin/');
  assert.doesNotMatch(after.text, /Only a preview/);
  assert.equal((after.text.match(/<tr/g) ?? []).length, (before.text.match(/<tr/g) ?? []).length);
  const refused = await admin.post('/admin/articles/new/preview', { headline: 'No token' });
  assert.equal(refused.status, 403, 'a preview needs the form\'s token like any POST');
  const editor = await admin.get('/admin/articles/new');
  assert.equal(editor.headers.get('x-frame-options'), 'DENY', 'the editor itself is never framed');
});
