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
 * Every action of the page's rows and forms: visible, inside the viewport's width once scrolled
 * to, and the element a click at its centre reaches (nothing covers it). Checked in the page in
 * one go, so that a page with many rows stays fast.
 */
export function unreachableActions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      'td.row-actions a, td.row-actions button, .form-buttons button, .form-buttons a, ' +
      'details.confirm > summary, .filters button, .tabs a, .topbar a, .topbar button';
    const problems: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      // A button inside a closed confirmation is reached by opening it first.
      if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
      const name = (el.textContent ?? '').trim();
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) {
        problems.push(`hidden: ${name}`);
        continue;
      }
      if (box.left < 0 || box.right > window.innerWidth + 0.5) {
        problems.push(`off-screen: ${name} (${Math.round(box.left)}–${Math.round(box.right)})`);
        continue;
      }
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (!hit || !(hit === el || el.contains(hit))) problems.push(`covered: ${name}`);
    }
    window.scrollTo(0, 0);
    return problems;
  });
}

/** French text shown on the page with a plain space where French wants a narrow one. */
export async function frenchTypographyFaults(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const faults = text.match(/.{0,20}( [:;!?](?=\s|$)|« | »).{0,10}/gm) ?? [];
  const iso = text.match(/.{0,20}\b\d{4}-\d{2}-\d{2}\b.{0,10}/g) ?? [];
  return [...faults, ...iso];
}
