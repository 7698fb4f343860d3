/**
 * The monthly page as a browser draws it: the built CLI writes the salon year's page, headless Chromium (Debian's
 * `chromium`; the test installs nothing and is skipped where it is missing) takes a screenshot and prints it to PDF.
 * The screenshot must show each chart in its colours, and the PDF must be A4 pages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLOURS } from '../../../src/render/svg/charts.js';
import { crm, tempDir } from '../../helpers.js';
import { Seeder } from '../../reports/seed.js';
import { countColour, decodePng } from './png.js';
import { seedSalonYear } from './salon-year.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);

function chromium(args: string[], dir: string): void {
  const result = spawnSync(
    CHROMIUM!,
    [
      '--headless',
      // Root in a container has no user namespace for the sandbox.
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      `--user-data-dir=${join(dir, 'profile')}`,
      ...args,
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
  expect(result.status, result.stderr).toBe(0);
}

describe.skipIf(!CHROMIUM)('the monthly page in Chromium', () => {
  const dir = tempDir('crm-page-');
  const page = join(dir, 'report.html');

  it('shows every chart of the page in its colours', { timeout: 120_000 }, () => {
    const db = seedSalonYear(new Seeder()).close();
    const written = crm(['report', 'monthly', '-o', page], { db });
    expect(written.code, written.stderr).toBe(0);
    const screenshot = join(dir, 'report.png');
    chromium(['--window-size=1280,4000', `--screenshot=${screenshot}`, `file://${page}`], dir);
    const image = decodePng(readFileSync(screenshot));
    expect([image.width, image.height]).toEqual([1280, 4000]);
    const painted = {
      'the report month’s revenue column': countColour(image, COLOURS.primary),
      'the other months’ columns': countColour(image, COLOURS.primaryLight),
      'the active clients line': countColour(image, COLOURS.teal, 12),
      'the churn line': countColour(image, COLOURS.churn, 12),
      'the promoters’ columns': countColour(image, COLOURS.promoter),
      'the detractors’ columns and comments': countColour(image, COLOURS.detractor),
      'the passives’ columns': countColour(image, COLOURS.passive),
      'the cohorts that all came back': countColour(image, '#1e4096'),
    };
    for (const [what, pixels] of Object.entries(painted)) expect(pixels, what).toBeGreaterThan(200);
  });

  it('prints on A4 pages', { timeout: 120_000 }, () => {
    if (!existsSync(page)) {
      const db = seedSalonYear(new Seeder()).close();
      expect(crm(['report', 'monthly', '-o', page], { db }).code).toBe(0);
    }
    const pdf = join(dir, 'report.pdf');
    chromium(['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${page}`], dir);
    const text = readFileSync(pdf).toString('latin1');
    const boxes = text.match(/\/MediaBox \[[^\]]*\]/g) ?? [];
    expect(boxes.length).toBeGreaterThan(1);
    // A4 is 595.28 × 841.89 points; Letter, Chromium's default, would be 612 × 792.
    for (const box of boxes) {
      const [, , width, height] = box.slice(11, -1).trim().split(/\s+/).map(Number);
      expect(Math.abs(width! - 595.3)).toBeLessThan(1.5);
      expect(Math.abs(height! - 841.9)).toBeLessThan(1.5);
    }
  });
});
