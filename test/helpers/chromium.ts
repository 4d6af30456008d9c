// Debian's Chromium for testing HTML in a real browser (a test never downloads a browser). Absent
// locally, the browser tests are skipped with a message; under CI=true they fail (.ci/run installs it).
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is required under CI (apt-get install -y chromium)`);
  console.warn(`${CHROMIUM} not found: skipping the browser tests (apt-get install -y chromium)`);
  return false;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
