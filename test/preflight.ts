/**
 * Runs before the test suite: the browser tests need Debian's Chromium. As root it is
 * installed; otherwise the run stops at once with one line saying what to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

function install(): void {
  console.log('Chromium is missing; installing Debian\'s chromium package for the browser tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}

if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    try {
      install();
    } catch {
      console.error('Could not install Chromium: run "apt-get install -y chromium" as root, then npm test again.');
      process.exit(1);
    }
  } else {
    console.error('The browser tests need Chromium at /usr/bin/chromium: install it with "sudo apt-get install -y chromium".');
    process.exit(1);
  }
}
