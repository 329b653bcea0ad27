/**
 * End to end in a real browser: Debian's headless chromium driven by playwright-core, against
 * `startServer` over the ingested demo corpus and the built web UI (web/dist).
 *
 * Skipped (with a message) when /usr/bin/chromium (or $CHROMIUM) is absent; CI installs it.
 * `FAULTLINE_SCREENSHOTS=1` also writes the screenshots under docs/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/index.js';
import { projectPath } from '../src/paths.js';
import { loadDefaultPipeline } from '../src/pipeline/default.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SHOTS = process.env.FAULTLINE_SCREENSHOTS === '1' ? projectPath('docs', 'screenshots') : null;
if (!haveChromium) {
  process.stderr.write(`\n[e2e] SKIPPED: no chromium at ${CHROMIUM} (install it: apt-get install -y chromium, or set $CHROMIUM)\n\n`);
}

const TOKEN = 'e2e-token';
let server: RunningServer;
let browser: Browser;
let page: Page;

type Hooks = {
  setDate(d: string): Promise<void>;
  edgeSign(a: string, b: string): number;
  edgePoint(a: string, b: string): { x: number; y: number } | null;
  nodePoint(id: string): { x: number; y: number } | null;
  hasNode(id: string): boolean;
  nodeLabel(id: string): string | null;
  loaded(): string | null;
};
declare global {
  interface Window {
    __faultline: Hooks;
  }
}

async function shot(name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Moves the time slider to a date the way a user does (set the value, fire input/change) and waits for the redraw. */
async function slideTo(date: string): Promise<void> {
  const slider = page.locator('#date-slider');
  const start = (await slider.getAttribute('data-start'))!;
  const value = Math.round((Date.parse(date) - Date.parse(start)) / 86_400_000);
  await slider.fill(String(value));
  await slider.dispatchEvent('change');
  await page.waitForFunction((d) => window.__faultline.loaded() === d, date, { timeout: 10_000 });
  await expect.poll(() => page.locator('#date-label').textContent()).toBe(date);
}

describe.skipIf(!haveChromium)('web UI in headless chromium', () => {
  beforeAll(async () => {
    if (!existsSync(projectPath('web', 'dist', 'index.html'))) {
      execFileSync(process.execPath, [projectPath('node_modules', 'vite', 'bin', 'vite.js'), 'build', projectPath('web')], { stdio: 'inherit' });
    }
    const dir = mkdtempSync(join(tmpdir(), 'fl-e2e-'));
    const db = join(dir, 'demo.db');
    const store = await openStore(db);
    const { pipeline, dictionary } = loadDefaultPipeline({ warn: () => {} });
    await ingest([projectPath('demo', 'articles')], { store, pipeline, dictionary });
    await store.close();
    server = await startServer({ db, port: 0, token: TOKEN });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 820 }, acceptDownloads: true });
    page.on('pageerror', (e) => process.stderr.write(`[e2e] page error: ${e.message}\n`));
    await page.goto(server.uiUrl);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads the demo network and the token from the link', async () => {
    const demoArticles = readdirSync(projectPath('demo', 'articles')).filter((f) => f.endsWith('.txt')).length;
    expect(await page.locator('#stats').textContent()).toContain(`${demoArticles} articles`);
    expect(page.url()).not.toContain('token='); // taken out of the address bar
    expect(await page.locator('#graph canvas').count()).toBeGreaterThan(0);
    await shot('network');
  });

  it('moves the time slider and sees the IS–Nusra edge change sign', async () => {
    await slideTo('2014-09-01');
    expect(await page.evaluate(() => window.__faultline.edgeSign('islamic_state', 'jabhat_al_nusra'))).toBe(-1);
    expect(await page.locator('#graph-info').textContent()).toContain('2014-09-01');
    await slideTo('2016-06-01');
    expect(await page.evaluate(() => window.__faultline.edgeSign('islamic_state', 'jabhat_al_nusra'))).toBe(1);
    await slideTo('2014-09-01');
  });

  it('clicks the edge and sees the dyad panel with the evidence and the actor words highlighted', async () => {
    const box = (await page.locator('#graph').boundingBox())!;
    const pt = await page.evaluate(() => window.__faultline.edgePoint('islamic_state', 'jabhat_al_nusra'));
    expect(pt).not.toBeNull();
    await page.mouse.click(box.x + pt!.x, box.y + pt!.y);
    const panel = page.locator('.dyad-panel');
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.locator('h2').textContent()).toMatch(/Islamic State — Jabhat al-Nusra|Jabhat al-Nusra — Islamic State/);
    expect(await panel.locator('.chip.state').textContent()).toBe('hostile');
    expect(await panel.locator('.reading').count()).toBeGreaterThan(0);
    const first = panel.locator('.reading').first();
    expect((await first.locator('blockquote.evidence').textContent())!.length).toBeGreaterThan(20);
    // The words standing for the two actors are highlighted in the sentence: two spans, or one
    // when a plural phrase stands for both ("the two groups", "both").
    const readings = panel.locator('.reading');
    let marks: string[] = [];
    for (let i = 0; i < (await readings.count()) && marks.length < 2; i++) marks = await readings.nth(i).locator('mark.actor').allTextContents();
    expect(marks.length).toBe(2);
    expect(marks.join(' ')).toMatch(/Nusra|Islamic State|ISIL|ISIS|Daesh|IS\b/);
    expect(await first.locator('.reading-source').textContent()).toMatch(/Source: .* published \d{4}-\d{2}-\d{2}/);
    expect(await first.locator('.reading-head').textContent()).toMatch(/conf\. \d+%/);
    await shot('dyad');
  });

  it('opens an actor page with allies, enemies and a timeline strip', async () => {
    await page.locator('#search').fill('Nusra');
    await page.locator('#search-results a[data-actor=jabhat_al_nusra]').click();
    const actor = page.locator('.actor-page[data-actor=jabhat_al_nusra]');
    await actor.waitFor({ timeout: 10_000 });
    expect(await actor.locator('.aliases').first().textContent()).toContain('Nusra Front');
    expect(await actor.locator('.enemies li').count()).toBeGreaterThan(0);
    expect(await actor.locator('svg.timeline-strip rect').count()).toBeGreaterThan(0);
    await shot('actor');
  });

  it('shows the changes feed, balance and blocs, and predictions', async () => {
    await page.locator('#tabs button[data-view=changes]').click();
    await page.locator('#changes-from').fill('2013-01-01');
    await page.locator('#changes-to').fill('2014-12-31');
    await page.locator('#view-changes button', { hasText: 'Show' }).click();
    await page.locator('#changes-list li.change').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#view-changes p.muted').textContent()).toMatch(/\d+ sign flips/);
    await shot('changes');
    await page.locator('#tabs button[data-view=balance]').click();
    await page.locator('#view-balance h2', { hasText: 'Structural balance' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#view-balance .bloc').count()).toBeGreaterThan(0);
    await shot('balance');
    await page.locator('#tabs button[data-view=predictions]').click();
    await page.locator('#view-predictions h2').waitFor({ timeout: 15_000 });
    await shot('predictions');
  });

  it('accepts a candidate in the review queue and sees it on the graph', async () => {
    await page.locator('#tabs button[data-view=review]').click();
    const cand = page.locator('li.candidate').first();
    await cand.waitFor({ timeout: 10_000 });
    await cand.locator('.cand-name').fill('Review Test Front');
    await cand.locator('.cand-type').selectOption('armed_group');
    await shot('review');
    await cand.locator('button.accept').click();
    await expect.poll(() => page.locator('#review-status').textContent(), { timeout: 10_000 }).toContain('Accepted');
    await page.locator('#tabs button[data-view=network]').click();
    await expect.poll(() => page.evaluate(() => window.__faultline.hasNode('review_test_front')), { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate(() => window.__faultline.nodeLabel('review_test_front'))).toContain('Review Test Front');
  });

  it('uploads an article and follows the ingest progress', async () => {
    await page.locator('#tabs button[data-view=upload]').click();
    await page.locator('#upload-files').setInputFiles({
      name: '2017-01-20-test.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('date 2017-01-20\nRussia and Turkey brokered a ceasefire between the Syrian government and rebel groups on Friday.\n'),
    });
    await page.locator('#upload-go').click();
    await expect.poll(() => page.locator('#upload-status').textContent(), { timeout: 20_000 }).toContain('Done: 1 articles stored');
    expect(await page.locator('#upload-progress').evaluate((el) => (el as HTMLProgressElement).value)).toBe(1);
    await shot('upload');
  });

  it('exports GEXF and the file parses as a graph', async () => {
    await page.locator('#tabs button[data-view=export]').click();
    await page.locator('#export-date').fill('2014-09-01');
    await page.locator('#export-date').dispatchEvent('change');
    await shot('export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-gexf').click()]);
    expect(download.suggestedFilename()).toBe('faultline-network-2014-09-01.gexf');
    const file = await download.path();
    const xml = readFileSync(file, 'utf8');
    // Parse it with the browser's XML parser: no parse error, a gexf root, nodes and signed edges.
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const ns = 'http://gexf.net/1.3';
      return {
        error: doc.getElementsByTagName('parsererror').length,
        root: doc.documentElement.localName,
        nodes: doc.getElementsByTagNameNS(ns, 'node').length,
        edges: [...doc.getElementsByTagNameNS(ns, 'edge')].map((e) => ({
          source: e.getAttribute('source'),
          target: e.getAttribute('target'),
          sign: [...e.getElementsByTagNameNS(ns, 'attvalue')].find((a) => a.getAttribute('for') === 'sign')?.getAttribute('value'),
        })),
      };
    }, xml);
    expect(parsed.error).toBe(0);
    expect(parsed.root).toBe('gexf');
    expect(parsed.nodes).toBeGreaterThan(10);
    const isNusra = parsed.edges.find((e) => [e.source, e.target].sort().join('|') === 'islamic_state|jabhat_al_nusra');
    expect(isNusra?.sign).toBe('-1');
  });
});
