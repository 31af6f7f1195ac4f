import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reporter, TestModule, TestSuite } from 'vitest/node';

/** True when a suite or module failed by itself (a hook or an import threw), with no failed test inside. */
function failedWithoutFailedTests(owner: TestModule | TestSuite): boolean {
  if (owner.state() !== 'failed') return false;
  for (const test of owner.children.allTests()) if (test.result().state === 'failed') return false;
  return true;
}

/**
 * Prints the plain closing line CI reads (`N passed, N failed`), since Vitest's own summary is not read.
 * A module that fails to load, or a suite whose `beforeAll` throws, counts as one failure, so a broken file
 * can never look like skipped tests.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      const suites = [...module.children.allSuites()];
      const brokenSuites = suites.filter(failedWithoutFailedTests).length;
      failed += brokenSuites;
      if (
        brokenSuites === 0 &&
        !suites.some((suite) => suite.state() === 'failed') &&
        failedWithoutFailedTests(module)
      ) {
        failed++;
      }
    }
    const file = process.env.KLIKKFLOW_TEST_SUMMARY_FILE;
    if (file) {
      // scripts/test.mjs prints the line itself, after the coverage summary, so it closes the output.
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ passed, failed, skipped }));
    } else process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
