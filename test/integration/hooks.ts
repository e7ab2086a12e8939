// Root hooks for the integration suite: any unhandled rejection or uncaught exception while a
// test runs fails that test — "no crash, no unhandled rejection" is a property we test.

const escaped: string[] = [];

process.on('unhandledRejection', (reason) => escaped.push(`unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`));
process.on('uncaughtException', (error) => escaped.push(`uncaught exception: ${error.stack ?? error.message}`));

export const mochaHooks = {
  afterEach(this: Mocha.Context): void {
    if (!escaped.length) return;
    const found = escaped.splice(0);
    throw new Error(`${found.length} error(s) escaped during "${this.currentTest?.fullTitle()}":\n${found.join('\n')}`);
  },
};
