// Tests that drive a reference program (Chromium, tshark) or fuzz damaged captures: minutes on two cores.
// The vitest projects keep them apart from the quick unit tests; the mutation run leaves them out.
export const SLOW = [
  'test/unit/html-in-browser.test.ts',
  'test/unit/classroom-pages.test.ts',
  'test/unit/tshark-crosscheck.test.ts',
  'test/unit/report-renderers.test.ts',
  'test/unit/robustness.test.ts',
  'src/decode/tunnels-vs-tshark.test.ts',
];
