import { describe, expect, it } from 'vitest';
import { originDiffers, publicLink } from '../../client/src/lib/public-links.ts';
import { startPlenary } from '../support/plenary.ts';

describe('links built from PUBLIC_URL', () => {
  it('join the public address and a path, with or without a trailing slash', () => {
    expect(publicLink('https://plenary.example.org', '/e/acsh-2023/r/panel-1/stage')).toBe('https://plenary.example.org/e/acsh-2023/r/panel-1/stage');
    expect(publicLink('https://plenary.example.org/', '/join/abc')).toBe('https://plenary.example.org/join/abc');
  });

  it('tell a page opened on another host from one opened on the public address', () => {
    expect(originDiffers('https://plenary.example.org', 'https://plenary.example.org')).toBe(false);
    expect(originDiffers('https://plenary.example.org/', 'https://plenary.example.org')).toBe(false);
    expect(originDiffers('https://plenary.example.org', 'http://localhost:3000')).toBe(true);
    expect(originDiffers('http://192.168.1.10:3000', 'http://192.168.1.10:3001')).toBe(true);
  });

  it('the public agenda carries the server’s PUBLIC_URL, the same one invite links are built from', async () => {
    const plenary = await startPlenary({ PUBLIC_URL: 'https://plenary.example.org' });
    const agenda = (await (await fetch(`${plenary.url}/api/public/events/acsh-2023`)).json()) as { publicUrl: string };
    expect(agenda.publicUrl).toBe('https://plenary.example.org');
    const byCode = (await (await fetch(`${plenary.url}/api/public/events/by-code/ACSH23`)).json()) as { publicUrl: string };
    expect(byCode.publicUrl).toBe('https://plenary.example.org');
    const invites = (await (await plenary.admin('/api/events/acsh-2023/invites')).json()) as Array<{ url: string }>;
    expect(invites.every((invite) => invite.url.startsWith(`${agenda.publicUrl}/join/`))).toBe(true);
  });
});
