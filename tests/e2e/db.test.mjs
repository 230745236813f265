// `gazette db`: migrate and status on a new store (status changes nothing
// and tells pending migrations by its exit status), URLs shown without
// passwords, one-line usage mistakes, and copy: an imported site moved to
// a new SQLite file and, when GAZETTE_TEST_PG is set, to a fresh
// PostgreSQL database, with the counts checked and the same article page
// served from the copy as from the original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, samplePath, root, python, articleLinks, decodeEntities, cleanEnv,
  gazetteBin } from './helpers.mjs';

const testPg = process.env.GAZETTE_TEST_PG || '';
const demoFiles = readdirSync(path.join(root, 'demo')).filter((f) => f.endsWith('.txt'))
  .map((f) => path.join(root, 'demo', f));
const sample = readFileSync(samplePath, 'utf8');
const sampleRelated = JSON.parse(sample.match(/string\(\d+\) "(.*)"\s*$/s)[1]);

// Runs SQL on a SQLite file behind the store's back.
function sqlite(file, statement) {
  const script = 'import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1])\n'
    + 'db.execute(sys.argv[2])\ndb.commit()\n';
  const result = spawnSync(python, ['-c', script, file, statement], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

// Runs gazette in dir with text on its standard input.
function runWithInput(dir, args, input, env = {}) {
  const result = spawnSync(gazetteBin, args, { cwd: dir, input, encoding: 'utf8',
    env: { ...cleanEnv(), ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function psql(url, script) {
  const result = spawnSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'],
    { input: script, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, `psql: ${result.stderr}`);
  return result.stdout;
}

// A new, empty PostgreSQL database beside the test cluster's, dropped by
// drop(); its URL is the cluster's with the database name replaced.
function makePgDatabase() {
  const name = `gazette_copy_${randomBytes(6).toString('hex')}`;
  psql(testPg, `CREATE DATABASE ${name}`);
  return {
    url: testPg.replace(/^(postgres(?:ql)?:\/\/[^/?]*\/)[^?]*/, `$1${name}`),
    drop: () => psql(testPg, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

function assertOneLine(result, status, pattern, what) {
  assert.equal(result.status, status, `${what}: ${result.stderr}`);
  assert.match(result.stderr, pattern, what);
  assert.equal(result.stderr.trim().split('\n').length, 1, `one line for ${what}`);
}

test('db migrate and db status on a new store', () => {
  const site = makeSite();
  try {
    const file = path.join(site.dir, 'new.db');
    const store = `sqlite:${file}`;
    const missing = site.run(['db', 'status', '--store', store]);
    assertOneLine(missing, 1, /^gazette db: no store at .*new\.db/, 'status of a missing file');
    assert.equal(existsSync(file), false, 'status creates nothing');

    const migrated = site.run(['db', 'migrate', '--store', store]);
    assert.equal(migrated.status, 0, migrated.stderr);
    const [, latest] = migrated.stdout.match(/^migrated sqlite:.*new\.db from schema version 0 to (\d+)\n$/);
    const again = site.run(['db', 'migrate', '--store', store]);
    assert.equal(again.status, 0);
    assert.equal(again.stdout, `${store} is up to date (schema version ${latest})\n`);

    const status = site.run(['db', 'status', '--store', store]);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`^store: +${store.replace(/[.]/g, '\\.')}$`, 'm'));
    assert.match(status.stdout, /^backend: +sqlite$/m);
    assert.match(status.stdout, new RegExp(`^schema: +version ${latest}, up to date$`, 'm'));
    assert.match(status.stdout, /^articles: +0 \(0 live\)$/m);

    // A deploy script tells pending migrations (3) and a newer database (4).
    sqlite(file, `DELETE FROM schema_migrations WHERE version = ${latest}`);
    const pending = site.run(['db', 'status', '--store', store]);
    assert.equal(pending.status, 3);
    assert.match(pending.stdout, /1 migration pending \(run 'gazette db migrate'\)/);
    sqlite(file, `INSERT INTO schema_migrations VALUES (${latest}, 0), (${Number(latest) + 5}, 0)`);
    const newer = site.run(['db', 'status', '--store', store]);
    assert.equal(newer.status, 4);
    assert.match(newer.stdout, /newer than this program's/);
    const refused = site.run(['db', 'migrate', '--store', store]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /newer than this program's/);

    const help = site.run(['db', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: gazette db migrate/);
    assert.match(help.stdout, /3 migrations are pending/);
    assert.match(site.run(['--help']).stdout, /^ {2}db +/m);
  } finally {
    site.remove();
  }
});

test('db status on PostgreSQL never shows the password', () => {
  const site = makeSite();
  try {
    // Nothing listens on port 1: the message names the store, without its password.
    const store = 'postgresql://editor:s3cret@127.0.0.1:1/news?password=s3cret&connect_timeout=2';
    const result = site.run(['db', 'status', '--store', store]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^gazette db: postgresql:\/\/editor@127\.0\.0\.1:1\/news\?connect_timeout=2: /);
    assert.doesNotMatch(result.stderr + result.stdout, /s3cret/);
    if (testPg) {
      // The cluster trusts local connections: the password is ignored.
      const withPassword = testPg.replace(/:\/\/([^@/:]+)@/, '://$1:s3cret@');
      assert.notEqual(withPassword, testPg);
      const status = site.run(['db', 'status', '--store', withPassword]);
      assert.ok([0, 3].includes(status.status), status.stderr);
      assert.match(status.stdout, /^store: +postgres(ql)?:\/\/[^:@/]+@/m);
      assert.match(status.stdout, /^backend: +postgresql$/m);
      assert.doesNotMatch(status.stdout + status.stderr, /s3cret/);
    }
  } finally {
    site.remove();
  }
});

test('db mistakes give one line and exit status 2', () => {
  const site = makeSite();
  try {
    const cases = [
      [['db'], /missing action \(migrate, status or copy/],
      [['db', 'frobnicate'], /unknown action 'frobnicate'/],
      [['db', 'copy', '--from', 'sqlite:a.db'], /copy needs --from URL and --to URL/],
      [['db', 'copy', '--from', 'sqlite:a.db', '--to', 'sqlite:a.db'], /name the same store/],
      [['db', 'copy', '--store', 'sqlite:b.db', '--from', 'sqlite:a.db', '--to', 'sqlite:c.db'], /not --store/],
      [['db', 'status', '--to', 'sqlite:a.db'], /only copy takes --from and --to/],
      [['db', 'copy', '--from'], /'--from' needs a value/],
      [['db', 'migrate', '--bogus'], /unknown option '--bogus'/],
    ];
    for (const [args, pattern] of cases) {
      assertOneLine(site.run(args), 2, pattern, args.join(' '));
    }
    const noSource = site.run(['db', 'copy', '--from', 'sqlite:absent.db', '--to', 'sqlite:new.db']);
    assertOneLine(noSource, 1, /no store at absent\.db/, 'a missing source');
    assert.equal(existsSync(path.join(site.dir, 'absent.db')), false);
    assert.equal(existsSync(path.join(site.dir, 'new.db')), false, 'nothing made before the checks');

    // A target with an older schema is a store in use (or a typo): copy does not migrate it.
    for (const name of ['source.db', 'old.db']) {
      assert.equal(site.run(['db', 'migrate', '--store', `sqlite:${name}`]).status, 0);
    }
    sqlite(path.join(site.dir, 'old.db'),
      'DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)');
    const old = site.run(['db', 'copy', '--from', 'sqlite:source.db', '--to', 'sqlite:old.db']);
    assertOneLine(old, 1, /the target sqlite:old\.db has schema version \d+, older than this program's/,
      'an old target');
    assert.equal(site.run(['db', 'status', '--store', 'sqlite:old.db']).status, 3, 'still not migrated');
  } finally {
    site.remove();
  }
});

// ---- copy ------------------------------------------------------------------

// The page of the sample article, from a server on store.
async function samplePage(dir, store) {
  const server = await startServer({ dir, store });
  try {
    const home = await (await fetch(`${server.url}/`)).text();
    const link = articleLinks(home).find((l) => l.href.includes('militant-rocket-attacks'));
    assert.ok(link, 'the home page links the sample article');
    const response = await fetch(`${server.url}${link.href}`);
    assert.equal(response.status, 200);
    const search = await (await fetch(`${server.url}/search?q=aleppo+rocket`)).text();
    return { path: link.href, html: await response.text(), search };
  } finally {
    await server.stop();
  }
}

function statusLines(site, store) {
  const status = site.run(['db', 'status', '--store', store]);
  assert.equal(status.status, 0, status.stderr);
  return status.stdout.split('\n').filter((line) => /^(articles|sections|accounts):/.test(line));
}

async function copySiteTo(target) {
  const site = makeSite();
  try {
    const source = `sqlite:${path.join(site.dir, 'source.db')}`;
    const imported = site.run(['import', '--store', source, samplePath, ...demoFiles]);
    assert.equal(imported.status, 0, imported.stderr);
    const added = runWithInput(site.dir, ['user', 'add', 'alice', '--role', 'editor',
      '--password-stdin', '--store', source], 'correct horse battery\n',
    { GAZETTE_PASSWORD_LIMITS: 'test' });
    assert.equal(added.status, 0, added.stderr);
    const url = target.url ?? `sqlite:${path.join(site.dir, 'copy.db')}`;

    const copied = site.run(['db', 'copy', '--from', source, '--to', url]);
    assert.equal(copied.status, 0, copied.stderr);
    assert.equal(copied.stderr, '', 'no progress lines off a terminal');
    const articles = copied.stdout.match(/^articles +(\d+) +(\d+)$/m);
    assert.ok(articles, copied.stdout);
    assert.equal(articles[1], articles[2]);
    assert.ok(Number(articles[1]) >= 1 + demoFiles.length);
    assert.match(copied.stdout, /^users +1 +1$/m);
    assert.match(copied.stdout, /^count check: every table matches/m);
    assert.match(copied.stdout, /^search index rebuilt in/m);
    assert.doesNotMatch(copied.stdout, /related articles rebuilt/, 'the lists are copied');
    assert.deepEqual(statusLines(site, url), statusLines(site, source));

    const original = await samplePage(site.dir, source);
    const copy = await samplePage(site.dir, url);
    assert.equal(copy.path, original.path);
    assert.equal(copy.html, original.html, 'the same page, related widget included');
    const widget = decodeEntities(copy.html.match(/<aside class="related"[\s\S]*?<\/aside>/)?.[0] ?? '');
    for (const item of sampleRelated) {
      assert.ok(widget.includes(item.title.replace(/^VIDEO: /, '')), `related item ${item.id}`);
    }
    assert.ok(copy.search.includes(`href="${copy.path}"`), 'the copy is searchable');

    // The target is no longer empty: a second copy is refused and changes nothing.
    const again = site.run(['db', 'copy', '--from', source, '--to', url]);
    assertOneLine(again, 1, /the target is not empty \(sections has \d+ rows\)/, 'a second copy');
    assert.deepEqual(statusLines(site, url), statusLines(site, source));
  } finally {
    site.remove();
  }
}

test('db copy moves an imported site to a new SQLite store', async () => {
  await copySiteTo({});
});

test('db copy moves an imported site to PostgreSQL', { skip: !testPg && 'GAZETTE_TEST_PG is not set' },
  async () => {
    const database = makePgDatabase();
    try {
      await copySiteTo(database);
    } finally {
      database.drop();
    }
  });
