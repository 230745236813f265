// Shared by the end-to-end tests: a temporary site (its own folder and
// store), the gazette command, and a server on a free port that is
// stopped by its pid.
//
// The store is a SQLite file in the site's folder, or, when GAZETTE_TEST_PG
// names a database of a (throwaway) PostgreSQL cluster, a fresh database
// of that cluster made for the site and dropped with it: `make check` runs
// the suite both ways (scripts/with-pg.sh).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(import.meta.dirname, '../..');
export const gazetteBin = process.env.GAZETTE_BIN ?? path.join(root, 'build/gazette');
export const buildDir = process.env.GAZETTE_BUILD ?? path.join(root, 'build');
export const samplePath = path.resolve(root, '../shared/samples/000_71a9bc3c562dee5d.txt');
export const themeDir = path.join(root, 'themes/default');
// Debian's python3, which has python3-feedparser (a pyenv shim may not).
export const python = process.env.GAZETTE_PYTHON ?? '/usr/bin/python3';

// The URL of the test cluster's database that sites are made beside.
const testPg = process.env.GAZETTE_TEST_PG || '';

// True when the suite runs on PostgreSQL; tests of SQLite itself skip then.
export const onPostgres = testPg !== '';

// Runs psql on url with the script on its standard input, stopping at the
// first error; vars become psql variables (:'name' quotes one as a literal).
export function psql(url, script, vars = {}) {
  const args = [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'];
  for (const [name, value] of Object.entries(vars)) args.push('-v', `${name}=${value}`);
  const result = spawnSync('psql', args, { input: script, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`psql failed: ${result.error ?? ''}${result.stderr}`);
  }
  return result.stdout;
}

// The test cluster's URL with another database name in it.
function databaseUrl(name) {
  return testPg.replace(/^(postgres(?:ql)?:\/\/[^/?]*\/)[^?]*/, `$1${name}`);
}

// A new, empty database on the test cluster (GAZETTE_TEST_PG): its name,
// its URL, and drop(), to call once every server on it stopped (WITH
// (FORCE) ends connections a crashed test left behind). Names are random,
// as a site's folder is, so two runs on one cluster never collide.
export function makePgDatabase(prefix = 'gazette_e2e_') {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  psql(testPg, `CREATE DATABASE ${name}`);
  return {
    name,
    url: databaseUrl(name),
    drop: () => psql(testPg, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

// A folder with its own store; run() runs gazette there with that store.
export function makeSite(prefix = 'gazette-e2e-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const database = onPostgres ? makePgDatabase() : null;
  const store = database ? database.url : `sqlite:${path.join(dir, 'gazette.db')}`;
  mkdirSync(path.join(dir, 'media'));
  const site = {
    dir,
    store,
    run(args, options = {}) {
      const result = spawnSync(gazetteBin, args, {
        cwd: options.cwd ?? dir,
        env: { ...cleanEnv(), ...(options.env ?? {}) },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    gazette(...args) {
      return site.run([args[0], '--store', store, ...args.slice(1)]);
    },
    writeFile(name, content) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    // Runs SQL behind the store's back, for what no command can write yet:
    // on SQLite, statements one by one through Python's sqlite3 with :name
    // parameters; on PostgreSQL, a psql script with :'name' variables. The
    // dialects differ, so the caller gives both.
    sql({ sqlite, postgres }, params = {}) {
      if (database) return psql(database.url, postgres, params);
      const script = 'import json, sqlite3, sys\n'
        + 'db = sqlite3.connect(sys.argv[1])\n'
        + 'for statement in json.loads(sys.argv[2]):\n'
        + '    db.execute(statement, json.loads(sys.argv[3]))\n'
        + 'db.commit()\n';
      const statements = Array.isArray(sqlite) ? sqlite : [sqlite];
      const result = spawnSync(python, ['-c', script, path.join(dir, 'gazette.db'),
        JSON.stringify(statements), JSON.stringify(params)], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`sqlite3 failed: ${result.stderr}`);
      return result.stdout;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
      database?.drop();
    },
  };
  return site;
}

// The environment without GAZETTE_* settings of the machine running tests.
export function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('GAZETTE_') && key !== 'GAZETTE_BIN' && key !== 'GAZETTE_BUILD') {
      delete env[key];
    }
  }
  return env;
}

// Adds an account to the site's store with `gazette user add`, checked.
export function addAccount(site, name, role, password) {
  const added = spawnSync(gazetteBin, ['user', 'add', name, '--role', role, '--password-stdin',
    '--store', site.store], { cwd: site.dir, env: { ...cleanEnv(), GAZETTE_PASSWORD_LIMITS: 'test' },
    input: `${password}\n`, encoding: 'utf8', timeout: 60_000 });
  if (added.status !== 0) throw new Error(`gazette user add ${name}: ${added.stderr}`);
}

// Starts `gazette serve` on a free port and waits for "listening on URL".
export async function startServer(site, extraArgs = []) {
  // The default theme unless the caller names another (a flag given twice
  // keeps its first value).
  const theme = extraArgs.includes('--theme') ? [] : ['--theme', themeDir];
  const args = ['serve', '--store', site.store, '--listen', '127.0.0.1:0', '--threads', '2',
    ...theme, '--media-dir', path.join(site.dir, 'media'), ...extraArgs];
  const child = spawn(gazetteBin, args, { cwd: site.dir, env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on (https?:\/\/\S+\/)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    url,
    pid: child.pid,
    get stderr() { return stderr; },
    async stop() {
      process.kill(child.pid, 'SIGTERM');
      return exited;
    },
  };
}

// Sends raw bytes and returns the raw response, for requests no HTTP client
// library would send.
export function rawRequest(baseUrl, bytes) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let response = Buffer.alloc(0);
    socket.setTimeout(10_000, () => { socket.destroy(); reject(new Error('raw request timed out')); });
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk) => { response = Buffer.concat([response, chunk]); });
    socket.on('error', reject);
    socket.on('close', () => resolve(response.toString('latin1')));
  });
}

export function statusOf(rawResponse) {
  const match = rawResponse.match(/^HTTP\/1\.[01] (\d{3})/);
  return match ? Number(match[1]) : 0;
}

// The article links of a page, as [{id, href}].
export function articleLinks(html) {
  return [...html.matchAll(/href="(\/news\/(\d+)\/[^"]*)"/g)].map((m) => ({ href: m[1], id: Number(m[2]) }));
}

export function decodeEntities(text) {
  return text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// Debian's chromium, headless, as root (no sandbox), with nothing that
// reaches for the network on its own.
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
