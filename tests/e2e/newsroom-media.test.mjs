// The newsroom's media library in Debian's chromium (issue 12, item 1):
// upload through the file picker and by drag and drop, two files at once;
// an SVG, a text file named .jpg and an oversized picture each refused
// with a clear message and nothing stored; alt text, caption and the
// focal point saved (the focus by clicking the picture) and honoured by
// the crops; search and filters; a CSRF-less upload refused; a writer may
// not delete, an editor deletes an unused item but not a used one; and an
// article whose picture lacks alt text is not published.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, gazetteBin, cleanEnv, launchChromium } from './helpers.mjs';
import { signedIn, editorState } from './newsroom-client.mjs';

const PASSWORD = 'correct horse battery';
let site;
let server;
let browser;
let harbour; // a 900x600 JPEG with a red square near its bottom right corner
let market;  // a 640x480 PNG

function vips(...args) {
  const result = spawnSync('vips', args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `vips ${args.join(' ')}: ${result.stderr}`);
}

// A grey picture with a red square at (left, top) and a blue one in its
// top left corner, written as file.
function picture(file, width, height, left, top) {
  const dir = site.dir;
  vips('black', path.join(dir, 'b.v'), String(width), String(height), '--bands', '3');
  vips('linear', path.join(dir, 'b.v'), path.join(dir, 'g.v'), '1', '128', '--uchar');
  vips('draw_rect', path.join(dir, 'g.v'), '220 20 20', String(left), String(top), '60', '60', '--fill');
  vips('draw_rect', path.join(dir, 'g.v'), '20 20 220', '30', '30', '60', '60', '--fill');
  vips('copy', path.join(dir, 'g.v'), path.join(dir, file));
  return path.join(dir, file);
}

// How much of colour (0 red, 2 blue) the picture holds at most: the
// largest excess of that band over green.
function strongest(bytes, band) {
  const file = path.join(site.dir, 'crop.jpg');
  writeFileSync(file, bytes);
  const v = (name) => path.join(site.dir, name);
  vips('extract_band', file, v('c.v'), String(band));
  vips('extract_band', file, v('g1.v'), '1');
  vips('subtract', v('c.v'), v('g1.v'), v('d.v'));
  const max = spawnSync('vips', ['max', v('d.v')], { encoding: 'utf8' });
  return Number(max.stdout);
}

async function eventually(check, what) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  assert.fail(`${what} did not happen within 10 s`);
}

async function signIn(page, name) {
  await page.goto(`${server.url}/admin/sign-in`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
}

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
  harbour = picture('harbour.jpg', 900, 600, 780, 480);
  market = picture('market.png', 640, 480, 20, 20);
  // New uploads are named like the sample's pictures: the site's prefix.
  server = await startServer(site, ['--media-prefix', 'alalam']);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  site?.remove();
});

async function libraryNames(page) {
  await page.goto(`${server.url}/admin/media`);
  return page.locator('.media-item .media-name').allTextContents();
}

test('pictures are uploaded by file picker and by drag and drop, two at once, with their sizes', async () => {
  const page = await browser.newPage();
  await signIn(page, 'wendy');
  await page.goto(`${server.url}/admin/media`);
  await page.setInputFiles('#upload-files', [harbour, market]);
  await page.locator('#upload-list li.upload-done').nth(1).waitFor();
  assert.equal(await page.locator('#upload-list progress').nth(0).getAttribute('value'), '100');
  assert.deepEqual((await libraryNames(page)).sort(), ['harbour.jpg', 'market.png']);
  const facts = await page.locator('.media-item .media-facts').allTextContents();
  assert.ok(facts.some((text) => text.includes('900×600') && text.includes('image/jpeg')), facts.join());
  assert.ok(facts.some((text) => text.includes('640×480') && text.includes('image/png')), facts.join());

  // Drag and drop: a DataTransfer built in the page from the file's bytes.
  const bytes = [...readFileSync(market)];
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'dropped-market.png', { type: 'image/png' }));
    transfer.items.add(new File([new Uint8Array(data)], 'dropped-again.png', { type: 'image/png' }));
    const zone = document.getElementById('drop-zone');
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await page.locator('#upload-list li.upload-done').nth(1).waitFor();
  const names = await libraryNames(page);
  assert.ok(names.includes('dropped-market.png') && names.includes('dropped-again.png'), names.join());
  assert.equal(names.length, 4);
  // Every new upload is a picture without alt text yet: the library says so.
  assert.equal(await page.locator('.media-item .warning').count(), 4);
  await page.close();
});

test('an SVG, a mislabelled file and an oversized picture are refused with a message, nothing stored', async () => {
  const page = await browser.newPage();
  await signIn(page, 'wendy');
  await page.goto(`${server.url}/admin/media`);
  const before = (await libraryNames(page)).length;
  await page.goto(`${server.url}/admin/media`);
  const svg = site.writeFile('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const text = site.writeFile('photo.jpg', 'this is a letter, not a photograph');
  await page.setInputFiles('#upload-files', [svg, text]);
  await page.locator('#upload-list li.upload-refused').nth(1).waitFor();
  const notes = await page.locator('#upload-list li.upload-refused .upload-note').allTextContents();
  assert.match(notes[0], /SVG/);
  assert.match(notes[1], /not a (picture|type)|not accepted|JPEG/i);
  assert.equal((await libraryNames(page)).length, before);
  await page.close();

  // Over the 40 MB limit: refused from its size, before any decoding (413).
  const client = await signedIn(server.url, 'wendy', PASSWORD);
  const csrf = (await editorState(client, '/admin/media')).csrf;
  const big = Buffer.alloc(41 * 1024 * 1024 - 100, 0xff);
  big.write('\xff\xd8\xff\xe0', 0, 'latin1');
  const response = await fetch(`${server.url}/admin/media/upload`, {
    method: 'POST', body: big,
    headers: { cookie: client.cookieHeader(), 'content-type': 'application/octet-stream', 'x-csrf-token': csrf, 'x-file-name': 'huge.jpg' },
  });
  assert.equal(response.status, 413);
  assert.match((await response.json()).error, /MB|large|size/i);
  const forged = await fetch(`${server.url}/admin/media/upload`, {
    method: 'POST', body: readFileSync(market),
    headers: { cookie: client.cookieHeader(), 'content-type': 'application/octet-stream', 'x-file-name': 'forged.png' },
  });
  assert.equal(forged.status, 403, 'no CSRF token, no upload');
  const page2 = await browser.newPage();
  await signIn(page2, 'wendy');
  assert.equal((await libraryNames(page2)).length, before);
  await page2.close();
});

test('alt text, caption and the clicked focal point are saved, and every crop keeps the subject', async () => {
  const page = await browser.newPage();
  await signIn(page, 'wendy');
  await page.goto(`${server.url}/admin/media?q=harbour`);
  await page.locator('.media-item a').first().click();
  await page.waitForURL(/\/admin\/media\/\d+$/);
  await page.getByLabel(/Alt text/).fill('Ships in the harbour at dawn');
  await page.getByLabel('Caption').fill('The harbour reopened.');
  await page.getByLabel('Credit').fill('Jane Doe/Gazette');
  // Click the blue square in the top left corner (30..90 of 900 across,
  // 30..90 of 600 down), away from the red one libvips' attention finds.
  const image = page.locator('#focus-image');
  await image.waitFor();
  const box = await image.boundingBox();
  await image.click({ position: { x: box.width * (60 / 900), y: box.height * (60 / 600) } });
  assert.ok(await page.locator('#focus-marker').isVisible(), 'the marker shows where the click was');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/saved=1$/);
  assert.equal(await page.getByLabel(/Alt text/).inputValue(), 'Ships in the harbour at dawn');
  assert.equal(await page.getByLabel('Credit').inputValue(), 'Jane Doe/Gazette');
  assert.ok(Math.abs(Number(await page.getByLabel('Across').inputValue()) - 60 / 900) < 0.02);
  assert.ok(Math.abs(Number(await page.getByLabel('Down').inputValue()) - 0.1) < 0.02);
  const stem = (await page.content()).match(/<code>(\d{4}\/\d\d\/\d\d\/alalam_\d+)<\/code>/)[1];

  // Search by caption and by credit finds it; the type filter too.
  await page.goto(`${server.url}/admin/media?q=${encodeURIComponent('JANE doe')}`);
  assert.deepEqual(await page.locator('.media-item .media-name').allTextContents(), ['harbour.jpg']);
  await page.goto(`${server.url}/admin/media?q=${encodeURIComponent('reopened')}`);
  assert.deepEqual(await page.locator('.media-item .media-name').allTextContents(), ['harbour.jpg']);
  await page.goto(`${server.url}/admin/media?kind=video`);
  assert.equal(await page.locator('.media-item').count(), 0);
  await page.close();

  // Every crop keeps the marked patch: the 1x1 crop of the 900x600
  // picture is 600 wide, so around the focus it holds the blue square and
  // not the red one at the far right.
  for (const variant of ['320_1x1.jpg', '640_4x3.webp', '320_16x9.jpg']) {
    const bytes = await eventually(async () => {
      const response = await fetch(`${server.url}/media/${stem}_${variant}`);
      const body = Buffer.from(await response.arrayBuffer());
      return response.status === 200 && strongest(body, 2) > 100 ? body : null;
    }, `the ${variant} crop around the focal point`);
    assert.ok(strongest(bytes, 2) > 100, `${variant}: the blue patch is in`);
    if (variant.includes('1x1')) assert.ok(strongest(bytes, 0) < 60, `${variant}: the red patch is out`);
  }
});

test('a writer cannot delete; an editor deletes an unused item and not a used one', async () => {
  const writer = await signedIn(server.url, 'wendy', PASSWORD);
  const list = await writer.get('/admin/media.json');
  const items = JSON.parse(list.text).items;
  const used = items.find((item) => item.file_name === 'market.png');
  const unused = items.find((item) => item.file_name === 'dropped-again.png');
  const page = await writer.get(`/admin/media/${unused.id}`);
  assert.doesNotMatch(page.text, /Delete from the library/);
  const csrf = page.text.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  assert.equal((await writer.post(`/admin/media/${unused.id}/delete`, { csrf })).status, 403);

  const editor = await signedIn(server.url, 'eddie', PASSWORD);
  const { csrf: editorCsrf } = await editorState(editor, '/admin/articles/new');
  const saved = await editor.post('/admin/articles/new', {
    csrf: editorCsrf, headline: 'Market day', language: 'en', body: 'Stalls.', lead_image: used.reference, action: 'save',
  });
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  const articlePath = saved.headers.get('location').replace(/\?.*/, '');
  const inUse = await editor.post(`/admin/media/${used.id}/delete`, { csrf: editorCsrf });
  assert.equal(inUse.status, 409);
  assert.match(inUse.text, /still uses this picture/);
  const gone = await editor.post(`/admin/media/${unused.id}/delete`, { csrf: editorCsrf });
  assert.equal(gone.status, 303);
  assert.equal((await editor.get(`/admin/media/${unused.id}`)).status, 404);

  // The lead picture has no alt text: the article is not published.
  const state = await editorState(editor, articlePath);
  const publish = await editor.post(articlePath, {
    csrf: state.csrf, revision: state.revision, headline: 'Market day', language: 'en', body: 'Stalls.',
    lead_image: used.reference, action: 'publish',
  });
  assert.equal(publish.status, 422);
  assert.match(publish.text, /Add alt text to these pictures before publishing: market\.png/);
});

test('the library JSON needs a session', async () => {
  const response = await fetch(`${server.url}/admin/media.json`, { redirect: 'manual' });
  assert.equal(response.status, 303);
});

test('a pasted video address becomes an embed with a poster; readers get no player until they click', async () => {
  const page = await browser.newPage();
  await signIn(page, 'eddie');
  await page.goto(`${server.url}/admin/media`);
  const address = page.getByLabel(/Its address/);
  await address.fill('https://example.com/watch?v=dQw4w9WgXcQ');
  await page.getByRole('button', { name: 'Add it to the library' }).click();
  assert.match(await page.locator('#flash').textContent(), /Only YouTube, Vimeo, Dailymotion, X/);
  assert.equal(await address.inputValue(), 'https://example.com/watch?v=dQw4w9WgXcQ', 'the typed address is kept');
  await address.fill('https://youtu.be/dQw4w9WgXcQ?t=42');
  await page.locator('#embed-alt').fill('The storm reaches the coast');
  await page.getByRole('button', { name: 'Add it to the library' }).click();
  await page.waitForURL(/\/admin\/media\/\d+\?saved=1$/);
  const videoId = page.url().match(/media\/(\d+)/)[1];
  assert.match(await page.locator('.media-facts').textContent(), /YouTube video/);

  // The poster is a library picture; the duration is typed as a time.
  const harbourId = await page.evaluate(async () =>
    (await (await fetch('/admin/media.json?q=harbour')).json()).items[0].id);
  await page.getByLabel(/Duration/).fill('3:75');
  await page.getByRole('button', { name: 'Save' }).click();
  assert.match(await page.locator('#flash').textContent(), /duration a time like 3:25/);
  await page.getByLabel(/^Poster/).fill(`media:${harbourId}`);
  await page.getByLabel(/Duration/).fill('3:25');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/saved=1$/);
  assert.equal(await page.getByLabel(/^Poster/).inputValue(), `media:${harbourId}`);
  assert.equal(await page.getByLabel(/Duration/).inputValue(), '3:25');

  // An article leads with it.
  const editor = await signedIn(server.url, 'eddie', PASSWORD);
  const fields = { headline: 'Storm coverage', language: 'en', body: 'The storm arrived at noon.',
    lead_image: `media:${videoId}` };
  const blank = await editorState(editor, '/admin/articles/new');
  const created = await editor.post('/admin/articles/new', { csrf: blank.csrf, revision: '0', ...fields, action: 'save' });
  assert.equal(created.status, 303, created.text.slice(0, 300));
  const articlePath = created.headers.get('location').replace(/\?.*/, '');
  const saved = await editorState(editor, articlePath);
  const published = await editor.post(articlePath, { csrf: saved.csrf, revision: saved.revision, ...fields, action: 'publish' });
  assert.equal(published.status, 303, published.text.slice(0, 300));
  const publicUrl = `${server.url}/news/${articlePath.match(/(\d+)$/)[1]}`;

  // Readers get a poster and a link: the player's address only in data-embed-src.
  const response = await fetch(publicUrl);
  const html = await response.text();
  assert.match(html, /data-embed-src="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ\?autoplay=1"/);
  assert.match(html, /href="https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ"/);
  assert.match(html, /Play the video: The storm reaches the coast/);
  assert.doesNotMatch(html, /<iframe/);
  assert.match(response.headers.get('content-security-policy'), /frame-src https:\/\/www\.youtube-nocookie\.com/);
  const graph = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)]
    .map((match) => JSON.parse(match[1]));
  const text = JSON.stringify(graph);
  assert.match(text, /"@type":"VideoObject"/, text.slice(0, 400));
  assert.match(text, /"embedUrl":"https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ/);
  assert.match(text, /"duration":"PT3M25S"/);
  assert.match(text, /"thumbnailUrl":\[[^\]]*alalam_\d+_1200_16x9/);

  // In the browser, nothing is asked of YouTube until the reader clicks.
  const reader = await browser.newPage();
  const elsewhere = [];
  reader.on('request', (request) => {
    if (!request.url().startsWith(server.url)) elsewhere.push(request.url());
  });
  await reader.goto(publicUrl);
  await reader.locator('.embed-poster img').waitFor();
  assert.equal(await reader.locator('iframe').count(), 0);
  assert.deepEqual(elsewhere, []);
  await reader.locator('.embed-poster').click();
  const frame = reader.locator('figure iframe.embed-frame');
  await frame.waitFor({ state: 'attached' });
  assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1');
  await reader.close();

  // The poster is used by the article through the video: not deleted.
  const csrf = (await editorState(editor, `/admin/media/${harbourId}`)).csrf;
  const refused = await editor.post(`/admin/media/${harbourId}/delete`, { csrf });
  assert.equal(refused.status, 409);
  await page.close();
});

test('the article editor uploads a lead picture in place, with its alt text, and picks it', async () => {
  const page = await browser.newPage();
  await signIn(page, 'wendy');
  await page.goto(`${server.url}/admin/articles/new`);
  await page.getByRole('button', { name: 'Choose from the library' }).click();
  const dialog = page.locator('#media-picker');
  await dialog.getByLabel('Alt text').fill('A market stall at noon');
  await dialog.getByLabel('File').setInputFiles(picture('stall.jpg', 800, 600, 400, 300));
  await page.waitForFunction(() => /^media:\d+$/.test(document.getElementById('lead_image').value));
  assert.equal(await dialog.isVisible(), false, 'the picker closes on the new picture');
  const reference = await page.locator('#lead_image').inputValue();
  const item = await page.evaluate(async (id) => {
    const list = await (await fetch('/admin/media.json?q=stall.jpg')).json();
    return list.items.find((entry) => entry.reference === id);
  }, reference);
  assert.equal(item.file_name, 'stall.jpg');
  assert.equal(item.alt, 'A market stall at noon');

  // A refused file says why inside the picker and picks nothing.
  await page.getByRole('button', { name: 'Choose from the library' }).click();
  await dialog.getByLabel('File').setInputFiles(site.writeFile('notes.jpg', 'not a picture at all'));
  await dialog.locator('.upload-refused').waitFor();
  assert.equal(await page.locator('#lead_image').inputValue(), reference);
  await page.close();
});
