// Pictures and video from the store (issue 12): the sample's legacy paths
// parsed and served, a placeholder until the file arrives and the picture
// as soon as it does, each derivative decoded back to the size, format and
// ratio its name asks for, sizes the theme does not declare refused, a
// video's original served with byte ranges, `gazette media gc`, and (on
// PostgreSQL) a second node serving what the first one made.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, samplePath, onPostgres, articleLinks, gazetteBin, cleanEnv } from './helpers.mjs';
import { signedIn, editorState } from './newsroom-client.mjs';

const STEM = '2016/12/03/alalam_636163786258551197';
const LEGACY = `/media/${STEM}_25f_4x3.jpg`; // as the sample's related item carries it
const VIDEO_STEM = '2026/11/30/gazette_639316368000000000';

let site;
let server;
let originals;
let videoBytes;
let articlePath;

function vips(...args) {
  const result = spawnSync('vips', args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `vips ${args.join(' ')}: ${result.stderr}`);
}

// width x height, format: what vipsheader reads back from the bytes.
function header(bytes, name) {
  const file = path.join(site.dir, name);
  writeFileSync(file, bytes);
  const result = spawnSync('vipsheader', ['-f', 'width', file], { encoding: 'utf8' });
  const height = spawnSync('vipsheader', ['-f', 'height', file], { encoding: 'utf8' });
  const loader = spawnSync('vipsheader', ['-f', 'vips-loader', file], { encoding: 'utf8' });
  return { width: Number(result.stdout), height: Number(height.stdout), loader: loader.stdout.trim() };
}

// A 1600x1200 grey JPEG at the sample's legacy path, and a fake MP4 (an
// ftyp box, then 3 MiB of numbered bytes) named by a video's stem.
function makeOriginals() {
  originals = path.join(site.dir, 'originals');
  mkdirSync(path.join(originals, '2016/12/03'), { recursive: true });
  mkdirSync(path.join(originals, '2026/11/30'), { recursive: true });
  const black = path.join(site.dir, 'black.v');
  vips('black', black, '1600', '1200', '--bands', '3');
  vips('linear', black, path.join(originals, `${STEM}_25f_4x3.jpg`), '1', '128', '--uchar');
  const box = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
  const payload = Buffer.alloc(3 * 1024 * 1024 + 12345);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + (i >> 11)) & 0xff;
  videoBytes = Buffer.concat([box, payload]);
  writeFileSync(path.join(originals, `${VIDEO_STEM}.mp4`), videoBytes);
}

async function eventually(check, what) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${what} did not happen within 10 s`);
}

before(async () => {
  site = makeSite();
  assert.equal(site.gazette('init').status, 0);
  const imported = site.gazette('import', samplePath);
  assert.equal(imported.status, 0, imported.stderr);
  makeOriginals();
  // The sample's first related picture as its lead too (an editor's
  // choice the text format cannot carry).
  site.sql({
    sqlite: "UPDATE articles SET lead_image = :path WHERE is_stub = 0",
    postgres: "UPDATE articles SET lead_image = :'path' WHERE is_stub = 0;",
  }, { path: LEGACY.slice('/media'.length) });
  server = await startServer(site);
  const home = await (await fetch(`${server.url}/`)).text();
  articlePath = articleLinks(home).find((l) => l.href.includes('militant-rocket-attacks')).href;
});

const relatedPictures = (html) => [...html.matchAll(/<li class="related-item">[\s\S]*?<img[^>]*src="([^"]+)"/g)].map((m) => m[1]);

after(async () => {
  if (server) assert.equal((await server.stop()).code, 0);
  site?.remove();
});

test('a cached article page shows placeholders until the files are imported, then the pictures at once', async () => {
  const page = await (await fetch(`${server.url}${articlePath}`)).text();
  assert.equal(relatedPictures(page)[0], '/static/placeholder.svg');
  assert.doesNotMatch(page, /<picture>/, 'no picture before its file is there');
  assert.match(page, /<meta name="robots" content="[^"]*max-image-preview:large/);
  await fetch(`${server.url}${articlePath}`); // now cached

  const result = site.gazette('media', 'import', originals);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  // Every declared size of the picture is made before the command ends
  // (3 ratios x 6 widths x WebP, JPEG and AVIF where libvips writes it),
  // so no reader waits for one; the video has none.
  const made = result.stdout.match(/made (\d+) derivatives in \d+ s \((\d+) stored in all\)/);
  assert.ok(made, result.stdout);
  assert.ok(Number(made[1]) >= 36 && Number(made[1]) % 18 === 0, made[0]);
  assert.equal(made[2], made[1]);

  const after = await eventually(async () => {
    const html = await (await fetch(`${server.url}${articlePath}`)).text();
    return html.includes('<picture>') ? html : null;
  }, 'the cached page showing the picture');
  assert.equal(relatedPictures(after)[0], LEGACY, 'the related item shows its picture');
  // The lead: sources by format, srcset of declared widths, a box of the
  // ratio, fetched first.
  const figure = after.match(/<picture>[\s\S]*?<\/picture>/)[0];
  assert.match(figure, /<source type="image\/webp" srcset="[^"]*\/media\/2016\/12\/03\/alalam_636163786258551197_640_16x9\.webp\?v=\d+ 640w/);
  assert.match(figure, /<img [^>]*src="\/media\/2016\/12\/03\/alalam_636163786258551197_\d+_16x9\.jpg\?v=\d+"/);
  assert.match(figure, /width="\d+" height="\d+"/);
  const [, width, height] = figure.match(/width="(\d+)" height="(\d+)"/);
  assert.equal(Math.round((Number(width) / Number(height)) * 9), 16, 'the 16x9 box');
  assert.match(figure, /fetchpriority="high"/);
  assert.doesNotMatch(figure, /\b2048w/, 'never wider than the 1600-pixel original');
  // Social cards and structured data use the 1200-wide derivatives.
  assert.match(after, /<meta property="og:image" content="http[^"]+\/media\/2016\/12\/03\/alalam_636163786258551197_1200_16x9\.jpg[^"]*">/);
  const ld = JSON.parse(after.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)[1]);
  const article = [ld].flat().find((node) => /Article/.test(node['@type']));
  assert.equal(article.image.length, 3);
  assert.deepEqual(article.image.map((url) => url.match(/_1200_(\d+x\d+)\.jpg/)[1]), ['16x9', '4x3', '1x1']);
  // Feeds carry the lead as media:content with its type and size.
  const rss = await eventually(async () => {
    const text = await (await fetch(`${server.url}/feed.rss`)).text();
    return text.includes('<media:content') ? text : null;
  }, 'the feed carrying the picture');
  assert.match(rss, /<media:content medium="image" url="http[^"]+\/media\/2016\/12\/03\/alalam_636163786258551197_1200_16x9\.jpg\?v=\d+" type="image\/jpeg" width="1200" height="675"\/>/);
  const card = await fetch(article.image[0].replace(/^https?:\/\/[^/]+/, server.url));
  assert.equal(card.status, 200);
  assert.equal(header(Buffer.from(await card.arrayBuffer()), 'card.jpg').width, 1200);
});

test('a picture whose file is not there is a placeholder; one that is, an immutable derivative', async () => {
  const missing = await fetch(`${server.url}/media/2016/12/05/alalam_636165517958626126_25f_4x3.jpg`);
  assert.equal(missing.status, 200);
  assert.match(missing.headers.get('content-type'), /^image\/svg\+xml/);
  assert.equal(missing.headers.get('cache-control'), 'no-cache');
  await missing.arrayBuffer();
  const again = site.gazette('media', 'import', originals);
  assert.match(again.stdout, /0 stored, 2 kept \(a larger file was there\)/, 'importing again changes nothing');

  const picture = await eventually(async () => {
    const response = await fetch(`${server.url}${LEGACY}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    return response.headers.get('content-type') === 'image/jpeg' ? { response, bytes } : null;
  }, 'the picture replacing the placeholder');
  assert.equal(picture.response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.match(picture.response.headers.get('etag'), /^"[0-9a-f]+"$/);
  // The old site's size code "25f" is read as the theme's default width.
  const size = header(picture.bytes, 'legacy.jpg');
  assert.equal(size.width, 640);
  assert.equal(size.height, 480);
  const revalidated = await fetch(`${server.url}${LEGACY}`, { headers: { 'if-none-match': picture.response.headers.get('etag') } });
  assert.equal(revalidated.status, 304);
});

test('every declared size is made as its name says, and nothing else', async () => {
  const cases = [
    ['320_16x9.jpg', 320, 180, 'jpegload'],
    ['640_1x1.webp', 640, 640, 'webpload'],
    ['1200_16x9.jpg', 1200, 675, 'jpegload'],
    ['1024_4x3.webp', 1024, 768, 'webpload'],
  ];
  for (const [variant, width, height, loader] of cases) {
    const response = await fetch(`${server.url}/media/${STEM}_${variant}`);
    assert.equal(response.status, 200, variant);
    const read = header(Buffer.from(await response.arrayBuffer()), variant);
    assert.deepEqual(read, { width, height, loader }, variant);
  }
  // Never upscaled: the 1600-pixel original gives its own width at 2048.
  const wide = await fetch(`${server.url}/media/${STEM}_2048_4x3.jpg`);
  assert.equal(header(Buffer.from(await wide.arrayBuffer()), 'wide.jpg').width, 1600);
  for (const bad of [`${STEM}_777_16x9.jpg`, `${STEM}_640_5x4.jpg`]) {
    assert.equal((await fetch(`${server.url}/media/${bad}`)).status, 404, bad);
  }
  assert.equal((await fetch(`${server.url}/media/${STEM}.jpg`)).status, 404,
    "a picture's original, with its metadata, is never served");
});

test("a video's original is served with byte ranges", async () => {
  const url = `${server.url}/media/${VIDEO_STEM}.mp4`;
  const whole = await fetch(url);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  assert.equal(whole.headers.get('content-type'), 'video/mp4');
  assert.ok(Buffer.from(await whole.arrayBuffer()).equals(videoBytes), 'the whole file, byte for byte');
  const size = videoBytes.length;
  const ranges = [
    ['bytes=0-99', 0, 99],
    [`bytes=${1024 * 1024 - 10}-${1024 * 1024 + 10}`, 1024 * 1024 - 10, 1024 * 1024 + 10], // across parts
    ['bytes=2000000-', 2000000, size - 1],
    ['bytes=-500', size - 500, size - 1],
    [`bytes=100-${size + 1000}`, 100, size - 1],
  ];
  for (const [range, first, last] of ranges) {
    const response = await fetch(url, { headers: { range } });
    assert.equal(response.status, 206, range);
    assert.equal(response.headers.get('content-range'), `bytes ${first}-${last}/${size}`, range);
    const body = Buffer.from(await response.arrayBuffer());
    assert.ok(body.equals(videoBytes.subarray(first, last + 1)), `${range}: the right bytes`);
  }
  const beyond = await fetch(url, { headers: { range: `bytes=${size}-` } });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.headers.get('content-range'), `bytes */${size}`);
  const etag = whole.headers.get('etag');
  assert.equal((await fetch(url, { headers: { 'if-none-match': etag } })).status, 304);
  const stale = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"other"' } });
  assert.equal(stale.status, 200, 'a changed file is sent whole');
  await stale.arrayBuffer();
});

test('media gc removes derivatives the theme no longer declares, dry run first', () => {
  site.sql({
    sqlite: ["INSERT INTO media_files (media_id, variant, mime, width, height, byte_count, etag, made_at) SELECT id, '999_2x1.jpg', 'image/jpeg', 999, 500, 0, 'x', 0 FROM media WHERE stem = :stem"],
    postgres: "INSERT INTO media_files (media_id, variant, mime, width, height, byte_count, etag, made_at) SELECT id, '999_2x1.jpg', 'image/jpeg', 999, 500, 0, 'x', 0 FROM media WHERE stem = :'stem';",
  }, { stem: STEM });
  const dry = site.gazette('media', 'gc', '--dry-run');
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /would delete derivative 999_2x1\.jpg/);
  assert.doesNotMatch(dry.stdout, /640_1x1\.webp/);
  const real = site.gazette('media', 'gc');
  assert.equal(real.status, 0, real.stderr);
  assert.match(real.stdout, /deleted derivative 999_2x1\.jpg/);
  assert.match(real.stdout, /deleted 1 derivatives and 0 items/);
  const again = site.gazette('media', 'gc');
  assert.match(again.stdout, /deleted 0 derivatives and 0 items/);
});

test('a second node on the same PostgreSQL serves the pictures the first one made and took in', { skip: !onPostgres && 'PostgreSQL only' }, async () => {
  const other = await startServer(site);
  try {
    const variant = `/media/${STEM}_320_16x9.jpg`;
    const first = await fetch(`${server.url}${variant}`);
    const second = await fetch(`${other.url}${variant}`);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('etag'), first.headers.get('etag'));
    assert.ok(Buffer.from(await second.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer())));
    const video = await fetch(`${other.url}/media/${VIDEO_STEM}.mp4`, { headers: { range: 'bytes=5-9' } });
    assert.equal(video.status, 206);
    assert.ok(Buffer.from(await video.arrayBuffer()).equals(videoBytes.subarray(5, 10)));

    // A picture uploaded through node A's newsroom is served by node B,
    // which shares no disk with it: the same bytes under the same ETag.
    const added = spawnSync(gazetteBin, ['user', 'add', 'pat', '--role', 'editor', '--password-stdin',
      '--store', site.store], { cwd: site.dir, env: { ...cleanEnv(), GAZETTE_PASSWORD_LIMITS: 'test' },
      input: 'correct horse battery\n', encoding: 'utf8', timeout: 60_000 });
    assert.equal(added.status, 0, added.stderr);
    const client = await signedIn(server.url, 'pat', 'correct horse battery');
    const { csrf } = await editorState(client, '/admin/media');
    const black = path.join(site.dir, 'upload.v');
    vips('black', black, '1280', '960', '--bands', '3');
    vips('linear', black, path.join(site.dir, 'upload.jpg'), '1', '90', '--uchar');
    const uploaded = await fetch(`${server.url}/admin/media/upload`, {
      method: 'POST', body: readFileSync(path.join(site.dir, 'upload.jpg')),
      headers: { cookie: client.cookieHeader(), 'content-type': 'application/octet-stream',
        'x-csrf-token': csrf, 'x-file-name': 'upload.jpg' },
    });
    assert.equal(uploaded.status, 201);
    const { stem } = await uploaded.json();
    const onB = await eventually(async () => {
      const response = await fetch(`${other.url}/media/${stem}_640_4x3.jpg`);
      return response.status === 200 && response.headers.get('content-type') === 'image/jpeg' ? response : null;
    }, 'node B serving the upload');
    const bytesOnB = Buffer.from(await onB.arrayBuffer());
    assert.deepEqual(header(bytesOnB, 'on-b.jpg'), { width: 640, height: 480, loader: 'jpegload' });
    const onA = await fetch(`${server.url}/media/${stem}_640_4x3.jpg`);
    assert.equal(onA.headers.get('etag'), onB.headers.get('etag'));
    assert.ok(Buffer.from(await onA.arrayBuffer()).equals(bytesOnB));
  } finally {
    assert.equal((await other.stop()).code, 0);
  }
});
