// Root hooks for the unit suite: an error thrown by a listener or a rule, an unhandled rejection
// or an uncaught exception fails the test that caused it.

import { failOnEscapedErrors } from '../fixtures/support/escapedErrors';

export const mochaHooks = failOnEscapedErrors();
