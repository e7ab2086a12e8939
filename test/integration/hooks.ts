// Root hooks for the integration suite: any unhandled rejection, uncaught exception or listener
// error while a test runs fails that test — "no crash, no unhandled rejection" is a property we test.

import { failOnEscapedErrors } from '../fixtures/support/escapedErrors';

export const mochaHooks = failOnEscapedErrors();
