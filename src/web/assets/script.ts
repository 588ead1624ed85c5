/**
 * The only script of the panel, served at /assets/app.js; every page works without it. It asks
 * before an action that cannot be undone (forms marked data-confirm) and selects a new API
 * token when it is focused, ready to copy.
 */
export const SCRIPT = `
document.addEventListener('submit', function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-confirm')) return;
  var button = event.submitter || form.querySelector('button');
  var label = button ? button.textContent : '';
  if (!window.confirm(label + ' ?')) event.preventDefault();
});
document.addEventListener('focusin', function (event) {
  var input = event.target;
  if (input instanceof HTMLInputElement && input.classList.contains('secret')) input.select();
});
`;
