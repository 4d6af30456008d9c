// The pages' only script: toggle buttons (see toggleButton), and opening a <details> that a link points
// to or that the reader asked to print.
export const PAGE_SCRIPT = `
const root = document.documentElement;
const query = new URLSearchParams(location.search);
for (const button of document.querySelectorAll('button[data-toggle]')) {
  const set = (on) => {
    root.classList.toggle(button.dataset.toggle, on);
    button.setAttribute('aria-pressed', String(on));
  };
  if (button.dataset.param && query.has(button.dataset.param)) set(true);
  button.addEventListener('click', () => set(button.getAttribute('aria-pressed') !== 'true'));
}
const openTarget = () => {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target instanceof HTMLDetailsElement) target.open = true;
};
window.addEventListener('hashchange', openTarget);
openTarget();
window.addEventListener('beforeprint', () => {
  if (root.classList.contains('print-details')) document.querySelectorAll('details.print-detail').forEach((d) => (d.open = true));
});
`;
