import { join } from 'node:path';
import type { Page } from 'playwright-core';

const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

/** The serious and critical accessibility violations axe-core finds on the page. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: object): Promise<unknown> } }).axe;
    return (await axe.run({ resultTypes: ['violations'] })) as {
      violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
    };
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** How far the page scrolls sideways: 0 when everything fits the viewport. */
export function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/**
 * Every action of the page's rows and forms: inside the viewport's width, visible, and the
 * element a click at its centre would reach (Playwright's trial click checks the hit target).
 */
export async function unreachableActions(page: Page): Promise<string[]> {
  const width = page.viewportSize()!.width;
  const actions = page.locator(
    'td.row-actions a, td.row-actions button, .form-buttons button, .form-buttons a, details.confirm > summary, .filters button, .tabs a',
  );
  const problems: string[] = [];
  for (const action of await actions.all()) {
    if (!(await action.isVisible())) {
      // A button inside a closed confirmation is reached by opening it first.
      const inClosed = await action.evaluate((el) => el.closest('details:not([open])') !== null);
      if (!inClosed) problems.push(`hidden: ${await action.textContent()}`);
      continue;
    }
    await action.scrollIntoViewIfNeeded();
    const box = await action.boundingBox();
    const name = (await action.textContent())?.trim();
    if (!box || box.x < 0 || box.x + box.width > width + 0.5) {
      problems.push(`off-screen: ${name} at x=${box?.x} w=${box?.width}`);
      continue;
    }
    try {
      await action.click({ trial: true, timeout: 1000 });
    } catch {
      problems.push(`not clickable: ${name}`);
    }
  }
  return problems;
}

/** French text shown on the page with a plain space where French wants a narrow one. */
export async function frenchTypographyFaults(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const faults = text.match(/.{0,20}( [:;!?](?=\s|$)|« | »).{0,10}/gm) ?? [];
  const iso = text.match(/.{0,20}\b\d{4}-\d{2}-\d{2}\b.{0,10}/g) ?? [];
  return [...faults, ...iso];
}
