// The command line: help, version, one-line errors with status 2, the
// configuration's order of precedence, and import's all-or-nothing files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeSite, samplePath, startServer, onPostgres } from './helpers.mjs';

test('--help and --version', () => {
  const site = makeSite();
  try {
    const help = site.run(['--help']);
    assert.equal(help.status, 0);
    for (const command of ['init', 'serve', 'import']) {
      assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
    }
    const version = site.run(['--version']);
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^gazette \d+\.\d+\.\d+\n$/);
    for (const command of ['init', 'serve', 'import']) {
      const sub = site.run([command, '--help']);
      assert.equal(sub.status, 0, command);
      assert.match(sub.stdout, new RegExp(`^usage: gazette ${command}`), command);
      assert.match(sub.stdout, /--store/);
    }
  } finally {
    site.remove();
  }
});

test('mistakes give one line and exit status 2', () => {
  const site = makeSite();
  try {
    const cases = [
      [['frobnicate'], /^gazette: unknown command 'frobnicate'/],
      [['serve', '--bogus'], /^gazette serve: unknown option '--bogus'/],
      [['serve', '-x'], /^gazette serve: unknown option '-x'/],
      [['serve', '--threads', 'many'], /threads.*whole number/],
      [['serve', '--listen', 'nowhere'], /listen/],
      [['serve', '--store'], /needs a value/],
      [['import'], /missing argument/],
      [['init', 'extra'], /unexpected argument/],
      [['init', '--config', 'missing.ini'], /missing\.ini/],
      [['serve', '--store', 'ftp://x'], null],
    ];
    for (const [args, message] of cases) {
      const result = site.run(args);
      if (message === null) {
        assert.notEqual(result.status, 0, args.join(' '));
        assert.match(result.stderr, /unknown store URL scheme/);
        continue;
      }
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}`);
    }
  } finally {
    site.remove();
  }
});

// It names SQLite files to see which setting wins: nothing of it depends on
// the backend under test.
const sqliteOnly = onPostgres && 'names SQLite stores; the same on either backend';

test('configuration: gazette.ini, then GAZETTE_* variables, then flags', { skip: sqliteOnly }, () => {
  const site = makeSite();
  try {
    site.writeFile('gazette.ini', '[store]\nurl = sqlite:from-ini.db\n\n[site]\nname = Ini Times\n');
    assert.match(site.run(['init']).stdout, /sqlite:from-ini\.db/);
    const env = { GAZETTE_STORE: 'sqlite:from-env.db' };
    assert.match(site.run(['init'], { env }).stdout, /sqlite:from-env\.db/);
    assert.match(site.run(['init', '--store', 'sqlite:from-flag.db'], { env }).stdout, /sqlite:from-flag\.db/);
    site.writeFile('other.ini', '[store]\nurl = sqlite:from-other.db\n');
    assert.match(site.run(['init', '--config', 'other.ini']).stdout, /sqlite:from-other\.db/);
    site.writeFile('bad.ini', '[store]\nurl = sqlite:x.db\nnonsense = 1\n');
    const bad = site.run(['init', '--config', 'bad.ini']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad\.ini:3: unknown option 'store\.nonsense'/);
    const badEnv = site.run(['init'], { env: { GAZETTE_THREADS: '-5' } });
    assert.equal(badEnv.status, 2);
    assert.match(badEnv.stderr, /GAZETTE_THREADS/);
  } finally {
    site.remove();
  }
});

test('import: twice changes nothing; a malformed file names its line and stores nothing', async () => {
  const site = makeSite();
  try {
    const first = site.gazette('import', samplePath);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /created article \d+ \(2 related stubs created\)/);
    const second = site.gazette('import', samplePath);
    assert.equal(second.status, 0);
    assert.match(second.stdout, /unchanged article \d+ \(0 related stubs created\)/);

    const sample = readFileSync(samplePath, 'utf8');
    const wrongLength = site.writeFile('wrong-length.txt', sample.replace('string(378)', 'string(377)')
      .replace('Militant Rocket Attacks', 'Other Rocket Attacks').replace('1892278', '7777777'));
    const badTime = site.writeFile('bad-time.txt', sample.replace('Wed Dec 7, 2016 08:09:47', 'yesterday at noon'));
    const result = site.gazette('import', wrongLength, badTime);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /wrong-length\.txt:\d+: .*378|wrong-length\.txt:\d+: .*377/);
    assert.match(result.stderr, /bad-time\.txt:3: /);
    assert.match(result.stdout, /0 created, 0 updated, 0 unchanged, 2 failed/);

    const server = await startServer(site);
    try {
      const stub = await fetch(`${server.url}/api/v1/articles/7777777`);
      assert.equal(stub.status, 404, 'nothing of the failed file was stored');
      const home = await (await fetch(`${server.url}/`)).text();
      assert.doesNotMatch(home, /Other Rocket Attacks/);
    } finally {
      await server.stop();
    }
  } finally {
    site.remove();
  }
});
