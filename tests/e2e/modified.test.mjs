// The modified time (issue 11, item 3): an edit in the newsroom used to keep
// the article's old updated_at, so dateModified, Last-Modified, the Atom
// feed's <updated>, the sitemap's <lastmod> and the newsroom list's
// "Changed" column went stale, and a conditional GET answered 304 for a
// page whose body had changed. Here an article last changed in 2020 is
// edited and every one of those places must move to today.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeSite, startServer } from './helpers.mjs';
import { signedIn, editorState } from './newsroom-client.mjs';

const ADMIN_PASSWORD = 'correct horse battery';
const OLD_TIME = 1577880000; // 2020-01-01T12:00:00Z
let site;
let server;

before(async () => {
  site = makeSite();
  const init = site.run(['init', '--store', site.store],
    { env: { GAZETTE_PASSWORD_LIMITS: 'test', GAZETTE_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  assert.equal(init.status, 0, init.stderr);
  server = await startServer(site);
});

after(async () => {
  await server?.stop();
  site?.remove();
});

// Everything that says when the article last changed, read as a reader
// (and an editor) sees it.
async function modifiedTimes(editor, id, headline) {
  const page = await fetch(`${server.url}/news/${id}`);
  assert.equal(page.status, 200);
  const html = await page.text();
  const atom = await (await fetch(`${server.url}/feed.atom`)).text();
  const sitemap = await (await fetch(`${server.url}/sitemap-articles-1.xml`)).text();
  const list = (await editor.get('/admin/')).text;
  const row = list.split('<tr>').find((cell) => cell.includes(`>${headline}</a>`));
  assert.ok(row, 'the article is in the newsroom list');
  const entry = atom.split('<entry>').find((part) => part.includes(`/news/${id}/`));
  assert.ok(entry, 'the article is in the feed');
  const url = sitemap.split('<url>').find((part) => part.includes(`/news/${id}/`));
  assert.ok(url, 'the article is in the sitemap');
  return {
    html,
    lastModified: page.headers.get('last-modified'),
    dateModified: html.match(/"dateModified":"([^"]+)"/)?.[1],
    atomUpdated: entry.match(/<updated>([^<]+)<\/updated>/)?.[1],
    lastmod: url.match(/<lastmod>([^<]+)<\/lastmod>/)?.[1],
    changed: row.match(/data-label="Changed">([^<]*)</)?.[1],
  };
}

const STORY = 'Harbour bridge closes for repairs\n\nWed Dec 7, 2016 08:09:47\n\n'
  + 'The harbour bridge closes on Monday.\n\nGazette - City\n\nWork starts on Monday.\n';

test('an edit moves the modified time everywhere, and a conditional GET sees the new body', async () => {
  const headline = 'Harbour bridge closes for repairs';
  const imported = site.gazette('import', site.writeFile('story.txt', STORY));
  assert.equal(imported.status, 0, imported.stderr);
  const id = Number(imported.stdout.match(/created article (\d+)/)[1]);
  // As if it had last changed in 2020 (published in 2016, by the file).
  site.sql({
    sqlite: 'UPDATE articles SET updated_at = :t WHERE id = :id',
    postgres: "UPDATE articles SET updated_at = :'t' WHERE id = :'id'",
  }, { t: OLD_TIME, id });
  const editor = await signedIn(server.url, 'admin', ADMIN_PASSWORD);
  const path = `/admin/articles/${id}`;
  const fields = { headline, summary: 'The harbour bridge closes on Monday.', section: 'City',
    dateline: 'Gazette', language: 'en', content_type: '1' };

  const before = await modifiedTimes(editor, id, headline);
  assert.match(before.lastModified, /2020/);
  assert.match(before.dateModified, /^2020-01-01/);
  assert.match(before.atomUpdated, /^2020-01-01/);
  assert.match(before.lastmod, /^2020-01-01/);
  assert.match(before.changed, /^2020-01-01/);
  const cached = await fetch(`${server.url}/news/${id}`,
    { headers: { 'if-modified-since': before.lastModified } });
  assert.equal(cached.status, 304, 'nothing changed yet');

  const state = await editorState(editor, path);
  const edited = await editor.post(path, { ...fields, body: 'Work starts on Tuesday instead.',
    csrf: state.csrf, revision: state.revision, action: 'save' });
  assert.equal(edited.status, 303);

  const today = new Date().toISOString().slice(0, 4);
  const after = await modifiedTimes(editor, id, headline);
  assert.match(after.html, /Work starts on Tuesday instead\./);
  assert.ok(after.lastModified.includes(today) && !after.lastModified.includes('2020'),
    `Last-Modified moved: ${after.lastModified}`);
  for (const name of ['dateModified', 'atomUpdated', 'lastmod', 'changed']) {
    assert.ok(after[name]?.startsWith(today), `${name} moved: ${after[name]}`);
  }
  const conditional = await fetch(`${server.url}/news/${id}`,
    { headers: { 'if-modified-since': before.lastModified } });
  assert.equal(conditional.status, 200, 'the body changed, so no 304');
  assert.match(await conditional.text(), /Work starts on Tuesday instead\./);
});
