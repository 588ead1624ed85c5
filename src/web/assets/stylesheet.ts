/**
 * The control panel's stylesheet, served at /assets/style.css. Kept in a module rather than a
 * .css file so that the compiled server (dist/) carries it without a copy step.
 */
export const STYLESHEET = `
:root {
  --ink: #1b2330;
  --muted: #5a6577;
  --line: #dde2ea;
  --bg: #f4f6f9;
  --card: #ffffff;
  --brand: #0b50c2;
  --brand-dark: #083c93;
  --danger: #b3261e;
  --ok: #146c2e;
  --warn: #8a5300;
  --focus: #ffbf47;
  --radius: 8px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
  background: var(--bg);
  line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--brand); }
a:hover { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
main { max-width: 1200px; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 1.75rem 0 0.75rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.5rem; }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: 0.5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.topbar { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap;
  padding: 0.6rem 1.25rem; background: #0d1b33; color: #fff; }
.topbar a { color: #fff; }
.brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; display: inline-flex; gap: 0.4rem; align-items: center; }
.brand-mark { color: #6fa8ff; }
.topbar-right { display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
.topbar .who { font-size: 0.9rem; }
.topbar .nic { color: #b8c7e0; }
.topbar .button-quiet { color: #fff; border-color: #51607a; background: transparent; }
.lang-switch { font-size: 0.9rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem; margin: 1rem 0; }
.card.narrow { max-width: 28rem; margin: 3rem auto; }
.muted { color: var(--muted); }
.small { font-size: 0.85rem; }
.note { background: #eef4ff; border-left: 4px solid var(--brand); padding: 0.6rem 0.8rem; border-radius: 4px; }
.breadcrumb { margin: 0; font-size: 0.9rem; }
.tabs { display: flex; gap: 0.25rem; border-bottom: 2px solid var(--line); margin-bottom: 1.25rem; flex-wrap: wrap; }
.tab { padding: 0.55rem 1rem; text-decoration: none; color: var(--muted); border-bottom: 3px solid transparent; margin-bottom: -2px; font-weight: 600; }
.tab:hover { color: var(--ink); }
.tab.current { color: var(--brand); border-bottom-color: var(--brand); }
.stack { display: flex; flex-direction: column; gap: 1rem; }
.field { display: flex; flex-direction: column; gap: 0.3rem; }
.field.grow { flex: 1 1 16rem; }
label { font-weight: 600; font-size: 0.95rem; }
input[type="checkbox"] { width: 1.5rem; height: 1.5rem; margin: 0 0.4rem 0 0; vertical-align: middle; }
#bulk-selection { margin-top: 1rem; }
input[type=text], input[type=password], input[type=search], input[type=date], select {
  font: inherit; padding: 0.5rem 0.65rem; min-height: 2.6rem; border: 1px solid #a9b3c2; border-radius: 6px; background: #fff; color: var(--ink); min-width: 0; }
input:disabled { background: #eef0f3; color: var(--muted); border-style: dashed; }
input.secret { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; width: 100%; }
.hint { margin: 0; font-size: 0.85rem; color: var(--muted); }
.button { font: inherit; font-weight: 600; display: inline-block; padding: 0.5rem 1rem; border-radius: 6px; border: 1px solid #a9b3c2;
  background: #fff; color: var(--ink); text-decoration: none; cursor: pointer; line-height: 1.3; }
.button:hover { background: #f0f3f7; color: var(--ink); }
.button-primary { background: var(--brand); border-color: var(--brand); color: #fff; }
.button-primary:hover { background: var(--brand-dark); color: #fff; }
.button-danger { background: var(--danger); border-color: var(--danger); color: #fff; }
.button-danger:hover { background: #8c1d17; color: #fff; }
.button-danger-quiet { color: var(--danger); border-color: #e3b3b0; }
.button-quiet { background: transparent; }
.form-buttons { display: flex; gap: 0.75rem; flex-wrap: wrap; align-items: center; margin-top: 0.5rem; }
form.inline { display: inline; margin: 0; }
.filters { display: flex; gap: 1rem; flex-wrap: wrap; align-items: flex-end; background: var(--card); border: 1px solid var(--line);
  border-radius: var(--radius); padding: 1rem; margin: 0 0 1rem; }
.filter-buttons { display: flex; gap: 0.5rem; }
.table-tools { display: flex; justify-content: flex-end; margin-bottom: 0.5rem; }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; padding: 0.65rem 0.8rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: #f7f9fc; font-size: 0.85rem; text-transform: none; color: var(--muted); white-space: nowrap; }
tbody tr:last-child > * { border-bottom: none; }
tbody tr:hover { background: #fafbfd; }
tr.focused { background: #fff8e6; }
td.empty { text-align: center; color: var(--muted); padding: 2rem; }
table.compact th, table.compact td { padding: 0.4rem 0.5rem; font-size: 0.9rem; }
.service-name { font-weight: 600; }
.service-name, .breakable { overflow-wrap: anywhere; }
.row-actions a { white-space: nowrap; }
.row-actions a + a { margin-left: 0.9rem; }
.nic { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; white-space: nowrap; }
.mine .nic { font-weight: 700; }
.tag { display: inline-block; font-size: 0.75rem; font-weight: 700; padding: 0.05rem 0.45rem; border-radius: 999px;
  background: #e3edff; color: #0b3d91; margin-left: 0.25rem; vertical-align: 1px; }
.tag-muted { background: #eceff3; color: var(--muted); }
.badge { display: inline-block; font-size: 0.8rem; font-weight: 700; padding: 0.15rem 0.6rem; border-radius: 999px; white-space: nowrap;
  border: 1px solid transparent; }
.badge-todo, .badge-checkValidity { background: #eceff3; color: #3c4656; border-color: #cfd5de; }
.badge-validatingByCustomers { background: #fff3d6; color: #7a4a00; border-color: #f0cf80; }
.badge-doing { background: #e1ecff; color: #0b3d91; border-color: #a9c4f5; }
.badge-done { background: #dcf3e3; color: #0f5a26; border-color: #9ed3ae; }
.badge-refused { background: #fde2e0; color: #8c1d17; border-color: #f0aaa5; }
.badge-aborted { background: #ececec; color: #4a4a4a; border-color: #c9c9c9; text-decoration: line-through; }
.badge-expired { background: #f1e6fb; color: #5b2a86; border-color: #d2b5ec; }
.badge-error { background: #8c1d17; color: #fff; }
.waiting { display: block; color: var(--warn); margin-top: 0.25rem; }
.req-id { font-weight: 700; display: block; }
.batch-services { display: block; }
.batch-states .badge { white-space: normal; }
.batch-states { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.flash { padding: 0.75rem 1rem; border-radius: 6px; margin: 0.75rem 0; border: 1px solid; }
.flash p { margin: 0 0 0.5rem; }
.flash-success { background: #e7f6ec; border-color: #9ed3ae; color: #0f4d22; }
.flash-error { background: #fdecea; border-color: #f0aaa5; color: #7a1a15; }
.flash-warning { background: #fff6e0; border-color: #f0cf80; color: #5c3b00; }
.flash-info { background: #eaf1fd; border-color: #a9c4f5; color: #0b3063; }
ul.plain { margin: 0; padding-left: 1.1rem; }
ul.plain li:first-child { list-style: none; margin-left: -1.1rem; font-weight: 600; }
ul.items { margin: 0.5rem 0 0; padding-left: 1.1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1.25rem; margin: 0.5rem 0 1rem; }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; }
.validations { margin: 0; padding: 0; list-style: none; }
.vstatus-accepted { color: var(--ok); font-weight: 600; }
.vstatus-refused { color: var(--danger); font-weight: 600; }
.vstatus-pending { color: var(--warn); font-weight: 600; }
.request-detail h2 { margin-top: 0; display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; }
.decide { max-width: 32rem; }
.pager { display: flex; gap: 1rem; justify-content: flex-end; margin: 0.75rem 0; }
.periods { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(26rem, 100%), 1fr)); gap: 1rem; }
.periods .card { margin: 0; }
input[aria-invalid=true] { border-color: var(--danger); box-shadow: 0 0 0 1px var(--danger); }
.field-error { margin: 0; color: var(--danger); font-weight: 600; font-size: 0.9rem; }
.error-summary:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
.error-summary h2 { font-size: 1.05rem; margin: 0 0 0.35rem; }
.error-summary a { color: inherit; }
.empty-state { text-align: center; padding: 2.5rem 1rem; }
.empty-state p { margin: 0.25rem auto; max-width: 36rem; }
.empty-state .lead { font-size: 1.1rem; font-weight: 600; }
details.confirm { display: inline-block; }
details.confirm > summary { list-style: none; }
details.confirm > summary::-webkit-details-marker { display: none; }
details.confirm[open] { display: block; flex-basis: 100%; background: #fdf3f2; border: 1px solid #f0aaa5; border-radius: 6px; padding: 0.75rem; }
details.confirm[open] > summary { margin-bottom: 0.5rem; }
details.confirm p { margin: 0 0 0.6rem; }
.check { display: flex; gap: 0.5rem; align-items: flex-start; font-weight: 600; }
.check input { width: 1.2rem; height: 1.2rem; margin-top: 0.15rem; flex: none; }
.service-line { display: inline-flex; flex-wrap: wrap; gap: 0.2rem 0.5rem; align-items: baseline; }
@media (max-width: 760px) {
  .table-wrap { overflow-x: visible; }
  table.cards, table.cards > tbody, table.cards > tbody > tr, table.cards > tbody > tr > th,
  table.cards > tbody > tr > td { display: block; width: 100%; }
  table.cards > thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards > tbody > tr { padding: 0.8rem 0.9rem; border-bottom: 1px solid var(--line); }
  table.cards > tbody > tr:last-child { border-bottom: none; }
  table.cards > tbody > tr > th, table.cards > tbody > tr > td { border: none; padding: 0.2rem 0; }
  table.cards > tbody > tr > [data-label] { display: grid; grid-template-columns: minmax(6.5rem, 38%) minmax(0, 1fr); gap: 0.75rem; }
  table.cards > tbody > tr > [data-label]::before { content: attr(data-label); color: var(--muted); font-size: 0.85rem; font-weight: 600;
    font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; white-space: normal; }
  table.cards > tbody > tr > th[scope=row]:not([data-label]) { font-size: 1.05rem; padding-bottom: 0.35rem; }
  table.cards td.row-actions { padding-top: 0.6rem; display: flex; flex-wrap: wrap; gap: 0.5rem; }
  table.cards td.row-actions a + a { margin-left: 0; }
  table.cards td.row-actions a { display: inline-flex; align-items: center; min-height: 2.75rem; padding: 0 0.9rem;
    border: 1px solid #a9b3c2; border-radius: 6px; text-decoration: none; font-weight: 600; background: #fff; }
  table.cards td.empty { text-align: center; }
  .topbar { padding: 0.5rem 0.75rem; }
  .topbar-right { gap: 0.5rem 0.9rem; }
}
@media (max-width: 640px) {
  main { padding: 1rem 0.6rem 2rem; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: 0.4rem; }
  th, td { padding: 0.5rem; }
}
@media (prefers-reduced-motion: no-preference) { .button { transition: background 0.15s; } }
`;
