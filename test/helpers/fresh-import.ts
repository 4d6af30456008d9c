// Tables and schemas built when their module loads (the step table, lab.yaml's schema, the forbidden
// subnets): a test that imports the module afresh checks what the module builds. The mutation run needs it
// too: it activates a mutant of module-level code only in the tests that load the module (--ignoreStatic:
// modules are not reloaded for each mutant), so a module imported once at the top of a test file never
// shows it.
import { vi } from 'vitest';

export async function freshImport<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}
