// Browser and accessibility tests, run against a udrul server with the demo
// data: node run.mjs BASE_URL. Drives Debian's Chromium through
// playwright-core; every page type is checked with axe-core for WCAG 2.1 A
// and AA; the end-to-end flow marks a task done as a project lead and checks
// that the coordinator's overview follows. With SCREENSHOTS=1 screenshots go
// to ./screenshots.
// The crawl of every role's links is crawl.mjs, which TestBrowser runs
// beside this on a server and copy of the demo of its own.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { axeViolations, coordinatorPages } from './shared.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const base = process.argv[2];
const shots = path.join(here, 'screenshots');
const screenshots = process.env.SCREENSHOTS === '1';
if (screenshots) mkdirSync(shots, { recursive: true });
const password = 'udrul-demo-2026';
const results = [];

function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
}

// lap prints the time since the previous lap: where the suite's minutes go.
let lapStart = Date.now();
function lap(name) {
  console.log(`time ${name}: ${((Date.now() - lapStart) / 1000).toFixed(1)} s`);
  lapStart = Date.now();
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// Every stylesheet, script, font and icon the pages ask for under /static/
// must be served: a failure here means a vendored asset is missing.
const staticFailures = [];

async function session(email, { javaScriptEnabled = true } = {}) {
  // bypassCSP lets axe be injected; the product's own CSP stays as it is.
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', bypassCSP: true, javaScriptEnabled });
  const page = await ctx.newPage();
  page.on('response', r => { if (r.url().includes('/static/') && r.status() >= 400) staticFailures.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', r => { if (r.url().includes('/static/')) staticFailures.push(`failed ${r.url()}`); });
  if (email) {
    await page.goto(base + '/login');
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
  }
  return page;
}

async function axe(page, name) {
  const v = await axeViolations(page);
  check(`axe ${name}`, v.length === 0, v.join('; '));
}

// shot saves a screenshot when SCREENSHOTS=1 (to look at the pages; nothing
// reads them, and they were a tenth of the suite's time, so CI takes none).
// Chromium sometimes cannot capture one while the machine is busy; it is
// tried again before the run fails.
async function shot(page, file) {
  if (!screenshots) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path: path.join(shots, file), timeout: 20000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.waitForTimeout(1000 * attempt);
    }
  }
}

async function visit(page, url, name, status = 200) {
  const resp = await page.goto(base + url);
  check(`${name} answers ${status}`, resp.status() === status, `${url} → ${resp.status()}`);
  const size = (await resp.body()).length;
  check(`${name} HTML ≤ 200 KB`, size <= 200 * 1024, `${size} bytes`);
  await shot(page, `${name}.png`);
  await axe(page, name);
}

// The catalogue fits the window at 1280 px (its table wraps, or scrolls in
// its own region), and its search filters the table, also without JavaScript.
async function catalogueFits(page) {
  for (const url of ['/programmes/ksd/catalogue', '/programmes/ksd/municipalities/751/gantt']) {
    await page.goto(base + url);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    check(`1280 px: ${url} does not scroll sideways`, w <= 1280, `scrollWidth ${w}`);
  }
  await page.goto(base + '/programmes/ksd/catalogue');
  const all = await page.locator('.catalogue-table tbody tr').count();
  await page.fill('#q', 'projektstyring');
  await Promise.all([page.waitForURL(/[?&]q=projektstyring/), page.click('form[role=search] button[type=submit]')]);
  await page.waitForFunction(n => document.querySelectorAll('.catalogue-table tbody tr').length < n, all);
  const some = await page.locator('.catalogue-table tbody tr').count();
  check('catalogue search narrows the table', some > 0 && some < all, `${some} of ${all}`);
  await axe(page, 'katalog-soegning');
}

// The Gantt chart's texts, measured by the browser's own font: none
// overlaps another and none runs out of the picture (with all phases shown).
async function ganttGeometry(page) {
  await page.goto(base + '/programmes/ksd/municipalities/751/gantt?alle=ja');
  const r = await page.evaluate(() => {
    const svg = document.querySelector('figure.gantt svg');
    const vb = svg.viewBox.baseVal;
    const boxes = [...svg.querySelectorAll('text')].map(t => { const b = t.getBBox(); return { s: t.textContent, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height }; });
    const out = boxes.filter(b => b.x0 < -0.5 || b.y0 < -0.5 || b.x1 > vb.width + 0.5 || b.y1 > vb.height + 0.5).map(b => b.s);
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      // A pixel's grace: glyph boxes include the font's line gap.
      if (a.x0 < b.x1 - 1 && b.x0 < a.x1 - 1 && a.y0 < b.y1 - 1 && b.y0 < a.y1 - 1) overlaps.push(`${a.s} / ${b.s}`);
    }
    return { n: boxes.length, out, overlaps };
  });
  check('Gantt: no label runs out of the chart', r.n > 0 && r.out.length === 0, r.out.slice(0, 5).join(', '));
  check('Gantt: no two labels overlap', r.overlaps.length === 0, `${r.overlaps.length}: ${r.overlaps.slice(0, 5).join('; ')}`);
}

// Keyboard: the first Tab reaches the skip link, which moves focus to <main>.
async function keyboard(page) {
  await page.goto(base + '/');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim());
  check('first Tab reaches the skip link', first === 'Gå til indhold', `focused: ${first}`);
}

// Det Fælles Designsystem's stylesheet is loaded and applied: its font,
// its primary button and its header, and htmx is running.
async function designSystem(page) {
  await page.goto(base + '/programmes/ksd');
  const s = await page.evaluate(async () => {
    await document.fonts.ready;
    const css = el => el && getComputedStyle(el);
    return {
      font: css(document.body).fontFamily,
      fontLoaded: document.fonts.check('16px "IBM Plex Sans"'),
      button: css(document.querySelector('.button-primary, .button-secondary'))?.borderRadius,
      header: css(document.querySelector('header.header'))?.borderBottomStyle,
      skip: css(document.querySelector('.skipnav'))?.position,
      htmx: typeof window.htmx === 'object' && typeof window.htmx.version === 'string' ? window.htmx.version : null,
    };
  });
  check('dkfds css applied (IBM Plex Sans, header, buttons, skip link)',
    /IBM Plex Sans/.test(s.font) && s.fontLoaded && s.button && s.button !== '0px' && s.header === 'solid' && s.skip === 'absolute', JSON.stringify(s));
  check('htmx 2 loaded', s.htmx !== null && s.htmx.startsWith('2.'), `htmx ${s.htmx}`);
}

// The national overview's filter: with htmx the table alone is replaced (no
// navigation, the address follows the filter); without JavaScript the same
// form loads the filtered page.
async function overviewFilter(js, nojs) {
  await js.goto(base + '/programmes/ksd');
  // How many municipalities wave 3 has, from the table of waves.
  const n = Number(await js.locator('table:has(caption:text("Status pr. bølge")) tbody tr:has(th:text-is("3")) td').first().textContent());
  const want = `${n} af 98 kommuner`;
  await js.evaluate(() => { window.__samePage = true; });
  await Promise.all([
    js.waitForResponse(r => r.url().includes('/programmes/ksd?') && r.request().headers()['hx-request'] === 'true'),
    js.selectOption('#f-wave', '3'),
  ]);
  await js.waitForFunction(w => (document.querySelector('#kommuner caption')?.textContent || '').includes(w), want);
  const after = await js.evaluate(() => ({ same: window.__samePage === true, url: location.search, live: document.querySelector('#kommuner-antal')?.textContent }));
  check('overview filter updates the table in place with htmx', n > 0 && after.same && /wave=3/.test(after.url) && after.live.includes(want), JSON.stringify(after));

  // Back restores the unfiltered overview (htmx asks for the whole page).
  await js.goBack();
  await js.waitForFunction(() => /98 af 98 kommuner/.test(document.querySelector('#kommuner caption')?.textContent || '') && !/wave=/.test(location.search));
  check('back after an htmx filter shows the unfiltered overview', (await js.locator('#kommuner tbody tr').count()) === 98);

  await nojs.goto(base + '/programmes/ksd');
  await nojs.selectOption('#f-wave', '3');
  await Promise.all([nojs.waitForNavigation(), nojs.click('form.filters button[type=submit]')]);
  const cap = await nojs.textContent('#kommuner caption');
  check('overview filter works without JavaScript', /wave=3/.test(nojs.url()) && cap.includes(want), `${nojs.url()} ${cap}`);
}

// A login link whose next= hides another site behind a tab (browsers drop
// tabs in URLs, so "/\t/evil.example" is "//evil.example") must leave a
// signed-in user, and a user who signs in through it, on this site.
async function loginRedirect(signedIn) {
  const origin = new URL(base).origin;
  const follow = async (page, signIn) => {
    try {
      await page.goto(base + '/login?next=/%09/evil.example');
      if (signIn) {
        await page.fill('input[name=email]', 'lars.mortensen@kombit.dk');
        await page.fill('input[name=password]', password);
        await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
      }
      return page.url();
    } catch (e) {
      return `navigation failed (${e.message.split('\n')[0]}), last at ${page.url()}`;
    }
  };
  let at = await follow(signedIn, false);
  check('login next= with a tab keeps a signed-in user on the site', at.startsWith(origin + '/'), at);
  at = await follow(await session(null), true);
  check('login next= with a tab keeps a user signing in on the site', at.startsWith(origin + '/'), at);
}

// Mobile: at 375 px the page never scrolls sideways (wide tables scroll
// inside their own region), and the header's menu opens and leads on.
async function mobile(email, urls) {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'da-DK', bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(base + '/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
  for (const [url, name] of urls) {
    const resp = await page.goto(base + url);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    check(`375 px: ${name} does not scroll sideways`, resp.status() === 200 && w <= 375, `${url} → ${resp.status()}, scrollWidth ${w}`);
    await shot(page, `mobil-${name}.png`);
  }
  await axe(page, 'mobil-sidste-side');
  // The compact header: the desktop menu is hidden, "Menu" opens the same links.
  await page.goto(base + '/');
  const hidden = await page.evaluate(() => getComputedStyle(document.querySelector('.navigation-menu')).display === 'none');
  await page.click('summary:has-text("Menu")');
  const link = page.locator('.udrul-mobilemenu a[href="/mine"]');
  const visible = await link.isVisible();
  check('375 px: the desktop menu is hidden and "Menu" opens the links', hidden && visible, `hidden ${hidden}, visible ${visible}`);
  await shot(page, 'mobil-menu.png');
  await axe(page, 'mobil-menu');
  await Promise.all([page.waitForNavigation(), link.click()]);
  check('375 px: a link in the menu leads on', page.url().endsWith('/mine'), page.url());
  await ctx.close();
}

// The institution coordinator's day on a phone (375 px), only by clicking
// from her home page: she finds a task of her school with an unfinished
// checklist, changes its status and ticks an item, and the home page shows
// both; she sees who holds the school's roles. No page scrolls sideways.
async function tovholderFromHome() {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'da-DK', bypassCSP: true });
  const p = await ctx.newPage();
  await p.goto(base + '/login');
  await p.fill('input[name=email]', 'camilla.bech@aarhus.dk');
  await p.fill('input[name=password]', password);
  await Promise.all([p.waitForNavigation(), p.click('form[action="/login"] button[type=submit]')]);
  const fits = async name => {
    const w = await p.evaluate(() => document.documentElement.scrollWidth);
    check(`375 px: ${name} does not scroll sideways`, w <= 375, `scrollWidth ${w}`);
  };
  check('the tovholder lands on her school\'s home page', new URL(p.url()).pathname === '/' && /Aarhus skole 1/.test(await p.textContent('h1')), p.url());
  const people = await p.textContent('main');
  check('the tovholder sees her school\'s people and super-users', /Personer på Aarhus skole 1/.test(people) && /Camilla Bech/.test(people) && /Superbrugere: \d+ registreret af 2/.test(people));
  await fits('tovholderens forside');
  await shot(p, 'tovholder-forside.png');
  await axe(p, 'tovholder-forside');
  // A task of the school whose checklist is not done and which is not finished.
  const caption = 'table:has(caption:text("Opgaver og datoer for Aarhus skole 1"))';
  const pick = await p.evaluate(() => {
    const table = [...document.querySelectorAll('table')].find(t => /^Opgaver og datoer for/.test(t.caption?.textContent || ''));
    for (const tr of table ? table.querySelectorAll('tbody tr') : []) {
      const m = /(\d+) af (\d+) punkter/.exec(tr.textContent);
      const a = tr.querySelector('a[href^="/tasks/"]');
      if (m && Number(m[1]) < Number(m[2]) && !/Fuldført|Ikke relevant/.test(tr.textContent)) return { href: a.getAttribute('href'), done: Number(m[1]), total: Number(m[2]) };
    }
    return null;
  });
  check('the home page lists a school task with an unfinished checklist', !!pick);
  if (!pick) { await ctx.close(); return; }
  await Promise.all([p.waitForNavigation(), p.click(`${caption} a[href="${pick.href}"]`)]);
  check('home page → the school task', new URL(p.url()).pathname === pick.href, p.url());
  await fits('tovholderens opgave');
  await p.click('label[for=status-fuldfoert]');
  await p.fill('textarea[name=comment]', 'Klaret af skolens tovholder');
  await p.click('#task-status-submit');
  await p.waitForFunction(() => /Status er gemt/.test(document.querySelector('main').textContent));
  check('the tovholder marks her school\'s task done', /Klaret af skolens tovholder/.test(await p.textContent('#task-history')));
  await p.reload();
  const box = await p.evaluate(() => [...document.querySelectorAll('form[action$="/checklist"] input[name=done]')].findIndex(i => !i.checked));
  check('the task page offers an unticked checklist item', box >= 0);
  if (box >= 0) {
    await p.click(`label[for=punkt-${box}]`);
    await Promise.all([p.waitForNavigation(), p.click('form[action$="/checklist"] button[type=submit]')]);
    check('the tovholder ticks a checklist item', /Tjeklisten er gemt/.test(await p.textContent('main')) && await p.isChecked(`#punkt-${box}`), p.url());
  }
  await axe(p, 'tovholder-opgave');
  await shot(p, 'tovholder-opgave.png');
  await p.goto(base + '/');
  const row = await p.textContent(`${caption} tr:has(a[href="${pick.href}"])`);
  check('the home page shows the new status and checklist progress', /Fuldført/.test(row) && row.includes(`${pick.done + 1} af ${pick.total} punkter`), row);
  await ctx.close();
}

// A project lead finds the municipality's add-on agreement and orders
// (tilkøb) by clicking from her home page: plan, then the plan's menu.
async function addOnFromHome() {
  const p = await session('sofie.norgaard@aarhus.dk');
  await Promise.all([p.waitForNavigation(), p.click('a[href="/programmes/ksd/municipalities/751"]')]);
  await Promise.all([p.waitForNavigation(), p.click('nav.localnav a:text("Tilkøb")')]);
  const text = await p.textContent('main');
  check('home page → plan → add-on agreement with its orders', new URL(p.url()).pathname === '/programmes/ksd/municipalities/751/tilkoeb' &&
    /Sofie Nørgaard/.test(text) && /Bestilte tilkøb/.test(text) && /Tilkøbets opgaver i planen/.test(text), p.url());
}

// A municipal project lead's day, only by clicking from the home page:
// mark a task done, move a task's dates with a reason, add an own task.
async function leadFromHome() {
  const p = await session('sofie.norgaard@aarhus.dk');
  check('the lead lands on her home page', new URL(p.url()).pathname === '/' && /Aarhus/.test(await p.textContent('h1')), p.url());
  await Promise.all([p.waitForNavigation(), p.click('table:has(caption:text("Opgaver, der kræver handling")) tbody tr th a >> nth=0')]);
  check('home page → task page', /^\/tasks\/\d+$/.test(new URL(p.url()).pathname), p.url());
  await p.click('label[for=status-fuldfoert]');
  await p.fill('textarea[name=comment]', 'Klaret fra forsiden');
  await p.click('#task-status-submit');
  await p.waitForFunction(() => /Status er gemt/.test(document.querySelector('main').textContent));
  check('the lead marks the task done', /Fuldført/.test(await p.textContent('#task-history')) && /Klaret fra forsiden/.test(await p.textContent('#task-history')));

  await Promise.all([p.waitForNavigation(), p.click('a:text("Datoer og lokal flytning")')]);
  const week = async sel => {
    const v = await p.inputValue(sel);
    const d = new Date(v + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 7);
    await p.fill(sel, d.toISOString().slice(0, 10));
    return d.toISOString().slice(0, 10);
  };
  await week('#start');
  const end = await week('#end');
  await p.fill('#reason', 'Styregruppen mødes en uge senere');
  await Promise.all([p.waitForNavigation(), p.click('button:text("Flyt opgaven")')]);
  const moved = await p.textContent('main');
  const [y, m, d] = end.split('-');
  check('the lead moves the dates with a reason', /Styregruppen mødes en uge senere/.test(moved) && moved.includes(`${d}.${m}.${y}`), p.url());

  await Promise.all([p.waitForNavigation(), p.click('main p a >> nth=0')]); // the breadcrumb: the municipality's plan
  await Promise.all([p.waitForNavigation(), p.click('a:text("Egne opgaver og milepæle")')]);
  await p.fill('#title', 'Informationsmøde for skolelederne');
  const today = new Date();
  const iso = n => { const x = new Date(today); x.setUTCDate(x.getUTCDate() + n); while ([0, 6].includes(x.getUTCDay())) x.setUTCDate(x.getUTCDate() + 1); return x.toISOString().slice(0, 10); };
  await p.fill('#start', iso(10));
  await p.fill('#end', iso(12));
  await Promise.all([p.waitForNavigation(), p.click('button:text("Tilføj til planen")')]);
  check('the lead adds an own task', /Informationsmøde for skolelederne/.test(await p.textContent('main')) && !/ikke gemt|kan ikke/i.test(await p.textContent('main')), p.url());
  await shot(p, 'projektleder-egen-opgave.png');
  await p.context().close();
}

// The project lead finds the steering group's status report from her home
// page, and from it her municipality across the programmes.
async function leadFindsStatusReport() {
  const p = await session('sofie.norgaard@aarhus.dk');
  await Promise.all([p.waitForNavigation(), p.click('p:has-text("Statusrapport til styregruppen") a >> nth=0')]);
  check('home page → status report', /^Statusrapport: Aarhus/.test(await p.textContent('h1')) && /Fremdrift pr. fase/.test(await p.textContent('main')), p.url());
  await Promise.all([p.waitForNavigation(), p.click('a:text("Aarhus på tværs af programmer")')]);
  check('status report → across the programmes', /på tværs af programmer/.test(await p.textContent('h1')) && /Åbne opgaver pr. måned/.test(await p.textContent('main')), p.url());
  await p.context().close();
}

// The readiness survey's answer page, as a respondent without an account
// on a phone. The demo's rounds are past or future, so the coordinator moves
// the go-live of a catch-up-wave municipality to six months from now (its
// baseline round opens today), makes a group, the round and an open link on
// the survey page, and the respondent answers. It runs last, because it
// changes a plan.
async function readinessAnswer(coord, anon) {
  await anon.setViewportSize({ width: 375, height: 740 });
  const ov = await (await coord.request.get(base + '/api/v1/programmes/ksd/overview')).json();
  const m = (ov.municipalities || []).filter(x => x.wave === 8).pop();
  const page = `/programmes/ksd/municipalities/${m.code}/parathed`;
  await coord.goto(base + page);
  const csrf = JSON.parse(await coord.getAttribute('body', 'hx-headers'))['X-CSRF-Token'];
  const d = new Date();
  d.setDate(Math.min(d.getDate(), 28));
  d.setMonth(d.getMonth() + 6);
  const golive = d.toISOString().slice(0, 10);
  const moved = await coord.request.post(base + '/api/v1/programmes/ksd/enrolments', {
    headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' }, data: JSON.stringify([{ code: m.code, golive, wave: 8 }]) });
  check('go-live moved for the readiness answer check', moved.status() === 200, `${moved.status()}`);
  await coord.goto(base + page);
  await coord.fill('#name', 'Sagsbehandler');
  await Promise.all([coord.waitForNavigation(), coord.click('form[action$="/parathed/groups"] button[type=submit]')]);
  await coord.selectOption('#round', 'baseline');
  await Promise.all([coord.waitForNavigation(), coord.click('form[action$="/parathed/rounds"] button[type=submit]')]);
  await coord.check('#kind-aaben');
  await coord.fill('#number', '3');
  await Promise.all([coord.waitForNavigation(), coord.click('form[action$="/parathed/links"] button[type=submit]')]);
  await axe(coord, 'parathed-nye-links');
  const url = ((await coord.inputValue('#link-adresser')) || '').trim().split('\n')[0];
  check('an open readiness link is shown once', /\/svar\/udrul_svar_/.test(url), url);
  await visit(anon, url.replace(/^https?:\/\/[^/]+/, ''), 'parathed-svar');
  for (const k of ['opmaerksomhed', 'motivation', 'viden', 'stoette', 'anerkendelse']) await anon.check(`#${k}-4`);
  await Promise.all([anon.waitForNavigation(), anon.click('form.readiness-answer button[type=submit]')]);
  check('the respondent is thanked', /Tak for dit svar/.test(await anon.textContent('main')));
  await axe(anon, 'parathed-svar-tak');
}

try {
  const anon = await session(null);
  await visit(anon, '/login', 'login');

  const coord = await session('lars.mortensen@kombit.dk');
  await keyboard(coord);
  await loginRedirect(coord);
  await designSystem(coord);
  await overviewFilter(coord, await session('lars.mortensen@kombit.dk', { javaScriptEnabled: false }));
  lap('start, keyboard, login redirect, design system, overview filter');
  const pages = coordinatorPages;
  // The pages are only read: two sessions visit them side by side, one per
  // core of the project's machines (docs/performance.md, "Test suite").
  const todo = [...pages];
  await Promise.all([coord, await session('lars.mortensen@kombit.dk')].map(async p => {
    for (let next; (next = todo.shift());) await visit(p, next[0], next[1], next[1] === 'fejlside' ? 404 : 200);
  }));
  lap('the coordinator\'s pages');
  await visit(coord, '/paa-tvaers?days=tre', 'golives-paa-tvaers-fejl', 400);
  await catalogueFits(coord);
  await ganttGeometry(coord);
  lap('catalogue and Gantt geometry');
  await visit(await session(null), '/svar/udrul_svar_findesikke', 'parathed-svar-ukendt-link', 404);
  // A benefit of Aarhus' register (a pilot: measured), with its chart.
  const gev751 = await (await coord.request.get(base + '/api/v1/programmes/ksd/municipalities/751/benefits')).json();
  check('a benefit in Aarhus\' register', (gev751.benefits || []).length > 0);
  if ((gev751.benefits || []).length) await visit(coord, `/programmes/ksd/municipalities/751/gevinster/${gev751.benefits[0].key}`, 'gevinst');
  // A person of Aarhus' people register (a pilot: roles at its schools).
  const rol751 = await (await coord.request.get(base + '/api/v1/programmes/samarbejdsplatformen/municipalities/751/people')).json();
  check('a person in Aarhus\' people register', (rol751.people || []).length > 0);
  if ((rol751.people || []).length) await visit(coord, `/programmes/samarbejdsplatformen/municipalities/751/roller/${rol751.people[0].key}`, 'person');
  // A course run with its participants, results and evaluation.
  const udd = await (await coord.request.get(base + '/api/v1/programmes/samarbejdsplatformen/training')).json();
  const kursusgang = (udd.courses || []).flatMap(c => c.runs || [])[0];
  check('a course run in the demo', !!kursusgang);
  if (kursusgang) await visit(coord, `/programmes/samarbejdsplatformen/uddannelse/kursusgange/${kursusgang.key}`, 'kursusgang');
  const member = await session('peter.lund@aarhus.dk');
  await visit(member, '/mine', 'mine-opgaver');
  const admin = await session('admin@kombit.dk');
  await visit(admin, '/admin/users', 'administration');
  for (const [url, name] of [['/admin/organisations', 'organisationer'], ['/admin/programmes', 'programindstillinger'], ['/admin/varsler', 'udbakke']]) {
    await visit(admin, url, name);
  }
  await admin.goto(base + '/admin/users');
  const userHref = await admin.getAttribute('a[href^="/admin/users/"]', 'href');
  await visit(admin, userHref, 'bruger');
  // A school task across Aarhus' institutions.
  const sp751 = await (await coord.request.get(base + '/api/v1/programmes/samarbejdsplatformen/municipalities/751/tasks')).json();
  const instTask = (sp751.tasks || []).find(t => t.institution);
  check('an institution-level task in Aarhus', !!instTask);
  if (instTask) await visit(coord, `/programmes/samarbejdsplatformen/municipalities/751/tasks/${instTask.key}`, 'opgave-pr-institution');
  lap('pages found through the API, member and administrator');

  // Catalogue editing: a bad value is shown at its field, a good one leads to
  // the preview of what publishing would change; nothing is published here.
  await coord.goto(base + '/programmes/ksd/catalogue/tasks/ksd-ps-04');
  const start = Number(await coord.inputValue('#start'));
  await coord.fill('#start', 'tre uger før');
  await Promise.all([coord.waitForNavigation(), coord.click('button[value=preview]')]);
  check('catalogue task form: a bad start is refused at its field', /helt tal/.test((await coord.textContent('#start-fejl')) || ''));
  await shot(coord, 'katalog-opgave-fejl.png');
  await axe(coord, 'katalog-opgave-fejl');
  await coord.fill('#start', String(start - 1));
  await Promise.all([coord.waitForNavigation(), coord.click('button[value=preview]')]);
  check('catalogue task form: the preview offers to publish', /Udgiv version/.test(await coord.textContent('main')));
  await shot(coord, 'katalog-forhaandsvisning.png');
  await axe(coord, 'katalog-forhaandsvisning');
  lap('catalogue editing');

  // End to end: København's project lead (the next wave, going live within days)
  // completes a not-started mandatory task.
  const lead = await session('jonas.vestergaard@kk.dk');
  // The project lead finds the handbook from the home page, sees the
  // versions sent to København, and gets the PDF.
  await lead.goto(base + '/');
  await Promise.all([lead.waitForURL(/\/municipalities\/101\/haandbog$/), lead.click('a[href="/programmes/ksd/municipalities/101/haandbog"]')]);
  const hb = await lead.textContent('main');
  check('the project lead reaches the handbook from the home page', /Implementeringshåndbog: København/.test(hb) && /Versioner sendt til København|ikke sendt endnu/.test(hb), hb.slice(0, 200));
  await axe(lead, 'haandbog-projektleder');
  const pdf = await lead.request.get(base + '/programmes/ksd/municipalities/101/haandbog.pdf');
  check('the handbook PDF answers as a PDF', pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf' && (await pdf.body()).subarray(0, 5).toString() === '%PDF-',
    `status ${pdf.status()}, ${pdf.headers()['content-type']}`);
  const plan = await lead.goto(base + '/programmes/ksd/municipalities/101');
  check('project lead sees own plan', plan.status() === 200);
  // The plan's filter with htmx: only the phases' tables change.
  await lead.evaluate(() => { window.__samePage = true; });
  await Promise.all([
    lead.waitForResponse(r => r.url().includes('/municipalities/101?') && r.request().headers()['hx-request'] === 'true'),
    lead.selectOption('#f-status', 'fuldfoert'),
  ]);
  await lead.waitForFunction(() => /status=fuldfoert/.test(location.search) && /opdateret/.test(document.querySelector('#opgaver-antal')?.textContent || ''));
  const shown = await lead.evaluate(() => ({
    same: window.__samePage === true,
    statuses: [...document.querySelectorAll('#opgaver tbody tr')].map(tr => tr.textContent).filter(t => /Ikke påbegyndt|Påbegyndt/.test(t) && !/fuldført/.test(t)).length,
    rows: document.querySelectorAll('#opgaver tbody tr').length,
  }));
  check('plan filter updates the phases in place with htmx', shown.same && shown.rows > 0 && shown.statuses === 0, JSON.stringify(shown));
  await lead.goto(base + '/programmes/ksd/municipalities/101');
  const before = await coord.goto(base + '/programmes/ksd');
  const greenBefore = Number(await coord.locator('tr:has(a[href^="/programmes/ksd/municipalities/101?"]) td').nth(7).textContent());
  const hrefs = await lead.evaluate(() => {
    const out = [];
    for (const tr of document.querySelectorAll('tr')) {
      const a = tr.querySelector('a[href^="/tasks/"]');
      if (a && /Ikke påbegyndt/.test(tr.textContent) && /Obligatorisk/.test(tr.textContent)) out.push(a.getAttribute('href'));
    }
    return out;
  });
  const href = hrefs[0] || null;
  check('plan lists a not-started mandatory task', href !== null);
  if (href) {
    await lead.goto(base + href);
    await visit(lead, href, 'opgave');
    // With htmx the status section is replaced in place: no navigation.
    await lead.evaluate(() => { window.__samePage = true; });
    await lead.click('label[for=status-fuldfoert]');
    await lead.fill('textarea[name=comment]', 'Udført i browsertesten');
    await Promise.all([
      lead.waitForResponse(r => r.url().endsWith('/status') && r.request().method() === 'POST'),
      lead.click('form[action$="/status"] button[type=submit]'),
    ]);
    await lead.waitForFunction(() => /Status er gemt/.test(document.querySelector('#task-status')?.textContent || ''));
    const text = await lead.textContent('main');
    const same = await lead.evaluate(() => window.__samePage === true);
    const light = await lead.textContent('#task-status .light');
    const focus = await lead.evaluate(() => document.activeElement && document.activeElement.id);
    const live = await lead.textContent('#task-status-live');
    check('after the htmx status change the focus stays on the button and the live region says so',
      focus === 'task-status-submit' && /Status er gemt: Fuldført, Grøn/.test(live), `focus ${focus}, live "${live}"`);
    check('htmx status change: Fuldført and Grøn without a full navigation',
      same && /Status er gemt/.test(text) && /Fuldført/.test(text) && /Grøn/.test(light) && /Udført i browsertesten/.test(await lead.textContent('#task-history')),
      `same page ${same}, light "${light}"`);
    await shot(lead, 'opgave-fuldfoert.png');
    await axe(lead, 'opgave-efter-htmx');
    await coord.goto(base + '/programmes/ksd');
    const greenAfter = Number(await coord.locator('tr:has(a[href^="/programmes/ksd/municipalities/101?"]) td').nth(7).textContent());
    check('national overview counts one more green task for København', greenAfter === greenBefore + 1, `${greenBefore} → ${greenAfter}`);

    const other = await session('sofie.norgaard@aarhus.dk');
    const resp = await other.goto(base + href);
    check("another municipality's lead cannot open the task", resp.status() === 403, `status ${resp.status()}`);
    const r2 = await other.request.post(base + href + '/status', { form: { status: 'ikke_paabegyndt', version: '1', comment: 'x' } });
    check("another municipality's lead cannot change it", r2.status() === 403, `status ${r2.status()}`);
  }
  // Without JavaScript the same form posts and the task page comes back
  // whole; and it is done with the keyboard alone: Tab to the status
  // radios, arrow keys to Fuldført, Tab to the button, Enter.
  if (hrefs[1]) {
    const plain = await session('jonas.vestergaard@kk.dk', { javaScriptEnabled: false });
    await plain.goto(base + hrefs[1]);
    const active = () => plain.evaluate(() => {
      const e = document.activeElement;
      return e ? { id: e.id, name: e.getAttribute('name'), type: e.getAttribute('type'), form: e.form ? e.form.getAttribute('action') : null } : {};
    });
    let a = {};
    for (let i = 0; i < 200 && a.name !== 'status'; i++) { await plain.keyboard.press('Tab'); a = await active(); }
    for (let i = 0; i < 4 && a.id !== 'status-fuldfoert'; i++) { await plain.keyboard.press('ArrowDown'); a = await active(); }
    const radio = a.id;
    for (let i = 0; i < 10 && !(a.type === 'submit' && /\/status$/.test(a.form || '')); i++) { await plain.keyboard.press('Tab'); a = await active(); }
    await Promise.all([plain.waitForNavigation(), plain.keyboard.press('Enter')]);
    const text = await plain.textContent('main');
    check('status change by keyboard alone and without JavaScript (post, redirect, whole page)',
      radio === 'status-fuldfoert' && /\?gemt$/.test(plain.url()) && /Status er gemt/.test(text) && /Grøn/.test(text), `${radio} ${plain.url()}`);
  } else {
    check('a second not-started mandatory task for the no-JavaScript status change', false);
  }
  // The task page's checklist, links and documents are plain forms (post,
  // redirect, whole page): København's KSD styregruppe task has a checklist
  // and the demo's minutes.
  const plan101 = await (await lead.request.get(base + '/api/v1/programmes/ksd/municipalities/101/tasks')).json();
  const styre = plan101.tasks.find(t => t.key === 'ksd-ps-04');
  check('demo task ksd-ps-04 in København', !!styre);
  if (styre) {
    const noJS = await session('jonas.vestergaard@kk.dk');
    await visit(noJS, `/tasks/${styre.id}`, 'opgave-tjekliste');
    const wasChecked = await noJS.isChecked('#punkt-0');
    await noJS.click('label[for=punkt-0]');
    await Promise.all([noJS.waitForNavigation(), noJS.click('form[action$="/checklist"] button[type=submit]')]);
    check('checklist saved (post, redirect, whole page)', /ok=tjekliste/.test(noJS.url()) && /Tjeklisten er gemt/.test(await noJS.textContent('main')) &&
      (await noJS.isChecked('#punkt-0')) === !wasChecked, noJS.url());
    await noJS.fill('#link-title', 'Intranet');
    await noJS.fill('#link-url', 'intranet.kk');
    await Promise.all([noJS.waitForNavigation(), noJS.click('form[action$="/links"] button[type=submit]')]);
    check('a bad link is refused next to its field', /ikke en gyldig adresse/.test((await noJS.textContent('#link-url-fejl')) || ''));
    await shot(noJS, 'opgave-link-fejl.png');
    await axe(noJS, 'opgave-link-fejl');
    const doc = await noJS.getAttribute('#dokumenter a[download]', 'href');
    const dl = doc && await noJS.request.get(base + doc);
    check('an attached document downloads as an attachment', !!dl && dl.status() === 200 &&
      /^attachment/.test(dl.headers()['content-disposition'] || '') && dl.headers()['x-content-type-options'] === 'nosniff', doc);
  }
  lap('end to end: handbook, status change, checklist, links');
  await leadFromHome();
  await tovholderFromHome();
  await leadFindsStatusReport();
  await addOnFromHome();
  lap('the project lead\'s and tovholder\'s days');
  const overviewRow = await (await coord.request.get(base + '/api/v1/programmes/ksd/municipalities/751/tasks')).json();
  await mobile('lars.mortensen@kombit.dk', [
    ['/programmes/ksd', 'landsoversigt'],
    ['/programmes/ksd/municipalities/751', 'kommunens-plan'],
    ['/programmes/ksd/followup', 'opfoelgningsliste'],
    [`/tasks/${overviewRow.tasks[0].id}`, 'opgave'],
    ['/programmes/ksd/catalogue', 'katalog'],
    ['/programmes/ksd/catalogue?q=projektstyring', 'katalog-soegning'],
    ['/programmes/ksd/municipalities/751/gantt', 'gantt'],
  ]);
  await visit(anon, '/tilgaengelighed', 'tilgaengelighedserklaering');
  lap('mobile');
  await readinessAnswer(coord, await session(null));
  lap('readiness answer');
  check('every /static/ asset is served', staticFailures.length === 0, staticFailures.slice(0, 5).join(', '));
} catch (e) {
  check('browser run', false, String(e && e.stack || e));
} finally {
  await browser.close();
}
const failed = results.filter(r => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
