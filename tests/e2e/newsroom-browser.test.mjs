// The newsroom in a real browser (Debian's chromium through playwright-core):
// sign in, write an article, preview it, publish it and find it on the
// public home page; the pages work without JavaScript and fit a phone.
// Screenshots of the list, the editor and the preview are saved under the
// build folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { makeSite, startServer, buildDir } from './helpers.mjs';

const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
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
  server = await startServer(site);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
  const preview = page.locator('section.preview');
  assert.equal(await preview.locator('strong').textContent(), 'reopened');
  assert.equal(await page.getByLabel('Headline').inputValue(), 'Harbour reopens after the storm',
    'the typed text is kept');
  await page.screenshot({ path: path.join(screenshots, 'newsroom-preview.png'), fullPage: true });

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\?saved=save$/);
  await page.screenshot({ path: path.join(screenshots, 'newsroom-editor.png'), fullPage: true });
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForURL(/saved=publish$/);
  assert.match(await page.locator('h1 .status').textContent(), /published/);

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
  const live = page.locator('#live-preview');
  await live.locator('em').waitFor();
  assert.equal(await live.locator('em').textContent(), 'hourly');

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
