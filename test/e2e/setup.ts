// Mocha root hooks for the E2E run: names screenshots after the running test.
import { setCurrentTestTitle } from './harness';

export const mochaHooks = {
  beforeEach(this: Mocha.Context) {
    setCurrentTestTitle(this.currentTest?.fullTitle() ?? 'e2e');
  },
};
