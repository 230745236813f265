// The article page in a real browser (Debian's chromium through
// playwright-core): it renders, lays out on a phone without sideways
// scrolling, and a screenshot is saved under the build folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, samplePath, root, buildDir, articleLinks, launchChromium } from './helpers.mjs';

const screenshots = path.join(buildDir, 'screenshots');
let site;
let server;
let browser;

before(async () => {
  site = makeSite();
  site.gazette('init');
  const demoFiles = readdirSync(path.join(root, 'demo')).filter((f) => f.endsWith('.txt'))
    .map((f) => path.join(root, 'demo', f));
  site.gazette('import', samplePath, ...demoFiles);
  server = await startServer(site);
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

async function articleUrl() {
  const home = await (await fetch(`${server.url}/`)).text();
  return server.url + articleLinks(home).find((l) => l.href.includes('militant')).href;
}

test('the article page renders in chromium with its related widget', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const failed = [];
  page.on('requestfailed', (request) => failed.push(request.url()));
  page.on('response', (response) => { if (response.status() >= 400) failed.push(response.url()); });
  await page.goto(await articleUrl(), { waitUntil: 'load' });
  assert.equal(await page.textContent('h1.headline'), "Militant Rocket Attacks Kill 7 in Syria’s Aleppo".replace('’', "'"));
  assert.equal(await page.textContent('time.published'), 'Wed Dec 7, 2016 08:09:47');
  const related = await page.$$eval('.related-item a', (links) => links.map((a) => a.getAttribute('href')));
  assert.ok(related.length >= 2, 'the two related links, automatic ones may follow');
  const images = await page.$$eval('img', (imgs) => imgs.map((img) => ({ src: img.src, ok: img.complete && img.naturalWidth > 0 })));
  assert.ok(images.length >= 2);
  for (const image of images) {
    assert.ok(image.ok, `image loads: ${image.src}`);
  }
  const fontSize = await page.$eval('.body p', (p) => parseFloat(getComputedStyle(p).fontSize));
  assert.ok(fontSize >= 16, `readable body text: ${fontSize}px`);
  assert.deepEqual(failed, [], 'no failed requests');
  await page.screenshot({ path: path.join(screenshots, 'article.png'), fullPage: true });
  await page.close();
});

test('pages fit a phone screen without sideways scrolling', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  for (const url of [await articleUrl(), `${server.url}/`]) {
    await page.goto(url, { waitUntil: 'load' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${url} overflows by ${overflow}px`);
  }
  await page.screenshot({ path: path.join(screenshots, 'home-phone.png'), fullPage: true });
  await page.close();
});

// Right to left: the Arabic demo article fits every width from a small
// phone to a wide desktop (nothing hidden off to one side widens it), its
// skip link still appears on focus, and its date is in Arabic.
test('an Arabic page fits every width and dates in Arabic', async () => {
  const home = await (await fetch(`${server.url}/`)).text();
  const href = home.match(/<article class="card" lang="ar" dir="rtl">[\s\S]*?href="(\/news\/\d+\/[^"]+)"/)[1];
  for (const width of [320, 375, 768, 1280, 1920]) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    for (const url of [server.url + href, `${server.url}/`]) {
      await page.goto(url, { waitUntil: 'load' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${url} at ${width}px overflows by ${overflow}px`);
    }
    if (width === 320) {
      await page.goto(server.url + href, { waitUntil: 'load' });
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      const published = await page.textContent('time.published');
      assert.match(published, /[\u0660-\u0669]{4}/, `Arabic digits in "${published}"`);
      assert.doesNotMatch(published, /[A-Za-z]/, `no English in "${published}"`);
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const box = document.activeElement.getBoundingClientRect();
        return { cls: document.activeElement.className, inside: box.left >= 0 && box.right <= window.innerWidth && box.width > 1 };
      });
      assert.deepEqual(skip, { cls: 'skip-link', inside: true });
      await page.screenshot({ path: path.join(screenshots, 'article-ar-phone.png'), fullPage: true });
    }
    await page.close();
  }
});
