// Prints a briefing to PDF on A4 and Letter, in light and dark colour schemes,
// with Playwright driving the Debian chromium. tests/e2e/print.sh checks the PDFs.
//
//   node tests/e2e/print.mjs URL OUT_DIR
import { createRequire } from 'node:module';
const require = createRequire(process.env.PRINT_NODE_MODULES + '/');
const { chromium } = require('playwright-core');

const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ colorScheme: scheme });
    const response = await page.goto(url);
    if (!response.ok()) throw new Error(`${url}: HTTP ${response.status()}`);
    for (const format of ['A4', 'Letter']) {
      await page.pdf({ path: `${out}/${format}-${scheme}.pdf`, format, displayHeaderFooter: false });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
