// Root hooks for the integration suite: any unhandled rejection or uncaught exception while a
// test runs fails that test — "no crash, no unhandled rejection" is a property we test. So does an
// error thrown by a listener or a rule, which the product reports to its log and goes on: here it
// would otherwise let a "stays silent" test pass without any rule having checked anything.

import { Emitter } from '../../src/core/util/emitter';

const escaped: string[] = [];

process.on('unhandledRejection', (reason) => escaped.push(`unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`));
process.on('uncaughtException', (error) => escaped.push(`uncaught exception: ${error.stack ?? error.message}`));
Emitter.onListenerError = (error, component) => escaped.push(`a listener of ${component} threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);

export const mochaHooks = {
  afterEach(this: Mocha.Context): void {
    if (!escaped.length) return;
    const found = escaped.splice(0);
    throw new Error(`${found.length} error(s) escaped during "${this.currentTest?.fullTitle()}":\n${found.join('\n')}`);
  },
};
