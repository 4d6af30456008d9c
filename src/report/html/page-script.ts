// The pages' only shared script: toggle buttons (see toggleButton), scroll boxes that take focus only while they
// scroll (see dataTable), and opening a <details> that a link points to or that the reader asked to print.
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
const markScrollBoxes = () => {
  for (const box of document.querySelectorAll('.scroll[data-caption]')) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls === box.hasAttribute('tabindex')) continue;
    if (scrolls) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-labelledby', box.dataset.caption);
    } else ['tabindex', 'role', 'aria-labelledby'].forEach((name) => box.removeAttribute(name));
  }
};
markScrollBoxes();
// A box starts or stops scrolling when it or its table changes size: zoom, a toggle, an opened header, or
// rows added by a live page (the classroom's, which loads this script as /assets/page.js).
const boxObserver = new ResizeObserver(markScrollBoxes);
for (const box of document.querySelectorAll('.scroll[data-caption]')) [box, box.firstElementChild].forEach((el) => el && boxObserver.observe(el));
`;
