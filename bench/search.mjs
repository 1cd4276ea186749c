// Search timing in headless Chromium: index load and query ranking times on a
// built site (bench/run prints them for the 10,000-briefing corpus).
//
//   node bench/search.mjs http://127.0.0.1:PORT/ [QUERY...]
// Needs playwright-core (tests/e2e/axe.sh installs it into target/ci-tools);
// uses /usr/bin/chromium or $CHROMIUM.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
const require = createRequire(resolve(process.env.BENCH_NODE_MODULES || 'target/ci-tools/node_modules') + '/');
const { chromium } = require('playwright-core');

const [base, ...args] = process.argv.slice(2);
const queries = args.length ? args : ['pipeline', 'china energy', 'sanc', 'arctic shipping', 'yuan settlement'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const t0 = Date.now();
await page.goto(base + 'search/');
await page.waitForFunction(() => document.documentElement.dataset.searchState === 'done', null, { timeout: 60000 });
const load = Date.now() - t0;
const median = a => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
const rows = [];
for (const q of queries) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.fill('#search-q', '');
    await page.fill('#search-q', q);
    await page.waitForFunction(() => document.documentElement.dataset.searchState === 'done', null, { timeout: 60000 });
    times.push(Number(await page.evaluate(() => document.documentElement.dataset.searchMs)));
  }
  const count = await page.textContent('.search-count').catch(() => 'no results');
  rows.push(`${q.padEnd(18)} ${String(median(times)).padStart(6)} ms   ${count}`);
}
await browser.close();
console.log(`index loaded and first search done in ${load} ms`);
console.log('query               median ranking time (5 runs)');
for (const r of rows) console.log(r);
