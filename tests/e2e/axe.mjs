// Accessibility check of built pages with axe-core in headless Chromium.
//
//   node tests/e2e/axe.mjs [--json FILE] URL...
//
// Each URL is loaded in light and dark colour schemes at 1280×900 and 390×844,
// then checked with axe (WCAG 2.0/2.1/2.2 A and AA plus best practices) and for
// a visible keyboard focus indicator on the first ~15 Tab stops (custom rule
// `focus-visible`). Prints the violations of each run; exits 1 if there are any,
// 2 if a page could not be checked at all.
//
// Environment:
//   AXE_NODE_MODULES  node_modules holding playwright-core and axe-core
//                     (default: target/ci-tools/node_modules under the working directory)
//   CHROMIUM          the browser binary (default /usr/bin/chromium)
//   AXE_TABS          how many Tab presses per page (default 15)
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let jsonOut = null;
const urls = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--json') jsonOut = args[++i];
  else urls.push(args[i]);
}
if (!urls.length) {
  console.error('usage: node tests/e2e/axe.mjs [--json FILE] URL...');
  process.exit(2);
}

const modules = path.resolve(process.env.AXE_NODE_MODULES || 'target/ci-tools/node_modules');
const require = createRequire(path.join(modules, 'axe-runner.cjs'));
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');
const axeVersion = require('axe-core/package.json').version;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const tabs = Number(process.env.AXE_TABS || 15);

const SCHEMES = ['light', 'dark'];
const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 390, height: 844 }];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const MAX_TARGETS = 3;
const clip = (s, n = 160) => {
  s = String(s).replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
};

// In the page: Tab through the first `tabs` stops and report each focused element
// without a visible focus indicator (no outline, no box-shadow) or focused off-screen.
async function focusCheck(page) {
  const nodes = [];
  const seen = new Set();
  for (let i = 0; i < tabs; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      const cs = getComputedStyle(el);
      const transparent = c => /^transparent$|rgba\([^)]*,\s*0\)$|\/\s*0\)$/.test(c.trim());
      const px = s => (s.replace(/(rgba?|hsla?|oklch|oklab|lab|lch|color)\([^)]*\)/g, '').match(/-?[\d.]+px/g) || [])
        .map(parseFloat);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !transparent(cs.outlineColor);
      const shadow = cs.boxShadow !== 'none' && px(cs.boxShadow).some(v => v !== 0);
      const r = el.getBoundingClientRect();
      const offscreen = r.width < 1 || r.height < 1 || r.right <= 0 || r.bottom <= 0 ||
        r.left >= innerWidth || r.top >= innerHeight;
      // A short, stable selector: id, else tag.classes with nth-of-type up the tree.
      const sel = e => {
        const parts = [];
        for (; e && e.nodeType === 1 && e !== document.documentElement; e = e.parentElement) {
          if (e.id) { parts.unshift('#' + CSS.escape(e.id)); break; }
          let p = e.localName + [...e.classList].map(c => '.' + CSS.escape(c)).join('');
          const sib = e.parentElement ? [...e.parentElement.children].filter(s => s.localName === e.localName) : [];
          if (sib.length > 1) p += `:nth-of-type(${sib.indexOf(e) + 1})`;
          parts.unshift(p);
          if (parts.length >= 4) break;
        }
        return parts.join(' > ');
      };
      return {
        target: sel(el), html: el.outerHTML, visible: outline || shadow, offscreen,
        style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
      };
    });
    if (!f) break; // focus left the document (or nothing focusable)
    if (seen.has(f.target)) break; // wrapped around
    seen.add(f.target);
    const why = [];
    if (!f.visible) why.push(`no visible focus indicator (${f.style})`);
    if (f.offscreen) why.push('focused element is off-screen or has no size');
    if (why.length) nodes.push({ target: [f.target], html: f.html, failureSummary: why.join('; ') });
  }
  return { stops: seen.size, violation: nodes.length ? {
    id: 'focus-visible', impact: 'serious',
    help: 'Keyboard focus must be visible (outline or box-shadow on the focused element)',
    helpUrl: 'https://www.w3.org/WAI/WCAG22/Understanding/focus-visible.html', nodes,
  } : null };
}

async function checkOne(context, url) {
  const page = await context.newPage();
  try {
    const res = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    if (!res || res.status() >= 400) throw new Error(`HTTP ${res ? res.status() : 'no response'}`);
    const u = new URL(url);
    if (/\/search\/$/.test(u.pathname) && u.search) {
      await page.waitForFunction(() => document.documentElement.dataset.searchState === 'done', null, { timeout: 15000 })
        .catch(async () => {
          const s = await page.evaluate(() => document.documentElement.dataset.searchState);
          throw new Error(`search did not finish (data-search-state=${s})`);
        });
    }
    await page.evaluate(() => document.fonts && document.fonts.ready);
    // axe first, on the page as loaded: tabbing scrolls containers (the matrix) under
    // their sticky headers, which leaves colour contrast undecidable.
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(tags => window.axe.run(document, {
      runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'],
    }), TAGS);
    const focus = await focusCheck(page);
    const violations = result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
    if (focus.violation) violations.push(focus.violation);
    const incomplete = result.incomplete.map(v => ({ id: v.id, count: v.nodes.length }));
    return { violations, incomplete, focusStops: focus.stops };
  } finally {
    await page.close();
  }
}

const label = url => { const u = new URL(url); return u.pathname + u.search; };
const t0 = Date.now();
const browser = await chromium.launch({
  executablePath, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic'],
});
const contexts = [];
for (const colorScheme of SCHEMES) {
  for (const viewport of VIEWPORTS) {
    contexts.push({ colorScheme, viewport, ctx: await browser.newContext({ colorScheme, viewport, reducedMotion: 'reduce' }) });
  }
}

const report = [];
let total = 0, errors = 0;
const rules = new Map();
for (const url of urls) {
  for (const { colorScheme, viewport, ctx } of contexts) {
    const where = `${label(url)} [${colorScheme} ${viewport.width}×${viewport.height}]`;
    let r;
    try {
      r = await checkOne(ctx, url);
    } catch (e) {
      errors++;
      console.log(`${where}: ERROR ${clip(e.message, 300)}`);
      report.push({ url, colorScheme, viewport, error: e.message });
      continue;
    }
    report.push({ url, colorScheme, viewport, ...r });
    total += r.violations.length;
    const review = r.incomplete.length ? `; needs review: ${r.incomplete.map(i => `${i.id}(${i.count})`).join(', ')}` : '';
    console.log(`${where}: ${r.violations.length} violation(s); ${r.focusStops} tab stop(s) checked${review}`);
    for (const v of r.violations) {
      rules.set(v.id, (rules.get(v.id) || 0) + 1);
      console.log(`  ${v.id} [${v.impact}] ${v.help} — ${v.nodes.length} element(s)`);
      for (const n of v.nodes.slice(0, MAX_TARGETS)) {
        console.log(`    ${n.target.join(' ')}`);
        console.log(`      ${clip(n.html)}`);
        const detail = (n.failureSummary || '').split('\n').map(s => s.trim())
          .filter(s => s && !/^Fix (any|all) of the following:?$/.test(s));
        for (const d of detail.slice(0, 2)) console.log(`      ↳ ${clip(d, 240)}`);
      }
      if (v.nodes.length > MAX_TARGETS) console.log(`    … and ${v.nodes.length - MAX_TARGETS} more`);
    }
  }
}
await browser.close();

if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 1));
const secs = ((Date.now() - t0) / 1000).toFixed(1);
const byRule = [...rules].map(([id, n]) => `${id}×${n}`).join(', ');
console.log(`axe: ${urls.length} pages × ${SCHEMES.length} schemes × ${VIEWPORTS.length} widths, ` +
  `${total} violations${byRule ? ` (${byRule})` : ''}${errors ? `, ${errors} page(s) not checked` : ''} ` +
  `[axe-core ${axeVersion}, ${secs}s]`);
process.exit(errors ? 2 : total ? 1 : 0);
