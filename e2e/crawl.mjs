// The crawl: as each demo role, start from the home page and follow every
// same-site link breadth-first, so that no page links its reader to a
// refusal or to nothing. Every link found is requested and must not answer
// 403 or 404; one page per URL pattern (ids, municipality codes and task
// keys normalised, query values ignored) is opened in the browser and must
// have no axe violation (WCAG 2.1 A and AA), no console error and at most
// 200 KB of HTML, and every /static/ asset the pages ask for must be
// served. Run with `node crawl.mjs BASE_URL [ROLE]` (internal/cli's
// TestBrowser runs it beside run.mjs, on a server of its own). The roles
// are crawled a few at a time (CRAWL_CONCURRENCY, default 2: one per core
// of the project's machines); each page kind is still checked by axe once.
import { fileURLToPath } from 'node:url';
import { axeViolations, coordinatorPages } from './shared.mjs';

export const roles = [
  ['administrator', 'admin@kombit.dk'],
  ['koordinator', 'lars.mortensen@kombit.dk'],
  ['leverandoer', 'mette.holm@kmd.dk'],
  ['observatoer', 'henrik.dahl@kl.dk'],
  ['projektleder', 'sofie.norgaard@aarhus.dk'],
  ['medarbejder', 'peter.lund@aarhus.dk'],
  ['tovholder', 'camilla.bech@aarhus.dk'],
  ['tovholder-dagtilbud', 'mia.thygesen@aarhus.dk'],
];

const maxPages = 40; // pages opened per role
const maxLinks = 400; // distinct links requested per role
// Links of one pattern requested per role: a refusal is a matter of the
// kind of page (its route rule), so a few of each kind find it while the
// crawl stays bounded (a plan page links hundreds of tasks).
const perPattern = 2;

// pattern is a URL's shape: numeric segments (ids, municipality codes,
// versions) and catalogue task keys become placeholders, and only the
// names of query parameters count.
export function pattern(u) {
  const path = u.pathname.split('/').map((seg, i, all) => {
    if (/^\d+$/.test(seg)) return '{n}';
    if (/^\d{3}-[a-z]\d+$/.test(seg)) return '{inst}';
    if (all[i - 1] === 'tasks' && all[i - 2] !== '' && !/^\d+$/.test(seg)) return '{key}';
    if (/^[a-f0-9]{32,}(\.ics)?$/.test(seg)) return '{token}';
    return seg;
  }).join('/');
  const keys = [...new Set([...u.searchParams.keys()])].filter(k => k !== 'asof').sort();
  return keys.length ? `${path}?${keys.join('&')}` : path;
}

// htmlLike: the links the crawl opens as pages (exports, feeds, documents
// and the API description are only requested).
function htmlLike(u) {
  return !/\.(csv|xlsx|xml|svg|ics|json|yaml|pdf|docx|txt|png|jpg)$/.test(u.pathname) && !u.pathname.startsWith('/api/') &&
    !/\/documents\/\d+$/.test(u.pathname);
}

// Page kinds axe has checked, across roles; run.mjs checks the coordinator's
// pages, so their kinds start out checked (TestBrowser runs both).
// linksIn lists the href of every <a> in a page as the browser would read
// it: the server writes attributes double-quoted, escaping with entities.
export function linksIn(html) {
  const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return [...html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/gi)].map(m => m[1].replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (e, n) =>
    n[0] !== '#' ? (entities[n.toLowerCase()] ?? e) : String.fromCodePoint(n[1].toLowerCase() === 'x' ? parseInt(n.slice(2), 16) : Number(n.slice(1)))));
}

const axed = new Set(coordinatorPages.map(([p]) => pattern(new URL(p, 'http://x'))));

export async function crawlRole(newSession, base, role, email, { check, axe }) {
  const page = await newSession(email);
  const consoleErrors = [];
  page.on('console', m => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', e => consoleErrors.push(`${page.url()}: ${e.message}`));
  const origin = new URL(base).origin;
  const queue = ['/'];
  const opened = new Set(); // patterns opened
  const requested = new Map(); // url -> status
  const tried = new Map(); // pattern -> links of it requested
  const bad = []; // links answering 403/404, with the page that had them
  let pages = 0;
  while (queue.length && pages < maxPages) {
    const path = queue.shift();
    const u = new URL(path, base);
    const pat = pattern(u);
    if (opened.has(pat)) continue;
    opened.add(pat);
    pages++;
    // A page kind axe has not checked yet (the home page per role) is
    // opened in the browser: axe once per kind across roles (the roles see
    // the same markup but for the forms a role may use), and no console
    // error. Other pages are only fetched for their links: rendering them
    // again in the browser checked nothing new and was a fifth of the
    // crawl's processor time.
    const axeKey = pat === '/' ? `${role} /` : pat;
    let status, html, hrefs;
    if (!axed.has(axeKey)) {
      axed.add(axeKey);
      const before = consoleErrors.length;
      const resp = await page.goto(u.href);
      status = resp.status();
      html = await resp.text();
      await axe(page, `crawl ${role}: ${pat}`);
      hrefs = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')));
      // The pages only fetched are read by linksIn: on the pages the
      // browser opens, it must find the links the browser finds.
      const parsed = linksIn(html);
      check(`crawl ${role}: ${pat} links read from the HTML as the browser reads them`,
        parsed.length === hrefs.length && parsed.every((h, i) => h === hrefs[i]), `${parsed.length} against ${hrefs.length}`);
      check(`crawl ${role}: ${pat} has no console error`, consoleErrors.length === before, consoleErrors.slice(before, before + 3).join('; '));
    } else {
      const resp = await page.request.get(u.href);
      status = resp.status();
      html = await resp.text();
      hrefs = linksIn(html);
    }
    const size = Buffer.byteLength(html);
    check(`crawl ${role}: ${pat} answers 200`, status === 200, `${path} → ${status}`);
    check(`crawl ${role}: ${pat} ≤ 200 KB`, size <= 200 * 1024, `${size} bytes`);
    for (const href of hrefs) {
      if (!href || href.startsWith('#') || /^(mailto|tel|javascript):/.test(href)) continue;
      const l = new URL(href, u.href);
      if (l.origin !== origin) continue;
      l.hash = '';
      const key = l.pathname + l.search;
      const lp = pattern(l);
      if (!requested.has(key)) {
        if (requested.size >= maxLinks || (tried.get(lp) || 0) >= perPattern) continue;
        tried.set(lp, (tried.get(lp) || 0) + 1);
        const r = await page.request.get(l.href, { maxRedirects: 0 });
        requested.set(key, r.status());
        if (r.status() === 403 || r.status() === 404) bad.push(`${key} → ${r.status()} (on ${path})`);
      }
      const st = requested.get(key);
      if (st === 200 && htmlLike(l) && !opened.has(lp)) queue.push(key);
    }
  }
  check(`crawl ${role}: no link answers 403 or 404 (${requested.size} links, ${pages} pages)`, bad.length === 0, bad.slice(0, 8).join('; '));
  await page.context().close();
}

// When run on its own: crawl as every role (or ROLE) against BASE_URL.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { chromium } = await import('playwright-core');
  const base = process.argv[2];
  const only = process.argv[3];
  const concurrency = Math.max(1, Number(process.env.CRAWL_CONCURRENCY) || 2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let failed = 0, passed = 0;
  const check = (name, ok, detail = '') => {
    if (ok) passed++; else failed++;
    if (!ok || process.env.VERBOSE) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
  };
  const axe = async (page, name) => {
    const v = await axeViolations(page);
    check(`axe ${name}`, v.length === 0, v.join('; '));
  };
  const staticFailures = [];
  const newSession = async email => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', bypassCSP: true });
    const p = await ctx.newPage();
    p.on('response', r => { if (r.url().includes('/static/') && r.status() >= 400) staticFailures.push(`${r.status()} ${r.url()}`); });
    p.on('requestfailed', r => { if (r.url().includes('/static/')) staticFailures.push(`failed ${r.url()}`); });
    await p.goto(base + '/login');
    await p.fill('input[name=email]', email);
    await p.fill('input[name=password]', 'udrul-demo-2026');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/login"] button[type=submit]')]);
    return p;
  };
  const queue = roles.filter(([role]) => !only || role === only);
  check(`crawl: role ${only} exists`, queue.length > 0);
  const worker = async () => {
    for (let next; (next = queue.shift());) {
      const [role, email] = next;
      const t0 = Date.now();
      try {
        await crawlRole(newSession, base, role, email, { check, axe });
      } catch (e) {
        check(`crawl ${role}`, false, String(e && e.stack || e));
      }
      console.log(`${role}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  check('crawl: every /static/ asset is served', staticFailures.length === 0, staticFailures.slice(0, 5).join(', '));
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
