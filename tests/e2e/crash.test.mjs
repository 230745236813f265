// Crash safety of imports: `gazette import` is SIGKILLed at random moments,
// again and again, over a growing set of files (some of them rewritten
// between runs, so updates are killed too). After every kill the SQLite
// file must pass PRAGMA integrity_check; at the end every file the command
// reported as imported must be in the store whole, at the version it
// reported or a later one, and no article may be half-written: its body is
// exactly one version of its file, its related stub, its revisions and its
// audit rows are there, no stub is left without the article that pointed
// at it, and search finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cleanEnv, gazetteBin, makeSite, onPostgres, psql, python, startServer } from './helpers.mjs';

const FILE_COUNT = 240;
const FILES_PER_RUN = 20; // the command reports each file only up to 20
const KILLS_WANTED = 50;
const RUNS_AT_MOST = 150;
const PARAGRAPHS = 8;
// Stubs take ids below every article: a new article gets an id above any
// in use, and would take a later stub's id if stubs counted upwards.
const STUB_TOP = 5_000_000;

// A word only file i's article contains (letters only, so no stemmer or
// number rule changes it).
function uniqueWord(i) {
  let word = '';
  for (let n = i + 26 * 26; n > 0; n = Math.floor(n / 26)) word += String.fromCharCode(97 + (n % 26));
  return `crashword${word}`;
}

function headline(i) {
  return `Crash story ${i} about the harbour`;
}

function body(i, version) {
  const paragraphs = [];
  for (let p = 1; p <= PARAGRAPHS; p++) {
    paragraphs.push(`Paragraph ${p} of story ${i}, version ${version}, on the ${uniqueWord(i)} quay.`);
  }
  return paragraphs;
}

// File i at version in the sample's text format, with one related item
// (a stub the import creates in the same transaction).
function fileText(i, version) {
  const related = JSON.stringify([{ id: String(STUB_TOP - i), sort: '1', contenttypeid: '1',
    pic: '', title: `Background to story ${i}` }]);
  return [
    headline(i), '',
    'Wed Dec 7, 2016 08:09:47', '',
    `The lede of story ${i}.`, '',
    `Crash Desk - Section ${i % 5}`, '',
    ...body(i, version).flatMap((line) => [line, '']),
    'CT - 1', '',
    `string(${Buffer.byteLength(related)}) "${related}"`, '',
  ].join('\n');
}

// Rows of the store, read behind its back: SQLite through Python's sqlite3,
// PostgreSQL through psql, both as JSON.
function query(site, sql) {
  if (onPostgres) {
    const out = psql(site.store, '\\pset tuples_only on\n\\pset format unaligned\n'
      + `SELECT coalesce(json_agg(q), '[]') FROM (${sql}) q;`);
    return JSON.parse(out);
  }
  const script = 'import json, sqlite3, sys\n'
    + 'db = sqlite3.connect(sys.argv[1])\n'
    + 'db.row_factory = sqlite3.Row\n'
    + 'print(json.dumps([dict(r) for r in db.execute(sys.argv[2])]))\n';
  const result = spawnSync(python, ['-c', script, path.join(site.dir, 'gazette.db'), sql],
    { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`sqlite3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function integrityCheck(site) {
  const rows = query(site, 'PRAGMA integrity_check');
  assert.deepEqual(rows.map((row) => Object.values(row)[0]), ['ok']);
  assert.deepEqual(query(site, 'PRAGMA foreign_key_check'), []);
}

// Runs one import of files and SIGKILLs it after delayMs (null: never).
// Resolves with the files it reported as imported and whether it was killed.
function importRun(site, files, delayMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(gazetteBin, ['import', '--store', site.store, ...files],
      { cwd: site.dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const timer = delayMs === null ? null : setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const reported = [...stdout.matchAll(/^(.+): (created|updated|unchanged) article (\d+)/gm)]
        .map((m) => ({ file: m[1], outcome: m[2], id: Number(m[3]) }));
      if (signal === null && code !== 0) {
        reject(new Error(`import failed with ${code}: ${stderr}`));
        return;
      }
      resolve({ reported, killed: signal === 'SIGKILL' });
    });
  });
}

test('imports killed at random moments leave every reported file whole and no half-written article', { timeout: 600_000 }, async () => {
  const site = makeSite();
  try {
    assert.equal(site.gazette('init').status, 0);
    const folder = path.join(site.dir, 'files');
    mkdirSync(folder);
    const version = new Array(FILE_COUNT).fill(1);
    const fileOf = (i) => path.join(folder, `story-${String(i).padStart(4, '0')}.txt`);
    const indexOf = (file) => Number(path.basename(file).match(/\d+/)[0]);
    for (let i = 0; i < FILE_COUNT; i++) writeFileSync(fileOf(i), fileText(i, 1));

    // How long the command takes to start (loading its libraries, libvips'
    // among them) and a clean run of new files set the range of kill
    // moments: after the start, inside the writes.
    const startMs = Math.min(...[0, 1, 2].map(() => {
      const before = Date.now();
      site.gazette('import', '--help');
      return Date.now() - before;
    }));
    const started = Date.now();
    const first = await importRun(site, Array.from({ length: FILES_PER_RUN }, (_, i) => fileOf(i)), null);
    const cleanMs = Date.now() - started;
    assert.equal(first.reported.length, FILES_PER_RUN);
    // The highest version each file was reported imported at.
    const reportedVersion = new Map(first.reported.map((r) => [indexOf(r.file), 1]));

    let kills = 0;
    let runs = 0;
    let expectedMs = cleanMs;
    let midway = 0; // kills after some files of the run were done
    let next = FILES_PER_RUN;
    let random = 12345;
    const rand = () => { random = (random * 1103515245 + 12345) % 2147483648; return random / 2147483648; };
    while (kills < KILLS_WANTED && runs < RUNS_AT_MOST) {
      runs++;
      // Half new files (or the oldest again once all are in), half of
      // them rewritten so the run also updates articles.
      const chosen = [];
      for (let k = 0; k < FILES_PER_RUN; k++) {
        const i = k % 2 === 0 ? next++ % FILE_COUNT : Math.floor(rand() * Math.min(next, FILE_COUNT));
        if (!chosen.includes(i)) chosen.push(i);
      }
      for (const i of chosen) {
        if (rand() < 0.5) writeFileSync(fileOf(i), fileText(i, ++version[i]));
      }
      // A moment inside the run: runs of mostly unchanged files are
      // quicker, so the range follows the last run that completed.
      const delay = startMs + Math.floor(rand() * Math.max(expectedMs - startMs, 1) * 0.9);
      const runStarted = Date.now();
      const run = await importRun(site, chosen.map(fileOf), delay);
      if (run.killed) kills++;
      if (run.killed && run.reported.length > 0 && run.reported.length < chosen.length) midway++;
      if (!run.killed) expectedMs = Date.now() - runStarted;
      for (const r of run.reported) {
        const i = indexOf(r.file);
        reportedVersion.set(i, Math.max(reportedVersion.get(i) ?? 0, version[i]));
      }
      if (!onPostgres) integrityCheck(site);
    }
    assert.ok(kills >= KILLS_WANTED, `only ${kills} of ${runs} runs were killed`);
    // Most kills land amid the writes, not while the command starts.
    assert.ok(midway >= kills / 3, `only ${midway} of ${kills} kills came amid the writes`);

    const articles = query(site, 'SELECT id, headline, body_markdown, is_stub, revision FROM articles');
    const revisions = query(site, 'SELECT article_id, max(revision) AS newest, count(*) AS saved'
      + ' FROM article_revisions GROUP BY article_id');
    const audits = query(site, "SELECT target, count(*) AS rows FROM audit_log WHERE action = 'import'"
      + ' GROUP BY target');
    const revisionsOf = new Map(revisions.map((r) => [Number(r.article_id), r]));
    const auditsOf = new Map(audits.map((a) => [a.target, Number(a.rows)]));
    const links = query(site, 'SELECT article_id, target_id FROM related_links');
    const byHeadline = new Map(articles.filter((a) => !a.is_stub).map((a) => [a.headline, a]));
    const stubs = new Set(articles.filter((a) => a.is_stub).map((a) => Number(a.id)));
    const linked = new Set(links.map((l) => `${l.article_id}>${l.target_id}`));

    // Every file reported imported is there, whole, at that version or later.
    for (const [i, at] of reportedVersion) {
      const article = byHeadline.get(headline(i));
      assert.ok(article, `story ${i} was reported imported but is missing`);
      const found = article.body_markdown.match(/version (\d+)/);
      assert.ok(found && Number(found[1]) >= at, `story ${i} is older than reported`);
    }
    // No article is half-written: its body is one whole version of its
    // file, and its related stub came with it; no stub is an orphan.
    let whole = 0;
    for (const article of byHeadline.values()) {
      const i = Number(article.headline.match(/^Crash story (\d+) /)[1]);
      const v = Number(article.body_markdown.match(/version (\d+)/)[1]);
      assert.equal(article.body_markdown.trim(), body(i, v).join('\n\n'), `story ${i} body`);
      assert.ok(stubs.has(STUB_TOP - i), `story ${i} lacks its related stub`);
      assert.ok(linked.has(`${article.id}>${STUB_TOP - i}`), `story ${i} lacks its related link`);
      // Each import that wrote the article wrote its revision and audit
      // row in the same transaction: as many of each, the newest current.
      const saved = revisionsOf.get(Number(article.id));
      assert.ok(saved, `story ${i} has no revision`);
      assert.equal(Number(saved.newest), Number(article.revision), `story ${i} newest revision`);
      assert.equal(auditsOf.get(`article:${article.id}`), Number(saved.saved), `story ${i} audit rows`);
      whole++;
    }
    for (const stub of stubs) {
      assert.ok(byHeadline.has(headline(STUB_TOP - stub)), `stub ${stub} has no article`);
    }
    assert.ok(whole >= reportedVersion.size);

    // The search index followed each committed file and nothing else.
    const server = await startServer(site, ['--cache-mb', '0']);
    try {
      for (const i of [...reportedVersion.keys()].slice(0, 15)) {
        const response = await fetch(`${server.url}/api/v1/search?q=${uniqueWord(i)}`);
        const results = await response.json();
        assert.equal(results.total, 1, `search for story ${i}`);
      }
    } finally {
      await server.stop();
    }
    console.log(`crash test: ${kills} kills (${midway} amid the writes) in ${runs} runs `
      + `(clean run ${cleanMs} ms), `
      + `${reportedVersion.size} files reported, ${whole} articles whole`);
  } finally {
    site.remove();
  }
});

// The command line's side of the fault walk (the unit tests walk every
// newsroom write): `gazette import` of the sample with its first store
// statement failing, then its second, and so on, until it succeeds. Each
// failure must be one clear line naming the fault, exit 1, and leave the
// store without any article, revision or audit row.
test('an import failing at any statement says so and stores nothing', { timeout: 300_000 }, () => {
  const site = makeSite();
  try {
    assert.equal(site.gazette('init').status, 0);
    const file = site.writeFile('story.txt', fileText(7, 1));
    const counts = () => query(site, 'SELECT (SELECT count(*) FROM articles) AS articles,'
      + ' (SELECT count(*) FROM article_revisions) AS revisions,'
      + ' (SELECT count(*) FROM audit_log) AS audits')[0];
    let failures = 0;
    for (let k = 1; k <= 400; k++) {
      const result = site.run(['import', '--store', site.store, file],
        { env: { GAZETTE_TEST_FAIL_STATEMENT: String(k) } });
      if (result.status === 0) {
        assert.match(result.stdout, /created article \d+/);
        break;
      }
      failures++;
      assert.equal(result.status, 1, `fault ${k}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`injected fault at statement ${k}\\b`), `fault ${k}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, `fault ${k}: one line`);
      assert.deepEqual(Object.values(counts()).map(Number), [0, 0, 0], `fault ${k} left rows`);
    }
    assert.ok(failures >= 10, `only ${failures} statements`);
    const after = counts();
    assert.deepEqual(Object.values(after).map(Number), [2, 1, 1]); // the article and its stub
    console.log(`import fault walk: ${failures} statements, each failed in turn`);
  } finally {
    site.remove();
  }
});
