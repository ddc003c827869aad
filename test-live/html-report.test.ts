// inspect --html in a real browser: Debian's headless Chromium opens the page, which must render with no
// console error, no failed request (it is self-contained) and its charts drawn. Skipped without Chromium.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const work = mkdtempSync(join(tmpdir(), 'aof-html-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

if (!CHROMIUM) console.warn('html report test skipped: no Chromium (apt-get install chromium)');

describe.skipIf(!CHROMIUM)('inspect --html in headless Chromium', () => {
  it.each([['multipart/timestamps'], ['preamble/all-types.aof'], ['spoiled/resp/cut-payload.aof']])('%s renders cleanly', async (fixture) => {
    const page = join(work, `${fixture.replace(/\W+/g, '-')}.html`);
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'aof.js'), 'inspect', join(ROOT, 'fixtures', fixture), '--html', page], { encoding: 'utf8' });
    expect([0, 1]).toContain(r.status);
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      userDataDir: join(work, 'profile'),
    });
    try {
      const tab = await browser.newPage();
      const problems: string[] = [];
      tab.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
      });
      tab.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
      tab.on('requestfailed', (q) => problems.push(`request failed: ${q.url()}`));
      const requests: string[] = [];
      tab.on('request', (q) => requests.push(q.url()));
      await tab.setViewport({ width: 1000, height: 1400 });
      await tab.goto(`file://${page}`, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      // Self-contained: the page itself is the only thing loaded.
      expect(requests).toEqual([`file://${page}`]);
      // A string, evaluated in the page: the test's own types know no DOM.
      const drawn = (await tab.evaluate(`({
        charts: document.querySelectorAll('svg.chart').length,
        bars: document.querySelectorAll('svg.chart rect').length,
        headings: [...document.querySelectorAll('h2')].map((e) => e.textContent),
      })`)) as { charts: number; bars: number; headings: string[] };
      expect(drawn.charts).toBeGreaterThanOrEqual(3);
      expect(drawn.bars).toBeGreaterThan(3);
      expect(drawn.headings).toContain('Timeline');
      if (process.env.AOF_HTML_SCREENSHOT) await tab.screenshot({ path: process.env.AOF_HTML_SCREENSHOT as `${string}.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
