// Shared by the end-to-end tests: a temporary site (its own folder and
// SQLite file), the gazette command, and a server on a free port that is
// stopped by its pid.
import { spawn, spawnSync } from 'node:child_process';
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

// A folder with its own store; run() runs gazette there with that store.
export function makeSite(prefix = 'gazette-e2e-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const store = `sqlite:${path.join(dir, 'gazette.db')}`;
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
    remove() {
      rmSync(dir, { recursive: true, force: true });
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

// Starts `gazette serve` on a free port and waits for "listening on URL".
export async function startServer(site, extraArgs = []) {
  const args = ['serve', '--store', site.store, '--listen', '127.0.0.1:0', '--threads', '2',
    '--theme', themeDir, '--media-dir', path.join(site.dir, 'media'), ...extraArgs];
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
