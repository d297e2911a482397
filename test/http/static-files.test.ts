import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { describe, expect, it, vi } from 'vitest';
import { clientRoutes } from '../../server/http/client-routes.ts';
import { startPlenary } from '../support/plenary.ts';

/** Sends the path exactly as written: fetch would normalise the dot segments a probe sends. */
function getRaw(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  it('answers a missing asset and traversal attempts under /assets with not_found, logging no error', async () => {
    const plenary = await startPlenary();
    const errors = vi.spyOn(plenary.runtime.logger, 'error');
    for (const path of ['/assets/nope.js', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/', '/assets/%2e%2e/%2e%2e/package.json', '/assets/%E0%A4%A']) {
      const response = await getRaw(plenary.url, path);
      expect(response.status, path).toBe(404);
      expect(JSON.parse(response.body), path).toMatchObject({ error: { code: 'not_found' } });
      expect(response.body, path).not.toContain('"name": "plenary"');
    }
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('the built client', () => {
  it('still serves an asset that exists, cached for a year, and the index page for client routes', async () => {
    const clientDir = mkdtempSync(join(tmpdir(), 'plenary-client-'));
    mkdirSync(join(clientDir, 'assets'));
    writeFileSync(join(clientDir, 'assets', 'app-1234.js'), 'console.log("plenary")');
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Plenary</title>');
    const app = express().use(clientRoutes(clientDir));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const asset = await getRaw(url, '/assets/app-1234.js');
      expect(asset).toEqual({ status: 200, body: 'console.log("plenary")' });
      expect((await getRaw(url, '/assets/app-9999.js')).status).toBe(404);
      expect((await getRaw(url, '/e/acsh-2023/r/panel-1/stage')).body).toContain('<title>Plenary</title>');
    } finally {
      server.close();
      rmSync(clientDir, { recursive: true, force: true });
    }
  });
});
