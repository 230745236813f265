// Feeds, sitemaps and structured data, checked by the clients that consume
// them: xmllint against the sitemap protocol's schemas, Debian's
// python3-feedparser for RSS and Atom, the JSON Feed 1.1 rules for
// /feed.json, and Chromium's DOM for the JSON-LD, Open Graph, Twitter and
// discovery tags of the pages. The site holds the sample and two crafted
// articles published within the last 48 hours, whose headlines and bodies
// carry & < " ’ and Arabic script; one gets a lead image and, with the
// Arabic one, a tag (neither can be imported yet, so they are written into
// the store file as the newsroom would set them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, samplePath, root, articleLinks, launchChromium, python } from './helpers.mjs';

const schemas = path.resolve(root, '../shared/conformance/sitemaps');
const siteUrl = 'http://127.0.0.1:8080'; // the default [site] url: absolute links use it

const hardHeadline = 'Q&A: “Rates < 5%” say Smith & O’Neil "exactly" </script>';
const hardLede = 'Tom & Jerry <b>say</b> ‘hi’ to the markets.';
const arabicHeadline = 'حلب: «السوق» يفتح أبوابه & <اليوم>';
const sampleHeadline = "Militant Rocket Attacks Kill 7 in Syria's Aleppo";
const hardPicture = '/2026/01/02/market stall.jpg';
const samplePicture = '/2016/12/07/aleppo_rockets.jpg';

// Publication times within the news window, in the sample's format (UTC:
// the test server runs with the default zone).
const hardPublished = new Date(Math.floor(Date.now() / 1000 - 2 * 3600) * 1000);
const arabicPublished = new Date(Math.floor(Date.now() / 1000 - 5 * 3600) * 1000);

function sampleTime(date) {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()} `
    + `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

const rfc3339 = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

let site;
let server;
let browser;
const articles = {}; // name -> { id, path, url }

function writeArticle(name, lines) {
  return site.writeFile(name, `${lines.join('\n\n')}\n`);
}

// Sets what the newsroom owns and the importer cannot write yet: lead
// images and a tag, the way the store writes them (article_tags carries
// copies of the ordering columns).
const imagesAndTagSql = {
  sqlite: [
    "UPDATE articles SET lead_image = :hard WHERE headline LIKE 'Q&A:%'",
    "UPDATE articles SET lead_image = :sample WHERE headline LIKE 'Militant%'",
    "INSERT INTO tags (slug, name) VALUES ('markets-money', 'Markets & Money')",
    `INSERT INTO article_tags (article_id, tag_id, position, published_at, sort_key, live)
      SELECT id, (SELECT id FROM tags WHERE slug = 'markets-money'), 0, published_at, sort_key,
      status = 3 AND is_stub = 0 FROM articles WHERE headline LIKE 'Q&A:%' OR language = 'ar'`,
  ],
  postgres: `
    UPDATE articles SET lead_image = :'hard' WHERE headline LIKE 'Q&A:%';
    UPDATE articles SET lead_image = :'sample' WHERE headline LIKE 'Militant%';
    INSERT INTO tags (slug, name) VALUES ('markets-money', 'Markets & Money');
    INSERT INTO article_tags (article_id, tag_id, position, published_at, sort_key, live)
      SELECT id, (SELECT id FROM tags WHERE slug = 'markets-money'), 0, published_at, sort_key,
      (status = 3 AND is_stub = 0)::integer FROM articles
      WHERE headline LIKE 'Q&A:%' OR language = 'ar';`,
};

function setImagesAndTag() {
  site.sql(imagesAndTagSql, { hard: hardPicture, sample: samplePicture });
  for (const picture of [hardPicture, samplePicture]) {
    const file = path.join(site.dir, 'media', picture);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
  }
}

before(async () => {
  site = makeSite('gazette-feeds-');
  assert.equal(site.gazette('init').status, 0);
  const hard = writeArticle('hard.txt', [
    hardHeadline, sampleTime(hardPublished), hardLede, 'Gazette Desk - World',
    'Fish & chips “now” <cheap> at the quay, said the O’Neil family.',
    'A second paragraph with "straight" quotes & an ampersand.', 'XX - 1',
  ]);
  const arabic = writeArticle('arabic.txt', [
    arabicHeadline, sampleTime(arabicPublished),
    'أعاد التجار فتح متاجرهم في السوق القديم بعد سنوات من الترميم.', 'مكتب التحرير - World',
    'قال أحد التجار إن «السوق عاد إلى الحياة» & إن الزوار يعودون تدريجياً.',
  ]);
  const imported = site.gazette('import', samplePath, hard, arabic);
  assert.equal(imported.status, 0, imported.stderr);
  setImagesAndTag();
  server = await startServer(site);
  browser = await launchChromium();
  const home = await (await fetch(`${server.url}/`)).text();
  for (const [name, pattern] of [['hard', /\/q-a-rates/], ['arabic', /\/news\/\d+\/%D8%AD|\/news\/\d+\/حلب/],
    ['sample', /militant-rocket-attacks/]]) {
    const link = articleLinks(home).find((l) => pattern.test(l.href));
    assert.ok(link, `the home page links the ${name} article`);
    articles[name] = { id: link.id, path: link.href, url: new URL(link.href, siteUrl).href };
  }
});

after(async () => {
  await browser?.close();
  const stopped = server ? await server.stop() : { code: 0 };
  site?.remove();
  assert.equal(stopped.code, 0, 'the server stops cleanly');
});

async function get(pathname) {
  const response = await fetch(`${server.url}${pathname}`);
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers,
    text: await response.text() };
}

// ---- content types -------------------------------------------------------------

test('each output has its status and Content-Type', async () => {
  const expected = {
    '/feed.rss': 'application/rss+xml; charset=utf-8',
    '/feed.atom': 'application/atom+xml; charset=utf-8',
    '/feed.json': 'application/feed+json; charset=utf-8',
    '/section/world/feed.rss': 'application/rss+xml; charset=utf-8',
    '/section/world/feed.atom': 'application/atom+xml; charset=utf-8',
    '/section/world/feed.json': 'application/feed+json; charset=utf-8',
    '/tag/markets-money/feed.rss': 'application/rss+xml; charset=utf-8',
    '/tag/markets-money/feed.json': 'application/feed+json; charset=utf-8',
    '/sitemap.xml': 'application/xml; charset=utf-8',
    '/sitemap-articles-1.xml': 'application/xml; charset=utf-8',
    '/sitemap-sections.xml': 'application/xml; charset=utf-8',
    '/sitemap-news.xml': 'application/xml; charset=utf-8',
    '/robots.txt': 'text/plain; charset=utf-8',
    '/tag/markets-money': 'text/html; charset=utf-8',
    '/static/logo.png': 'image/png',
  };
  for (const [pathname, type] of Object.entries(expected)) {
    const response = await get(pathname);
    assert.equal(response.status, 200, pathname);
    assert.equal(response.type, type, pathname);
  }
  for (const missing of ['/tag/no-such-tag', '/tag/no-such-tag/feed.rss', '/section/nowhere/feed.atom',
    '/sitemap-articles-2.xml', '/sitemap-articles-0.xml', '/feed.xml']) {
    assert.equal((await get(missing)).status, 404, missing);
  }
});

test('the publisher logo is a 600x60 PNG', async () => {
  const bytes = Buffer.from(await (await fetch(`${server.url}/static/logo.png`)).arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(bytes.readUInt32BE(16), 600);
  assert.equal(bytes.readUInt32BE(20), 60);
});

// ---- sitemaps and robots.txt ---------------------------------------------------------

function xmllint(schema, name, text) {
  const file = site.writeFile(name, text);
  const result = spawnSync('xmllint', ['--noout', '--schema', path.join(schemas, schema), file],
    { encoding: 'utf8' });
  assert.equal(result.status, 0, `${name} against ${schema}: ${result.stderr}`);
  assert.match(result.stderr, /validates/);
}

const locs = (xml) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
const local = (url) => url.replace(siteUrl, '');

test('every sitemap validates against the protocol schemas', async () => {
  const index = await get('/sitemap.xml');
  xmllint('siteindex.xsd', 'sitemap.xml', index.text);
  const listed = locs(index.text).map(local);
  assert.deepEqual(listed, ['/sitemap-sections.xml', '/sitemap-articles-1.xml', '/sitemap-news.xml']);
  for (const pathname of listed) {
    const { text, status } = await get(pathname);
    assert.equal(status, 200, pathname);
    // Article and news sitemaps use the image and news extensions, whose
    // schemas the base schema needs loaded to check them strictly.
    const schema = pathname === '/sitemap-sections.xml' ? 'sitemap.xsd' : 'urlset-with-extensions.xsd';
    xmllint(schema, pathname.slice(1), text);
  }
});

test('the article sitemap lists live articles with lastmod and their pictures', async () => {
  const { text } = await get('/sitemap-articles-1.xml');
  const urls = locs(text);
  for (const name of ['hard', 'arabic', 'sample']) {
    assert.ok(urls.includes(articles[name].url), `${name} listed: ${articles[name].url}`);
  }
  assert.ok(!text.includes('/news/1892278/'), 'stubs are not listed');
  assert.match(articles.arabic.url, /\/news\/\d+\/%D8%AD%D9%84%D8%A8/, 'non-ASCII slugs are percent-encoded');
  const hardEntry = text.match(new RegExp(`<url><loc>${articles.hard.url}</loc>(.*?)</url>`))[1];
  assert.match(hardEntry, /<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/lastmod>/);
  assert.match(hardEntry, /<image:image><image:loc>http:\/\/127\.0\.0\.1:8080\/media\/2026\/01\/02\/market%20stall\.jpg<\/image:loc><\/image:image>/);
  // lastmod is the last update: the import, later than the sample's 2016 publication.
  const sampleEntry = text.match(new RegExp(`<url><loc>${articles.sample.url}</loc>(.*?)</url>`))[1];
  const lastmod = new Date(sampleEntry.match(/<lastmod>([^<]+)<\/lastmod>/)[1]);
  assert.ok(Date.now() - lastmod.getTime() < 3600e3, `sample lastmod is its import: ${lastmod.toISOString()}`);
});

test('the news sitemap holds only the last 48 hours', async () => {
  const { text } = await get('/sitemap-news.xml');
  const urls = locs(text);
  assert.deepEqual(urls, [articles.hard.url, articles.arabic.url]);
  const entry = (url) => text.match(new RegExp(`<url><loc>${url}</loc>(.*?)</url>`))[1];
  assert.equal(entry(articles.hard.url),
    '<news:news><news:publication><news:name>Gazette</news:name><news:language>en</news:language>'
    + `</news:publication><news:publication_date>${rfc3339(hardPublished)}</news:publication_date>`
    + '<news:title>Q&amp;A: “Rates &lt; 5%” say Smith &amp; O’Neil &quot;exactly&quot; &lt;/script&gt;'
    + '</news:title></news:news>');
  assert.match(entry(articles.arabic.url), /<news:language>ar<\/news:language>/);
  assert.match(entry(articles.arabic.url), new RegExp(`<news:publication_date>${rfc3339(arabicPublished)}<`));
  assert.match(entry(articles.arabic.url), /<news:title>حلب: «السوق» يفتح أبوابه &amp; &lt;اليوم&gt;<\/news:title>/);
});

test('the section sitemap lists the home page and every section', async () => {
  const urls = locs((await get('/sitemap-sections.xml')).text).map(local);
  assert.equal(urls[0], '/');
  assert.ok(urls.includes('/section/world'));
  assert.ok(urls.includes('/section/syria'));
});

test('robots.txt points at the sitemap index', async () => {
  const { text } = await get('/robots.txt');
  assert.match(text, /^User-agent: \*$/m);
  assert.match(text, /^Sitemap: http:\/\/127\.0\.0\.1:8080\/sitemap\.xml$/m);
  assert.doesNotMatch(text, /^Disallow: \/$/m);
});

// ---- RSS and Atom through feedparser ---------------------------------------------------

const feedparserScript = `
import json, sys, time, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
iso = lambda t: time.strftime('%Y-%m-%dT%H:%M:%SZ', t) if t else None
print(json.dumps({
  'bozo': int(d.bozo), 'problem': str(d.get('bozo_exception', '')), 'version': d.version,
  'title': d.feed.get('title'), 'link': d.feed.get('link'),
  'entries': [{
    'title': e.get('title'), 'title_type': e.get('title_detail', {}).get('type'),
    'link': e.get('link'), 'id': e.get('id'),
    'published': iso(e.get('published_parsed')), 'updated': iso(e.get('updated_parsed')),
    'summary': e.get('summary'), 'summary_type': e.get('summary_detail', {}).get('type'),
    'content': [c.value for c in e.get('content', [])],
    'tags': [t.term for t in e.get('tags', [])],
    'authors': [a.get('name') for a in e.get('authors', [])],
    'media': [m.get('url') for m in e.get('media_content', [])],
    'enclosures': [l.href for l in e.get('links', []) if l.get('rel') == 'enclosure'],
  } for e in d.entries]}))
`;

async function parseFeed(pathname) {
  const { text } = await get(pathname);
  const result = spawnSync(python, ['-c', feedparserScript], { input: text, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const parsed = JSON.parse(result.stdout);
  assert.equal(parsed.bozo, 0, `${pathname}: ${parsed.problem}`);
  return parsed;
}

const byTitle = (feed, title) => feed.entries.find((e) => e.title === title);

test('feedparser reads the RSS feed with the exact titles, links, dates and content', async () => {
  const feed = await parseFeed('/feed.rss');
  assert.equal(feed.version, 'rss20');
  assert.equal(feed.title, 'Gazette');
  assert.equal(feed.link, `${siteUrl}/`);
  assert.deepEqual(feed.entries.map((e) => e.title), [hardHeadline, arabicHeadline, sampleHeadline],
    'newest first, each title exactly as written');
  const hard = byTitle(feed, hardHeadline);
  assert.equal(hard.link, articles.hard.url);
  assert.equal(hard.id, `${siteUrl}/news/${articles.hard.id}`);
  assert.equal(hard.published, rfc3339(hardPublished));
  assert.equal(hard.summary, 'Tom &amp; Jerry &lt;b&gt;say&lt;/b&gt; ‘hi’ to the markets.');
  assert.match(hard.content[0], /^<p>Fish &amp; chips “now” &lt;cheap&gt; at the quay, said the O’Neil family\.<\/p>/);
  assert.deepEqual(hard.tags, ['World', 'Markets & Money']);
  assert.deepEqual(hard.media, [`${siteUrl}/media/2026/01/02/market%20stall.jpg`]);
  const arabic = byTitle(feed, arabicHeadline);
  assert.equal(arabic.link, articles.arabic.url);
  assert.match(arabic.content[0], /«السوق عاد إلى الحياة» &amp; إن الزوار/);
  const sample = byTitle(feed, sampleHeadline);
  assert.equal(sample.published, '2016-12-07T08:09:47Z');
  assert.match(sample.content[0], /“The sponsors of terrorists in the US, UK and France/);
});

test('feedparser reads the Atom feed with text titles, tag URIs and HTML content', async () => {
  const feed = await parseFeed('/feed.atom');
  assert.equal(feed.version, 'atom10');
  assert.equal(feed.title, 'Gazette');
  const hard = byTitle(feed, hardHeadline);
  assert.ok(hard, JSON.stringify(feed.entries.map((e) => e.title)));
  assert.equal(hard.title_type, 'text/plain');
  assert.equal(hard.link, articles.hard.url);
  assert.equal(hard.id, `tag:127.0.0.1,${new Date().getUTCFullYear()}:article:${articles.hard.id}`);
  assert.equal(hard.published, rfc3339(hardPublished));
  assert.ok(hard.updated >= hard.published);
  assert.equal(hard.summary, hardLede);
  assert.equal(hard.summary_type, 'text/plain');
  assert.match(hard.content[0], /Fish &amp; chips “now” &lt;cheap&gt;/);
  assert.deepEqual(hard.enclosures, [`${siteUrl}/media/2026/01/02/market%20stall.jpg`]);
  assert.equal(byTitle(feed, arabicHeadline).link, articles.arabic.url);
  assert.equal(byTitle(feed, sampleHeadline).published, '2016-12-07T08:09:47Z');
});

test('section and tag feeds hold only their articles', async () => {
  const world = await parseFeed('/section/world/feed.atom');
  assert.equal(world.title, 'World · Gazette');
  assert.deepEqual(world.entries.map((e) => e.title), [hardHeadline, arabicHeadline]);
  const syria = await parseFeed('/section/syria/feed.rss');
  assert.deepEqual(syria.entries.map((e) => e.title), [sampleHeadline]);
  const tag = await parseFeed('/tag/markets-money/feed.rss');
  assert.equal(tag.title, 'Markets & Money · Gazette');
  assert.deepEqual(tag.entries.map((e) => e.title), [hardHeadline, arabicHeadline]);
});

// ---- JSON Feed 1.1 ---------------------------------------------------------------------

test('the JSON Feed has the required members with the right types', async () => {
  const { text } = await get('/feed.json');
  const feed = JSON.parse(text);
  assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
  assert.equal(typeof feed.title, 'string');
  assert.equal(feed.home_page_url, `${siteUrl}/`);
  assert.equal(feed.feed_url, `${siteUrl}/feed.json`);
  assert.ok(Array.isArray(feed.items));
  assert.ok(Array.isArray(feed.authors) && typeof feed.authors[0].name === 'string');
  for (const item of feed.items) {
    assert.equal(typeof item.id, 'string');
    assert.ok(typeof item.content_html === 'string' || typeof item.content_text === 'string');
    assert.equal(typeof item.url, 'string');
    assert.equal(typeof item.title, 'string');
    assert.match(item.date_published, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(!Number.isNaN(Date.parse(item.date_modified)));
    assert.ok(Array.isArray(item.tags) && item.tags.every((t) => typeof t === 'string'));
  }
  const hard = feed.items.find((item) => item.id === `${siteUrl}/news/${articles.hard.id}`);
  assert.equal(hard.title, hardHeadline);
  assert.equal(hard.summary, hardLede);
  assert.equal(hard.url, articles.hard.url);
  assert.equal(hard.image, `${siteUrl}/media/2026/01/02/market%20stall.jpg`);
  assert.equal(hard.date_published, rfc3339(hardPublished));
  const arabic = feed.items.find((item) => item.title === arabicHeadline);
  assert.equal(arabic.language, 'ar');
});

// ---- structured data and meta tags in Chromium -------------------------------------------

async function headOf(pathname) {
  const page = await browser.newPage();
  await page.goto(`${server.url}${pathname}`, { waitUntil: 'load' });
  const head = await page.evaluate(() => ({
    title: document.title,
    jsonLd: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent)),
    scripts: [...document.scripts].map((s) => (s.src ? new URL(s.src).pathname : s.type)),
    canonical: document.querySelector('link[rel="canonical"]')?.href,
    og: Object.fromEntries([...document.querySelectorAll('meta[property]')].map((m) => [m.getAttribute('property'), m.content])),
    twitter: Object.fromEntries([...document.querySelectorAll('meta[name^="twitter:"]')].map((m) => [m.name, m.content])),
    feeds: [...document.querySelectorAll('head link[rel="alternate"]')].map((l) => ({ type: l.type, title: l.title, href: l.href })),
    headline: document.querySelector('h1')?.textContent,
  }));
  await page.close();
  return head;
}

test('the article page carries NewsArticle JSON-LD with every required property', async () => {
  const head = await headOf(articles.hard.path);
  assert.equal(head.headline, hardHeadline, 'the headline is text on the page');
  assert.deepEqual(head.scripts, ['application/ld+json', 'application/ld+json', head.scripts[2]],
    '"</script>" in the headline closes no script and opens none');
  assert.match(head.scripts[2], /^\/static\/breaking\.[0-9a-f]{12}\.js$/);
  const article = head.jsonLd.find((item) => item['@type'] === 'NewsArticle');
  assert.ok(article, JSON.stringify(head.jsonLd));
  assert.equal(article['@context'], 'https://schema.org');
  assert.equal(article.headline, hardHeadline);
  assert.equal(article.datePublished, rfc3339(hardPublished));
  assert.ok(Date.parse(article.dateModified) >= Date.parse(article.datePublished));
  assert.ok(article.author.length >= 1 && article.author[0].name, JSON.stringify(article.author));
  assert.equal(article.author[0].name, 'Gazette Desk');
  assert.equal(article.publisher.name, 'Gazette');
  assert.equal(article.publisher.logo['@type'], 'ImageObject');
  assert.equal(article.publisher.logo.url, `${siteUrl}/static/logo.png`);
  assert.deepEqual(article.image, [`${siteUrl}/media/2026/01/02/market%20stall.jpg`]);
  assert.equal(article.articleSection, 'World');
  assert.equal(article.inLanguage, 'en');
  assert.equal(article.mainEntityOfPage['@id'], head.canonical);
  assert.equal(head.canonical, articles.hard.url);
  const crumbs = head.jsonLd.find((item) => item['@type'] === 'BreadcrumbList');
  assert.deepEqual(crumbs.itemListElement.map((step) => step.name), ['Gazette', 'World', hardHeadline]);
});

test('the article page has Open Graph and Twitter cards and discovery links', async () => {
  const head = await headOf(articles.hard.path);
  assert.equal(head.og['og:type'], 'article');
  assert.equal(head.og['og:title'], hardHeadline);
  assert.equal(head.og['og:description'], hardLede);
  assert.equal(head.og['og:url'], head.canonical);
  assert.equal(head.og['og:site_name'], 'Gazette');
  assert.equal(head.og['og:image'], `${siteUrl}/media/2026/01/02/market%20stall.jpg`);
  assert.equal(head.og['article:published_time'], rfc3339(hardPublished));
  assert.equal(head.og['article:section'], 'World');
  assert.equal(head.twitter['twitter:card'], 'summary_large_image');
  assert.equal(head.twitter['twitter:title'], hardHeadline);
  assert.equal(head.twitter['twitter:image'], head.og['og:image']);
  const feeds = head.feeds.map((f) => `${f.type} ${f.href}`);
  for (const expected of ['application/rss+xml /feed.rss', 'application/atom+xml /feed.atom',
    'application/feed+json /feed.json', 'application/rss+xml /section/world/feed.rss']) {
    const [type, pathname] = expected.split(' ');
    assert.ok(feeds.includes(`${type} ${siteUrl}${pathname}`), `${expected} in ${feeds}`);
  }
});

test('the video sample is a NewsArticle with a VideoObject; the Arabic one is in Arabic', async () => {
  const sample = await headOf(articles.sample.path);
  const article = sample.jsonLd.find((item) => item['@type'] === 'NewsArticle');
  assert.equal(article.headline, sampleHeadline);
  assert.equal(article.datePublished, '2016-12-07T08:09:47Z');
  assert.equal(article.author[0].name, 'Alalam');
  assert.equal(article.articleSection, 'Syria');
  assert.equal(article.video['@type'], 'VideoObject');
  assert.deepEqual(article.video.thumbnailUrl, [`${siteUrl}/media/2016/12/07/aleppo_rockets.jpg`]);
  assert.equal(article.video.uploadDate, '2016-12-07T08:09:47Z');
  const arabic = await headOf(articles.arabic.path);
  const arabicArticle = arabic.jsonLd.find((item) => item['@type'] === 'NewsArticle');
  assert.equal(arabicArticle.headline, arabicHeadline);
  assert.equal(arabicArticle.inLanguage, 'ar');
  assert.deepEqual(arabicArticle.image, [`${siteUrl}/static/logo.png`], 'no picture: the logo');
  assert.equal(arabic.og['og:title'], arabicHeadline);
  assert.equal(arabic.twitter['twitter:card'], 'summary');
});

test('fronts carry WebSite or BreadcrumbList and the feeds they follow', async () => {
  const home = await headOf('/');
  const website = home.jsonLd.find((item) => item['@type'] === 'WebSite');
  assert.equal(website.url, `${siteUrl}/`);
  assert.equal(website.potentialAction['@type'], 'SearchAction');
  assert.equal(website.potentialAction.target.urlTemplate, `${siteUrl}/search?q={search_term_string}`);
  assert.equal(website.potentialAction['query-input'], 'required name=search_term_string');
  assert.equal(home.og['og:type'], 'website');
  assert.deepEqual(home.feeds.map((f) => f.type), ['application/rss+xml', 'application/atom+xml', 'application/feed+json']);

  const section = await headOf('/section/world');
  const crumbs = section.jsonLd.find((item) => item['@type'] === 'BreadcrumbList');
  assert.deepEqual(crumbs.itemListElement.map((step) => step.item), [`${siteUrl}/`, `${siteUrl}/section/world`]);
  assert.ok(section.feeds.some((f) => f.href === `${siteUrl}/section/world/feed.json`));

  const tag = await headOf('/tag/markets-money');
  assert.equal(tag.headline, 'Markets & Money');
  assert.equal(tag.title, 'Markets & Money · Gazette');
  assert.equal(tag.canonical, `${siteUrl}/tag/markets-money`);
  assert.ok(tag.feeds.some((f) => f.href === `${siteUrl}/tag/markets-money/feed.atom`));
  const tagHtml = (await get('/tag/markets-money')).text;
  const listed = articleLinks(tagHtml).map((l) => l.id);
  assert.ok(listed.includes(articles.hard.id) && listed.includes(articles.arabic.id));
  assert.ok(!listed.includes(articles.sample.id));
});

// ---- the page cache ----------------------------------------------------------------------

test('feeds and sitemaps go through the page cache with their tags', async () => {
  for (const [pathname, tags] of [['/feed.rss', ['feeds', 'home']], ['/section/world/feed.json', ['feeds']],
    ['/tag/markets-money/feed.atom', ['feeds']], ['/sitemap-news.xml', ['feeds']], ['/robots.txt', ['feeds']],
    ['/tag/markets-money', ['sections']]]) {
    const first = await get(pathname);
    const second = await get(pathname);
    assert.equal(second.text, first.text, pathname);
    const keys = (second.headers.get('surrogate-key') ?? '').split(' ');
    for (const tag of tags) {
      assert.ok(keys.includes(tag), `${pathname} tagged ${tag}: ${keys}`);
    }
    if (pathname.startsWith('/tag/')) {
      assert.ok(keys.some((k) => /^tag:\d+$/.test(k)), `${pathname}: ${keys}`);
    }
    if (pathname.startsWith('/section/')) {
      assert.ok(keys.some((k) => /^section:\d+$/.test(k)), `${pathname}: ${keys}`);
    }
  }
  // An edited headline reaches the cached feeds and sitemaps.
  const before = await get('/feed.atom');
  assert.match(before.text, /O’Neil &quot;exactly&quot;/);
  const edited = readFileSync(path.join(site.dir, 'hard.txt'), 'utf8').replace('O’Neil "exactly"', 'O’Neil "precisely"');
  const file = site.writeFile('hard-edited.txt', edited);
  // The file's identity is its headline and time: the edit makes a new article.
  const result = site.gazette('import', file);
  assert.equal(result.status, 0, result.stderr);
  const started = Date.now();
  for (const pathname of ['/feed.atom', '/feed.rss', '/sitemap-news.xml']) {
    for (;;) {
      const { text } = await get(pathname);
      if (text.includes('O’Neil &quot;precisely&quot;')) {
        break;
      }
      assert.ok(Date.now() - started < 2000, `${pathname} still stale after two seconds`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
});
