// Root hooks for the unit suite: an error thrown by a listener or a rule (which the product
// reports to its log and goes on) fails the test that caused it, as do unhandled rejections.

import { Emitter } from '../../src/core/util/emitter';

const escaped: string[] = [];

process.on('unhandledRejection', (reason) => escaped.push(`unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`));
Emitter.onListenerError = (error, component) => escaped.push(`a listener of ${component} threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);

export const mochaHooks = {
  afterEach(this: Mocha.Context): void {
    if (!escaped.length) return;
    const found = escaped.splice(0);
    throw new Error(`${found.length} error(s) escaped during "${this.currentTest?.fullTitle()}":\n${found.join('\n')}`);
  },
};
