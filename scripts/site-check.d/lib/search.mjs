// Search smoke test in the real browser: type each query into the search page and expect
// a result whose title contains the expected text within the first `within` results.
export async function searchChecks(browser, origin, prefix, queries) {
  const problems = [];
  const results = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    for (const { q, expect, within = 3 } of queries) {
      await page.goto(origin + prefix + 'search/');
      await page.fill('#q', q);
      await page.click('#search-form button[type=submit]');
      let titles = [];
      try {
        await page.waitForSelector('#search-results li a.title', { timeout: 10000 });
        titles = await page.$$eval('#search-results li a.title', (els) => els.map((e) => e.textContent));
      } catch (e) {
        titles = [];
      }
      const rank = titles.findIndex((t) => t.includes(expect));
      results.push({ q, expect, rank: rank < 0 ? null : rank + 1, first: titles[0] || null, count: titles.length });
      if (rank < 0 || rank >= within) {
        problems.push({ page: prefix + 'search/', problem: `query “${q}”: expected a result containing “${expect}” in the first ${within}, got ${titles.length ? titles.slice(0, 3).map((t) => `“${t}”`).join(', ') : 'no results'}` });
      }
    }
  } finally {
    await context.close();
  }
  return { results, problems };
}
