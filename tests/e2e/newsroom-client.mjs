// A browser-like client of the newsroom for the end-to-end tests: keeps
// cookies, does not follow redirects, signs in, reads the editor's hidden
// fields.
import assert from 'node:assert/strict';

export class Client {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookies = new Map();
  }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  keep(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  async get(path) {
    const response = await fetch(this.baseUrl + path,
      { redirect: 'manual', headers: { cookie: this.cookieHeader() } });
    this.keep(response);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
  async post(path, fields) {
    const response = await fetch(this.baseUrl + path, {
      method: 'POST', redirect: 'manual',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    this.keep(response);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
  async signIn(name, password) {
    const form = await this.get('/admin/sign-in');
    const token = form.text.match(/name="signin_token" value="([0-9a-f]+)"/)[1];
    return this.post('/admin/sign-in', { signin_token: token, name, password });
  }
}

export function hidden(html, name) {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  return match ? match[1] : null;
}

// A client signed in at baseUrl, checked.
export async function signedIn(baseUrl, name, password) {
  const client = new Client(baseUrl);
  const response = await client.signIn(name, password);
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), '/admin/');
  return client;
}

// Opens the editor at path and returns its hidden fields.
export async function editorState(client, path) {
  const page = await client.get(path);
  assert.equal(page.status, 200);
  return { csrf: hidden(page.text, 'csrf'), revision: hidden(page.text, 'revision'), html: page.text };
}

// Adds sections by name through /admin/sections (the article editor names
// only sections that exist); client must be an editor's or an admin's.
export async function addSections(client, names) {
  for (const name of names) {
    const form = await client.get('/admin/sections');
    assert.equal(form.status, 200);
    const added = await client.post('/admin/sections/new', { csrf: hidden(form.text, 'csrf'), name });
    assert.equal(added.status, 303, added.text);
  }
}
