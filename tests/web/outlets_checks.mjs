// The checks of the Outlets view (#/outlets), run by views_test.mjs: the
// network is drawn (capped), the table holds every edge, an edge chosen by
// a click in the drawing or by the keyboard in the table lists its families,
// a family link opens a tree holding both outlets, and the downloads work.

const MAX_DRAWN = 200;

function networkEdges(outlets) {
  return outlets.flatMap((copier) => copier.sources.map((source) => ({ ...source, source: source.outlet, outlet: copier.outlet })));
}

// Clicks the middle of a drawn edge's line (an SVG group's box centre may be empty space).
async function clickEdge(page, index) {
  const point = await page.evaluate((at) => {
    const line = document.querySelectorAll('svg.network .net-edge .net-line')[at];
    const middle = line.getPointAtLength(line.getTotalLength() / 2);
    const screen = new DOMPoint(middle.x, middle.y).matrixTransform(line.getScreenCTM());
    return { x: screen.x, y: screen.y };
  }, index);
  await page.mouse.click(point.x, point.y);
}

export async function checkOutletsView(page, base, { check, assert, screenshot, readDownload }) {
  const { outlets } = await (await fetch(`${base}/v1/outlets`)).json();
  const edges = networkEdges(outlets);
  const drawable = edges.filter((edge) => edge.source !== edge.outlet).length;

  await check('outlets_view_draws_the_network_and_lists_every_edge', async () => {
    await page.goto(`${base}/#/outlets`);
    await page.waitForSelector('svg.network .net-edge');
    const drawn = await page.$$eval('svg.network .net-edge', (items) => items.length);
    assert(drawn === Math.min(MAX_DRAWN, drawable), `${drawn} edges drawn of ${drawable} between two outlets (cap ${MAX_DRAWN})`);
    const status = await page.textContent('.edge-table-panel [role="status"]');
    assert(status.includes(`of ${edges.length.toLocaleString('en-US')} edges`), `the table says "${status}" for ${edges.length} edges`);
    const legend = await page.textContent('.network-legend');
    assert(legend.includes('none dropped') && legend.includes('half or more dropped'), `the legend reads "${legend}"`);
  });

  await check('clicking_an_edge_lists_its_families_and_a_link_opens_the_tree', async () => {
    const heaviest = await page.$$eval('svg.network .net-edge', (items) => items.length - 1);  // drawn last, on top
    const { source, outlet } = await page.$$eval('svg.network .net-edge', (items, at) => items[at].dataset, heaviest);
    await clickEdge(page, heaviest);
    await page.waitForSelector('.edge-families .family-links a');
    const expected = edges.find((edge) => edge.source === source && edge.outlet === outlet);
    const heading = await page.textContent('.edge-families h2');
    assert(heading === `${source} → ${outlet}`, `the clicked edge ${source} → ${outlet} shows "${heading}"`);
    const links = await page.$$eval('.edge-families .family-links a', (items) => items.map((item) => item.getAttribute('href')));
    assert(links.length === expected.families.length, `${links.length} family links for ${expected.families.length} families`);
    await screenshot(page, '15-outlets-edge.png');
    await page.click('.edge-families .family-links a');
    await page.waitForSelector('svg.tree .node[data-doc]');
    const id = Number(links[0].split('/').pop());
    assert(await page.evaluate(() => location.hash) === links[0], `the link ${links[0]} opened ${await page.evaluate(() => location.hash)}`);
    const family = await (await fetch(`${base}/v1/families/${id}`)).json();
    const outletsInTree = new Set(family.nodes.map((node) => node.doc.outlet));
    assert(outletsInTree.has(source) && outletsInTree.has(outlet), `family #${id} holds neither ${source} nor ${outlet}`);
  });

  await checkTableAndDownloads(page, base, edges, { check, assert, readDownload });
}

async function checkTableAndDownloads(page, base, edges, { check, assert, readDownload }) {
  await check('a_table_row_opens_its_families_by_keyboard', async () => {
    await page.goto(`${base}/#/outlets`);
    await page.waitForSelector('.edge-table tbody tr');
    const row = await page.$eval('.edge-table tbody tr:nth-child(3)', (item) => ({ ...item.dataset }));
    await page.focus('.edge-table tbody tr:nth-child(3) .link-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.edge-families .family-links a');
    const heading = await page.textContent('.edge-families h2');
    assert(heading === `${row.source} → ${row.outlet}`, `Enter on the third row shows "${heading}"`);
    const focused = await page.evaluate(() => document.activeElement?.closest('.edge-families') != null);
    assert(focused, 'the focus did not move to the families listed');
  });

  await check('outlet_network_downloads_graphml_and_csv', async () => {
    const graphml = await (await fetch(new URL(await page.getAttribute('.exports a:has-text("GraphML")', 'href'), base))).text();
    assert(graphml.includes('<graphml'), 'the GraphML link answers no GraphML');
    const served = await (await fetch(new URL(await page.getAttribute('.exports a:has-text("Edges as CSV")', 'href'), base))).text();
    assert(served.startsWith('source,outlet,passages,attribution_dropped'), `the edges CSV starts ${JSON.stringify(served.slice(0, 60))}`);
    const table = await readDownload(page, () => page.click('.exports button:has-text("Table as CSV")'));
    const lines = table.split('\r\n').filter(Boolean);
    assert(lines[0] === 'Source,Copied by,Passages,Attribution dropped,Dropped share,Families', `the table CSV header is ${lines[0]}`);
    assert(lines.length === edges.length + 1, `the table CSV has ${lines.length - 1} rows for ${edges.length} edges`);
  });
}
