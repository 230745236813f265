// Several nodes on one PostgreSQL cluster (issue 7): a primary and a
// streaming replica made by pg_basebackup on this machine, node A on the
// primary, node B reading readers' pages from the replica. A change made
// through A or the command line reaches B's cached pages within a second
// (LISTEN/NOTIFY), a scheduled article is published once although both
// nodes run the publisher, a replica that is down or stalled neither
// stops node B nor leaves it stale, and a database outage gives 503s with
// Retry-After, never a crash, then recovers with the cache dropped.
//
// Runs in the PostgreSQL half of `make check` (GAZETTE_TEST_PG set), with
// clusters of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { makeSite, startServer, articleLinks, root } from './helpers.mjs';
import { signedIn, editorState } from './newsroom-client.mjs';

const enabled = Boolean(process.env.GAZETTE_TEST_PG);
const skip = enabled ? false : 'PostgreSQL tests run with GAZETTE_TEST_PG (make check does)';
const ADMIN_PASSWORD = 'correct horse battery';
const clusterScript = path.join(root, 'scripts/pg-cluster.sh');

let work;
let primary;
let replica;
let site;
let nodeA;
let nodeB;

function cluster(...args) {
  return execFileSync('bash', [clusterScript, ...args], { encoding: 'utf8' }).trim();
}

function sql(url, query) {
  return execFileSync('psql', [url, '-tAc', query], { encoding: 'utf8' }).trim();
}

function siteOn(store) {
  return { ...site, store };
}

async function metric(node, name) {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))[1]);
}

// Polls url until its body matches pattern; returns the milliseconds it took.
async function timeUntil(url, pattern, limitMs = 5_000) {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (pattern.test(await (await fetch(url)).text())) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Infinity;
}

before(async () => {
  if (!enabled) return;
  work = mkdtempSync('/tmp/gz-scale-');
  chmodSync(work, 0o755); // the clusters run as the postgres user when we are root
  primary = { dir: path.join(work, 'p') };
  replica = { dir: path.join(work, 'r') };
  primary.url = cluster('start', primary.dir, '--fast');
  site = makeSite();
  const env = { GAZETTE_PASSWORD_LIMITS: 'test', GAZETTE_ADMIN_PASSWORD: ADMIN_PASSWORD };
  const init = site.run(['init', '--store', primary.url], { env });
  assert.equal(init.status, 0, init.stderr);
  const demo = path.join(root, 'demo');
  const files = readdirSync(demo).filter((name) => name.endsWith('.txt'))
    .map((name) => path.join(demo, name));
  const imported = site.run(['import', '--store', primary.url, ...files]);
  assert.equal(imported.status, 0, imported.stderr);
  // The replica is a base backup of the site's primary, then streams.
  replica.url = cluster('start', replica.dir, '--primary', primary.dir, '--fast');
  const articles = sql(primary.url, 'SELECT count(*) FROM articles');
  for (let i = 0; i < 100 && sql(replica.url, 'SELECT count(*) FROM articles') !== articles; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  nodeA = await startServer(siteOn(primary.url));
  nodeB = await startServer(siteOn(primary.url), ['--store-replica', replica.url]);
});

after(async () => {
  await nodeA?.stop();
  await nodeB?.stop();
  if (replica) cluster('stop', replica.dir);
  if (primary) cluster('stop', primary.dir);
  site?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('node B reads readers\' pages from the streaming replica', { skip }, async () => {
  assert.equal(sql(replica.url, 'SELECT pg_is_in_recovery()'), 't', 'a standby');
  await fetch(`${nodeB.url}/`);
  const readers = Number(sql(replica.url,
    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'gazette'"));
  assert.ok(readers >= 2, `node B's threads hold replica connections (${readers})`);
});

test('an edit through node A reaches node B\'s cached page within a second', { skip }, async () => {
  const home = await (await fetch(`${nodeB.url}/`)).text();
  const { href: articlePath, id } = articleLinks(home)[0];
  const url = `${nodeB.url}${articlePath}`;
  assert.equal((await fetch(url)).status, 200);
  const hits = await metric(nodeB, 'gazette_cache_hits_total');
  assert.equal((await fetch(url)).status, 200);
  assert.equal(await metric(nodeB, 'gazette_cache_hits_total'), hits + 1, 'B serves it cached');

  const editor = await signedIn(nodeA.url, 'admin', ADMIN_PASSWORD);
  const state = await editorState(editor, `/admin/articles/${id}`);
  const saved = await editor.post(`/admin/articles/${id}`, { csrf: state.csrf,
    revision: state.revision, action: 'save', headline: 'Edited on node A for the replica test',
    body: 'Shown by node B.', language: 'en' });
  assert.equal(saved.status, 303);
  const took = await timeUntil(url, /Edited on node A for the replica test/);
  assert.ok(took < 1000, `node B showed the edit after ${took} ms`);
  assert.match(await (await fetch(`${nodeB.url}/`)).text(), /Edited on node A for the replica test/);
});

test('an import on the command line reaches both nodes within a second', { skip }, async () => {
  const original = readFileSync(path.join(root, 'demo/01-coastal-plastic-tracking.txt'), 'utf8');
  const file = site.writeFile('coastal.txt',
    original.replace(/^[^\n]*/, 'Coastal plan revised from the command line'));
  for (const node of [nodeA, nodeB]) await fetch(`${node.url}/`); // cache the fronts
  const imported = site.run(['import', '--store', primary.url, file]);
  assert.equal(imported.status, 0, imported.stderr);
  for (const node of [nodeA, nodeB]) {
    const took = await timeUntil(`${node.url}/`, /Coastal plan revised from the command line/);
    assert.ok(took < 1000, `${node === nodeA ? 'A' : 'B'} showed the import after ${took} ms`);
  }
});

test('a scheduled article is published once although both nodes run the publisher', { skip },
  async () => {
    const editor = await signedIn(nodeA.url, 'admin', ADMIN_PASSWORD);
    let state = await editorState(editor, '/admin/articles/new');
    const fields = { headline: 'Embargoed across the cluster', body: 'At the stroke.', language: 'en' };
    const created = await editor.post('/admin/articles/new',
      { ...fields, csrf: state.csrf, revision: '0', action: 'save' });
    const editPath = created.headers.get('location').replace(/\?.*/, '');
    const id = editPath.split('/').pop();
    state = await editorState(editor, editPath);
    const at = new Date(Date.now() + 1_500).toISOString().slice(0, 19);
    const scheduled = await editor.post(editPath, { ...fields, csrf: state.csrf,
      revision: state.revision, action: 'schedule', publish_at: at });
    assert.equal(scheduled.status, 303);
    const took = await timeUntil(`${nodeB.url}/`, /Embargoed across the cluster/, 6_000);
    assert.ok(took < 6_000, 'published and shown by node B');
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // both publishers ticked again
    assert.equal(sql(primary.url, `SELECT count(*) FROM audit_log WHERE action = 'publish'
      AND target = 'article:${id}' AND detail = 'scheduled'`), '1');
    assert.equal(sql(primary.url, `SELECT count(*) FROM article_revisions
      WHERE article_id = ${id} AND user_id IS NULL`), '1', 'one revision by the system');
  });

// The pids of a cluster's server processes: the postmaster (first line of
// its pid file) and its children.
function serverPids(dir) {
  const postmaster = readFileSync(path.join(dir, 'data/postmaster.pid'), 'utf8').split('\n')[0];
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', postmaster], { encoding: 'utf8' })
    .trim().split(/\s+/).filter(Boolean);
  return [postmaster, ...children].map(Number);
}

test('a replica that is down: node B reads the primary and still follows edits', { skip },
  async () => {
    const home = await (await fetch(`${nodeB.url}/`)).text();
    const { href: articlePath, id } = articleLinks(home)[2];
    const url = `${nodeB.url}${articlePath}`;
    assert.equal((await fetch(url)).status, 200); // cached on B
    cluster('halt', replica.dir);
    try {
      assert.equal((await fetch(`${nodeB.url}/search?q=replica+down`)).status, 200,
        'an uncached page comes from the primary');
      const editor = await signedIn(nodeA.url, 'admin', ADMIN_PASSWORD);
      const state = await editorState(editor, `/admin/articles/${id}`);
      const saved = await editor.post(`/admin/articles/${id}`, { csrf: state.csrf,
        revision: state.revision, action: 'save', headline: 'Edited while the replica was down',
        body: 'Still shown.', language: 'en' });
      assert.equal(saved.status, 303);
      const took = await timeUntil(url, /Edited while the replica was down/);
      assert.ok(took < 2000, `node B showed the edit after ${took} ms`);
    } finally {
      cluster('resume', replica.dir);
    }
  });

test('a stalled replica does not hang node B', { skip }, async () => {
  const home = await (await fetch(`${nodeB.url}/`)).text();
  const articlePath = articleLinks(home)[3].href;
  assert.equal((await fetch(`${nodeB.url}${articlePath}`)).status, 200); // cached on B
  const pids = serverPids(replica.dir);
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  try {
    let started = Date.now();
    assert.equal((await fetch(`${nodeB.url}${articlePath}`)).status, 200);
    assert.ok(Date.now() - started < 1000, 'a cached page is served at once');
    started = Date.now();
    const uncached = await fetch(`${nodeB.url}/search?q=stalled+replica`,
      { signal: AbortSignal.timeout(15_000) });
    assert.ok([200, 503].includes(uncached.status), `answered ${uncached.status}`);
    assert.ok(Date.now() - started < 12_000, 'an uncached page is answered, not left hanging');
  } finally {
    for (const pid of pids) process.kill(pid, 'SIGCONT');
  }
});

test('a database outage: cached pages stay, others get 503, then all recovers', { skip },
  async () => {
    const home = await (await fetch(`${nodeA.url}/`)).text();
    const articlePath = articleLinks(home)[1].href;
    assert.equal((await fetch(`${nodeA.url}${articlePath}`)).status, 200); // now cached on A
    cluster('halt', primary.dir);
    try {
      const cached = await fetch(`${nodeA.url}${articlePath}`);
      assert.equal(cached.status, 200, 'a cached page is still served');
      const uncached = await fetch(`${nodeA.url}/search?q=outage+probe`);
      assert.equal(uncached.status, 503);
      assert.ok(Number(uncached.headers.get('retry-after')) >= 1);
      assert.equal((await fetch(`${nodeA.url}/news/999999/none`)).status, 503);
      // Node B's readers' pages come from the replica, which is still up.
      assert.equal((await fetch(`${nodeB.url}/search?q=outage+probe+two`)).status, 200);
    } finally {
      cluster('resume', primary.dir);
    }
    let status = 0;
    for (let i = 0; i < 80 && status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await fetch(`${nodeA.url}/search?q=outage+probe+three`)).status;
    }
    assert.equal(status, 200, 'node A answers again after the database is back');
    let dropped = false;
    for (let i = 0; i < 40 && !dropped; i++) {
      dropped = /dropping every cached page/.test(nodeA.stderr);
      if (!dropped) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(dropped, `node A dropped its cache on reconnecting: ${nodeA.stderr}`);
  });
