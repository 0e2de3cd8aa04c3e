import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { addField, addSheet, fakeIdentifyPage, makeReviewWorkspace, type ReviewWorkspace } from '../helpers/make-review-workspace.js';
import { startReviewServer, type ReviewServer } from '../../src/review/index.js';
import { templatesDirOf } from '../../src/cli/load-forms.js';

const REVIEW_TEMPLATES = templatesDirOf('review');

let fixture: ReviewWorkspace;
let server: ReviewServer;
beforeEach(async () => {
  fixture = makeReviewWorkspace();
  const sheet = await addSheet(fixture.workspace, fixture.small, 'UTR02', 1, { withPageImage: false });
  await addField(fixture.workspace, sheet, { fieldId: 'n_total', value: '?', status: 'needs-review', reasons: ['digits-unsure'] });
  server = await startReviewServer(fixture.workspace, { templatesDir: REVIEW_TEMPLATES, port: 0, identifyPage: fakeIdentifyPage(fixture.workspace, [], []).identifyPage });
});
afterEach(async () => {
  await server.close();
  fixture.close();
});

function get(path: string, headers: Record<string, string> = {}, host = '127.0.0.1'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: server.port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startReviewServer', () => {
  it('refuses every request without the access token', async () => {
    for (const path of ['/', '/review.js', '/api/next?reviewer=Anna', '/api/stats', '/api/crop?c=1&f=n_total']) {
      expect((await get(path)).status).toBe(403);
      expect((await get(path, { 'x-paperlink-token': 'wrong' })).status).toBe(403);
    }
    expect((await get('/?t=wrong')).body).toContain('Access refused');
  });

  it('moves the token from the address into a cookie, then serves page and API', async () => {
    const first = await get(`/?t=${server.token}`);
    expect(first.status).toBe(303);
    const cookie = String((first.headers['set-cookie'] as string[])[0]).split(';')[0] ?? '';
    expect(cookie).toContain(server.token);
    const page = await get('/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/review.js">');
    const next = JSON.parse((await get('/api/next?reviewer=Anna', { 'x-paperlink-token': server.token })).body) as { item: { key: string }; left: number };
    expect(next.left).toBe(1);
    expect(next.item.key).toMatch(/^field:\d+:n_total$/);
  });

  it('refuses other Host names (no DNS rebinding from a web page)', async () => {
    expect((await get('/', { cookie: `paperlink_review=${server.token}`, host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('listens on 127.0.0.1 only', async () => {
    const address = server.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    expect(server.url.startsWith('http://127.0.0.1:')).toBe(true);
    const others = Object.values(networkInterfaces()).flat()
      .filter((item) => item !== undefined && item.family === 'IPv4' && !item.internal).map((item) => item?.address ?? '');
    for (const other of others) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: other, port: server.port });
        socket.once('connect', () => { socket.destroy(); resolve('connected'); });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, `connecting via ${other}`).not.toBe('connected');
    }
  });
});
