// Loads every page of a site built from hostile input in headless Chromium
// and fails if any script an author smuggled in runs: a dialog opens, the
// `window.__pwned` marker is set, or an element that can run code survives.
//
//   node tests/e2e/hostile.mjs BASE_URL PAGE...
import { createRequire } from 'node:module';
const require = createRequire(process.env.HOSTILE_NODE_MODULES + '/');
const { chromium } = require('playwright-core');

const [base, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const failures = [];
try {
  for (const path of pages) {
    const page = await browser.newPage();
    page.on('dialog', async d => { failures.push(`${path}: a ${d.type()} opened: ${d.message()}`); await d.dismiss(); });
    const response = await page.goto(base + path, { waitUntil: 'load' });
    if (!response.ok()) { failures.push(`${path}: HTTP ${response.status()}`); continue; }
    // Give handlers (onerror on broken images, ontoggle, onload) time to fire, and
    // hover and focus everything an attacker might have wired up.
    await page.waitForTimeout(300);
    for (const el of await page.$$('body *')) { await el.hover({ timeout: 100 }).catch(() => {}); }
    const found = await page.evaluate(() => ({
      pwned: window.__pwned || null,
      live: [...document.querySelectorAll('script:not([type="application/ld+json"]):not([src$="search.js"]), iframe, object, embed, [onerror], [onload], [onclick], [onmouseover], [ontoggle], [style*="javascript" i], a[href^="javascript" i], a[href^="data:" i], form[action^="javascript" i]')]
        .map(e => e.outerHTML.slice(0, 120)),
    }));
    if (found.pwned) failures.push(`${path}: injected script ran (window.__pwned = ${found.pwned})`);
    for (const html of found.live) failures.push(`${path}: live element survived: ${html}`);
    await page.close();
    console.log(`ok: ${path}`);
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`hostile input: ${pages.length} pages, no dialog, no injected script ran, no live element survived`);
