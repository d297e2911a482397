import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { describe, expect, it, vi } from 'vitest';
import { clientRoutes } from '../../server/http/client-routes.ts';
import { chooseEncoding } from '../../server/http/precompressed.ts';
import { startPlenary } from '../support/plenary.ts';

type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** The response as it came over the wire: fetch would decompress it. */
function getBytes(url: string, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

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

describe('the index page', () => {
  it('is sent compressed where the browser accepts it, with Vary and no-cache, for every client route; plain to others', async () => {
    const clientDir = mkdtempSync(join(tmpdir(), 'plenary-client-'));
    mkdirSync(join(clientDir, 'assets'));
    const page = Buffer.from(`<!doctype html><title>Plenary</title>${'<p>shell</p>'.repeat(200)}`);
    writeFileSync(join(clientDir, 'index.html'), page);
    writeFileSync(join(clientDir, 'index.html.br'), brotliCompressSync(page));
    writeFileSync(join(clientDir, 'index.html.gz'), gzipSync(page));
    const server = express().use(clientRoutes(clientDir)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/', '/e/acsh-2023/r/panel-1']) {
        const br = await getBytes(url, path, { 'accept-encoding': 'gzip, br' });
        expect(br.headers['content-encoding'], path).toBe('br');
        expect(br.headers['content-type'], path).toMatch(/^text\/html/);
        expect(br.headers['cache-control'], path).toBe('no-cache');
        expect(br.headers['vary'], path).toMatch(/Accept-Encoding/i);
        expect(brotliDecompressSync(br.body).equals(page), path).toBe(true);
      }
      const gz = await getBytes(url, '/', { 'accept-encoding': 'gzip' });
      expect(gunzipSync(gz.body).equals(page)).toBe(true);
      const plain = await getBytes(url, '/', {});
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.equals(page)).toBe(true);
    } finally {
      server.close();
      rmSync(clientDir, { recursive: true, force: true });
    }
  });
});

describe('precompressed assets', () => {
  it('picks brotli over gzip, honours q=0 and a wildcard, and offers nothing the browser did not ask for', () => {
    const both = new Set(['br', 'gzip'] as const);
    expect(chooseEncoding('gzip, deflate, br', both)).toBe('br');
    expect(chooseEncoding('gzip', both)).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.5', both)).toBe('gzip');
    expect(chooseEncoding('*', new Set(['gzip'] as const))).toBe('gzip');
    expect(chooseEncoding('identity', both)).toBeNull();
    expect(chooseEncoding(undefined, both)).toBeNull();
  });

  it('serves the build’s brotli or gzip copy with the original’s type, Vary and a year’s immutable caching; the plain file to others', async () => {
    const clientDir = mkdtempSync(join(tmpdir(), 'plenary-client-'));
    mkdirSync(join(clientDir, 'assets'));
    const source = Buffer.from('export const hello = "plenary";\n'.repeat(200));
    writeFileSync(join(clientDir, 'assets', 'app-1234.js'), source);
    writeFileSync(join(clientDir, 'assets', 'app-1234.js.br'), brotliCompressSync(source));
    writeFileSync(join(clientDir, 'assets', 'app-1234.js.gz'), gzipSync(source));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Plenary</title>');
    const server = express().use(clientRoutes(clientDir)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const br = await getBytes(url, '/assets/app-1234.js', { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.status).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
      expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(br.body.length).toBeLessThan(source.length / 10);
      expect(brotliDecompressSync(br.body).equals(source)).toBe(true);

      const gz = await getBytes(url, '/assets/app-1234.js', { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).equals(source)).toBe(true);

      const plain = await getBytes(url, '/assets/app-1234.js', {});
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['vary']).toMatch(/Accept-Encoding/i);
      expect(plain.body.equals(source)).toBe(true);
    } finally {
      server.close();
      rmSync(clientDir, { recursive: true, force: true });
    }
  });
});
