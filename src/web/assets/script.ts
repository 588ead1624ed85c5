/**
 * The only script of the panel, served at /assets/app.js; every page works without it. It asks
 * before an action that cannot be undone (forms marked data-confirm, with the question in the
 * page's words) and selects a new API
 * token when it is focused, ready to copy.
 */
export const SCRIPT = `
document.addEventListener('submit', function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-confirm')) return;
  if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
});
document.addEventListener('focusin', function (event) {
  var input = event.target;
  if (input instanceof HTMLInputElement && input.classList.contains('secret')) input.select();
});
`;
