// Print layouts: node print.mjs BASE_URL OUTDIR. Signs in as the demo's
// project lead of Aarhus and its national coordinator, prints a task page,
// the municipality's plan, the follow-up list and the national overview to
// PDF with headless Chromium (A4, as "Gem som PDF" does), and prints one
// JSON line per page: the PDF's path, and what the print style hides and
// shows. internal/cli/print_test.go counts the pages (pdfinfo) and checks.
import { chromium } from 'playwright-core';
import path from 'node:path';

const [base, outdir] = process.argv.slice(2);
const password = 'udrul-demo-2026';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function session(email) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  const page = await ctx.newPage();
  await page.goto(base + '/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
  return page;
}

// print opens url and saves it as PDF; it reports which of the page's
// navigation, forms and buttons are still visible in print.
async function print(page, url, name) {
  const resp = await page.goto(base + url);
  await page.emulateMedia({ media: 'print' });
  const seen = await page.evaluate(() => {
    const visible = el => {
      for (let e = el; e; e = e.parentElement) {
        if (getComputedStyle(e).display === 'none' || getComputedStyle(e).visibility === 'hidden') return false;
      }
      return el.getClientRects().length > 0;
    };
    const shown = sel => [...document.querySelectorAll(sel)].filter(visible).map(e => (e.tagName + ' ' + (e.textContent || e.value || '').trim().slice(0, 40)));
    return {
      navigation: shown('header, footer, nav, .skipnav, .breadcrumbs'),
      controls: shown('button, input:not([type=checkbox]):not([type=radio]), select, textarea, summary'),
      h1: (document.querySelector('h1') || {}).textContent || '',
    };
  });
  const file = path.join(outdir, name + '.pdf');
  await page.pdf({ path: file, format: 'A4', printBackground: false, preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  console.log(JSON.stringify({ name, url, status: resp.status(), file, ...seen }));
}

const lead = await session('sofie.norgaard@aarhus.dk');
// A task of Aarhus's plan the lead may change and that has a checklist, so
// every form is on it (the status, the checklist, links, documents and
// delegation).
await lead.goto(base + '/programmes/ksd/municipalities/751');
const candidates = await lead.evaluate(() => [...new Set([...document.querySelectorAll('a[href^="/tasks/"]')]
  .map(a => a.getAttribute('href')).filter(h => /^\/tasks\/\d+$/.test(h)))]);
let taskURL = '';
for (const url of candidates.slice(0, 40)) {
  await lead.goto(base + url);
  if (await lead.$('form.print-keep') && await lead.$('form[action$="/links"]')) { taskURL = url; break; }
}
if (!taskURL) {
  console.log(JSON.stringify({ name: 'task', error: 'no task link on the plan page' }));
} else {
  await print(lead, taskURL, 'task');
}
await print(lead, '/programmes/ksd/municipalities/751', 'plan');

const coordinator = await session('lars.mortensen@kombit.dk');
await print(coordinator, '/programmes/ksd/followup', 'followup');
await print(coordinator, '/programmes/ksd', 'overview');
await print(coordinator, '/programmes/ksd/municipalities/217/statusrapport', 'statusreport');
await print(coordinator, '/programmes/ksd/rapport', 'programmereport');
await browser.close();
