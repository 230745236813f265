// The newsroom in a real browser (Debian's chromium through playwright-core):
// sign in, write an article, preview it, publish it and find it on the
// public home page; a writer submits and an editor publishes, and the
// article reaches the home page and the RSS feed; an editor appends a
// correction; the pages work without JavaScript and fit a phone.
// Screenshots of the list, the editor and the preview are saved under the
// build folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { makeSite, startServer, buildDir, gazetteBin, cleanEnv, decodeEntities, launchChromium } from './helpers.mjs';
import { signedIn, addSections } from './newsroom-client.mjs';

const screenshots = path.join(buildDir, 'screenshots');
const PASSWORD = 'correct horse battery';
let site;
let server;
let browser;

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
  // The editor names sections that exist: an editor adds them first.
  await addSections(await signedIn(server.url, 'admin', PASSWORD), ['Local']);
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

test('an editor signs in, writes, previews and publishes; readers see it', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/`);
  assert.match(page.url(), /\/admin\/sign-in$/);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);

  await page.getByRole('link', { name: 'New article' }).first().click();
  await page.getByLabel('Headline').fill('Harbour reopens after the storm');
  await page.getByLabel('Summary (the lede)').fill('Ships are back in port.');
  await page.getByLabel('Body (Markdown)').fill('The harbour **reopened** today.\n\nCrews worked all night.');
  await page.getByLabel('Section').fill('Local');
  await page.getByLabel('Tags (separated by commas)').fill('harbour, storm');
  await page.getByRole('button', { name: 'Preview' }).click();
  // The preview is the public page, in a frame beside the form.
  const preview = page.frameLocator('#preview-frame');
  assert.equal(await preview.locator('article .body strong').textContent(), 'reopened');
  assert.equal(await preview.locator('h1.headline').textContent(), 'Harbour reopens after the storm');
  assert.equal(await page.getByLabel('Headline').inputValue(), 'Harbour reopens after the storm',
    'the typed text is kept');
  await page.screenshot({ path: path.join(screenshots, 'newsroom-preview.png'), fullPage: true });

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\?saved=save$/);
  await page.screenshot({ path: path.join(screenshots, 'newsroom-editor.png'), fullPage: true });
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/saved=publish$/);
  assert.match(await page.locator('h1 .status').textContent(), /Published/);

  await page.getByRole('link', { name: 'Articles', exact: true }).click();
  assert.match(await page.locator('table.articles').textContent(), /Harbour reopens after the storm/);
  await page.screenshot({ path: path.join(screenshots, 'newsroom-list.png'), fullPage: true });

  const reader = await browser.newPage();
  await reader.goto(`${server.url}/`);
  assert.match(await reader.content(), /Harbour reopens after the storm/);
  await reader.getByRole('link', { name: /Harbour reopens after the storm/ }).first().click();
  assert.match(await reader.content(), /Crews worked all night/);
  await reader.close();
  await context.close();
});

async function signIn(page, name) {
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
}

test('a writer submits, an editor publishes and corrects; home, feed and page follow', async () => {
  const writerContext = await browser.newContext({ javaScriptEnabled: false });
  const writer = await writerContext.newPage();
  await signIn(writer, 'wendy');
  await writer.goto(`${server.url}/admin/articles/new`);
  assert.equal(await writer.getByRole('button', { name: 'Publish now' }).count(), 0,
    'writers have no publish button');
  await writer.getByLabel('Headline').fill('Lighthouse keeper retires after forty years');
  await writer.getByLabel('Body (Markdown)').fill('She climbed the stairs 29,000 times.');
  await writer.getByRole('button', { name: 'Submit for review' }).click();
  await writer.waitForURL(/\/admin\/articles\/\d+\?saved=submit$/);
  const articlePath = new URL(writer.url()).pathname;
  await writerContext.close();

  const editorContext = await browser.newContext({ javaScriptEnabled: false });
  const editor = await editorContext.newPage();
  await signIn(editor, 'eddie');
  await editor.getByRole('link', { name: 'Lighthouse keeper retires after forty years' }).first().click();
  assert.equal(new URL(editor.url()).pathname, articlePath);
  await editor.getByRole('button', { name: 'Publish now' }).click();
  await editor.waitForURL(/saved=publish$/);

  const home = await (await fetch(`${server.url}/`)).text();
  assert.match(decodeEntities(home), /Lighthouse keeper retires after forty years/);
  const feed = await fetch(`${server.url}/feed.rss`);
  assert.equal(feed.status, 200);
  assert.match(decodeEntities(await feed.text()), /<title>Lighthouse keeper retires after forty years<\/title>/);

  await editor.getByLabel('Kind').selectOption('correction');
  await editor.getByLabel(/^Note/).fill('She climbed them 25,000 times, not 29,000. <b>sorry</b>');
  await editor.getByRole('button', { name: 'Add note' }).click();
  await editor.waitForURL(/saved=correction\+added$/);
  const reader = await browser.newPage();
  await reader.goto(`${server.url}/news/${articlePath.split('/').pop()}`);
  const note = reader.locator('aside.article-notes li');
  assert.match(await note.textContent(), /Correction .*: She climbed them 25,000 times, not 29,000\. <b>sorry<\/b>/);
  assert.equal(await note.locator('b').count(), 0, 'the note is text, not markup');
  await reader.screenshot({ path: path.join(screenshots, 'article-correction.png'), fullPage: true });
  await reader.close();
  await editorContext.close();
});

test('the newsroom fits a phone and Arabic fields run right to left', async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the list scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: path.join(screenshots, 'newsroom-list-phone.png'), fullPage: true });
  await page.goto(`${server.url}/admin/articles/new`);
  await page.getByLabel('Headline').fill('عنوان الخبر');
  await page.getByLabel('Language (en, ar, ...)').fill('ar');
  await page.getByRole('button', { name: 'Preview' }).click();
  assert.equal(await page.getByLabel('Headline').getAttribute('dir'), 'rtl');
  const editorOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(editorOverflow <= 1, `the editor scrolls sideways by ${editorOverflow}px`);
  await context.close();
});

test('with JavaScript: live preview, the related picker and autosave of drafts', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
  await page.goto(`${server.url}/admin/articles/new`);
  await page.getByLabel('Headline').fill('Ferry timetable changes');
  await page.getByLabel('Body (Markdown)').fill('Ferries run *hourly* from Monday.');
  await page.clock.runFor(1000);
  const live = page.frameLocator('#preview-frame');
  await live.locator('article .body em').waitFor();
  assert.equal(await live.locator('article .body em').textContent(), 'hourly');

  const picker = page.getByLabel('Recent articles (pick one to add it)');
  const harbour = await picker.locator('option', { hasText: 'Harbour reopens' }).getAttribute('value');
  await picker.selectOption(harbour);
  assert.equal(await page.getByLabel('Related articles (numbers, in order)').inputValue(), harbour);

  await page.clock.runFor(16_000);
  await page.waitForURL(/\/admin\/articles\/\d+$/);
  await page.locator('#autosave-status', { hasText: 'Draft saved at' }).waitFor();
  await page.screenshot({ path: path.join(screenshots, 'newsroom-autosave.png'), fullPage: true });
  await page.reload();
  assert.equal(await page.getByLabel('Headline').inputValue(), 'Ferry timetable changes');
  assert.equal(await page.getByLabel('Related articles (numbers, in order)').inputValue(), harbour);
  await context.close();
});
