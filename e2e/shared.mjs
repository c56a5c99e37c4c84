// What run.mjs and crawl.mjs share: the axe check and the coordinator's
// page list, whose page kinds run.mjs checks with axe so that the crawl
// need not check them again (each page kind once per suite run).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const axePath = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');

// axeViolations runs axe-core (WCAG 2.1 A and AA) on the page and describes
// each violation in a line. Only violations are collected: the passes and
// incomplete results, which nothing reads, were a quarter of axe's time.
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  const r = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  return r.violations.map(v => `${v.id} (${v.nodes.length}): ${v.help} — ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')}`);
}

// The coordinator's pages run.mjs opens one by one: status, size, axe and
// (with SCREENSHOTS=1) a screenshot each. [path, name].
export const coordinatorPages = [
  ['/', 'forside'],
  ['/programmes/ksd', 'national-oversigt'],
  ['/programmes/ksd/followup', 'opfoelgning'],
  ['/programmes/ksd/catalogue', 'katalog'],
  ['/programmes/ksd/municipalities/751', 'kommune'],
  ['/programmes/ksd/municipalities/751/gantt', 'gantt'],
  ['/programmes/ksd/municipalities/751/contacts', 'kontaktlog'],
  ['/programmes/ksd/municipalities/751/checkpoints', 'kontrolpunkter'],
  ['/programmes/ksd/municipalities/751/own-tasks', 'egne-opgaver'],
  ['/programmes/ksd/municipalities/751/baselines', 'basisplaner'],
  ['/programmes/ksd/municipalities/751/conflicts', 'konflikter'],
  ['/tasks/1/dates', 'datoer'],
  ['/programmes/ksd/waveplan', 'boelgeplan'],
  ['/programmes/ksd/waveplan/setup', 'boelgeplan-opsaetning'],
  ['/programmes/ksd/waveplan/versions/1', 'boelgeplan-version'],
  ['/programmes/samarbejdsplatformen/municipalities/101', 'kommune-med-skoler'],
  ['/findes-ikke', 'fejlside'],
  ['/hypercare', 'hypercare'],
  ['/konto', 'konto'],
  ['/konto/varsler', 'varsler'],
  ['/programmes/ksd/catalogue/tasks/ksd-ps-04', 'katalog-opgave'],
  ['/programmes/ksd/catalogue/ny-opgave', 'katalog-ny-opgave'],
  ['/programmes/ksd/catalogue/source', 'katalog-fil'],
  ['/programmes/ksd/waveplan/versions/1/municipalities/751', 'boelgeplan-kommune'],
  ['/programmes/ksd/municipalities/751/incidents', 'hypercare-haendelser'],
  ['/programmes/ksd/municipalities/751/parathed', 'parathed'],
  ['/programmes/ksd/parathed', 'parathed-national'],
  ['/programmes/ksd/municipalities/751/risici', 'risici'],
  ['/programmes/ksd/risici', 'risici-alle'],
  ['/programmes/ksd/risici/central?rediger=1', 'risici-central'],
  ['/programmes/ksd/risici/hypercare/1', 'risici-hypercare'],
  ['/programmes/ksd/risikotal', 'risikotal'],
  ['/programmes/ksd/municipalities/751/gevinster', 'gevinster'],
  ['/programmes/ksd/gevinster', 'gevinster-national'],
  ['/programmes/ksd/municipalities/217/statusrapport', 'statusrapport'],
  ['/programmes/ksd/rapport', 'programrapport'],
  ['/kommuner/751/paa-tvaers', 'kommune-paa-tvaers'],
  ['/paa-tvaers?days=60', 'golives-paa-tvaers'],
  ['/programmes/ksd/model', 'implementeringsmodel'],
  ['/programmes/ksd/municipalities/751/haandbog', 'haandbog'],
  ['/programmes/samarbejdsplatformen/municipalities/751/roller', 'roller'],
  ['/programmes/samarbejdsplatformen/superbrugere', 'superbrugere-national'],
  ['/programmes/samarbejdsplatformen/uddannelse', 'uddannelse'],
  ['/programmes/samarbejdsplatformen/uddannelse/national', 'uddannelse-national'],
  ['/programmes/samarbejdsplatformen/municipalities/751/uddannelse', 'uddannelse-kommune'],
  ['/meddelelser', 'meddelelser'],
  ['/meddelelser/1', 'meddelelse'],
  ['/netvaerksmoeder', 'netvaerksmoeder'],
  ['/programmes/ksd/kommunepraktik', 'kommunepraktik'],
  ['/programmes/ksd/tilkoeb', 'tilkoeb-katalog'],
  ['/programmes/ksd/tilkoeb/bestillinger', 'tilkoeb-bestillinger'],
  ['/programmes/ksd/municipalities/751/tilkoeb', 'tilkoeb-aftale'],
  ['/programmes/ksd/municipalities/751/foer-tilmelding', 'foer-tilmelding'],
  ['/programmes/samarbejdsplatformen/municipalities/751/institutioner', 'institutioner'],
  ['/programmes/samarbejdsplatformen/municipalities/751/institutioner/751-s01', 'institution'],
  ['/programmes/samarbejdsplatformen-dagtilbud', 'oversigt-dagtilbud'],
];
