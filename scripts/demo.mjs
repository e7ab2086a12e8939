// `npm run demo`: packages the extension, starts the playground (demo/playground.ts: real MCP
// servers on loopback, each with one fault it shows by itself), writes a demo workspace whose
// .vscode/mcp.json lists them and whose README says what to look at, and opens VS Code with the
// extension: desktop `code` when it is on PATH, otherwise code-server (URL printed).
// Runs until Ctrl-C, then stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { packageVsix } from './package.mjs';
import { cacheRoot, codeServerCli, ensureCodeServer } from '../test/extension/harness/install-tools.mjs';

const root = resolve(import.meta.dirname, '..');
/** Seconds between the inspector's pings in the demo: longer than the idle server's 3 s. */
const PING_INTERVAL_S = 5;

function step(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function freePort() {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) step('npm', ['ci', '--no-audit', '--no-fund']);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = packageVsix(join(root, 'dist', `mcp-session-inspector-${version}.vsix`));

// The playground runs in this process, bundled with its fault fixtures.
mkdirSync(cacheRoot, { recursive: true });
const bundle = join(cacheRoot, 'demo-playground.cjs');
await esbuild.build({
  entryPoints: [join(root, 'demo/playground.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  logLevel: 'error',
});
const loaded = await import(pathToFileURL(bundle).href);
const { startPlayground } = loaded.startPlayground ? loaded : loaded.default;
const playground = await startPlayground({ root, log: (line) => console.log(`[demo] ${line}`) });

const children = [];
let stopping = false;
const stopAll = async () => {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
  await playground.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stopAll());
process.on('SIGTERM', () => void stopAll());

const workspace = join(cacheRoot, 'demo-workspace');
rmSync(workspace, { recursive: true, force: true });
mkdirSync(join(workspace, '.vscode'), { recursive: true });
cpSync(join(root, 'demo', 'README.md'), join(workspace, 'README.md'));
writeFileSync(
  join(workspace, '.vscode', 'mcp.json'),
  `{\n  // The playground's servers, started by npm run demo; each is named for what is wrong with it.\n  "servers": ${JSON.stringify(playground.mcpServers(), null, 2).replace(/\n/g, '\n  ')}\n}\n`,
);
writeFileSync(
  join(workspace, '.vscode', 'settings.json'),
  `${JSON.stringify({ 'mcpSessions.pingInterval': PING_INTERVAL_S, 'workbench.startupEditor': 'readme' }, null, 2)}\n`,
);

console.log('\n[demo] the playground: each server shows its fault by itself within about 30 s');
for (const server of playground.servers)
  console.log(`  ${server.name.padEnd(30)} ${server.url}\n  ${''.padEnd(30)} ${server.fault}\n  ${''.padEnd(30)} look for: ${server.lookFor}`);
for (const skipped of playground.skipped) console.log(`  ${skipped.name.padEnd(30)} skipped: ${skipped.why}`);
console.log(`
[demo] what to look at (also in the workspace's README.md):
  1. the MCP Sessions view: each row starts with the short session id and state, or why there is none
  2. the Problems panel (Ctrl+Shift+M): one finding per fault, on its server's line in .vscode/mcp.json
  3. a server's traffic timeline: right-click a server → Show Traffic
  4. MCP Sessions: Run Session Check (right-click a server): the session check
  5. MCP Sessions: Tap Server…: watch VS Code's own MCP client through the inspector
[demo] workspace: ${workspace}`);

if (onPath('code') && !process.env.MCPSI_DEMO_CODE_SERVER) {
  console.log('[demo] opening desktop VS Code; Ctrl-C here stops everything.');
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace, join(workspace, 'README.md')], { stdio: 'inherit' });
} else {
  const tools = ensureCodeServer();
  const extensions = join(cacheRoot, 'demo-extensions');
  codeServerCli(tools, ['--extensions-dir', extensions, '--install-extension', vsix, '--force']);
  const port = Number(process.env.PORT ?? (await freePort()));
  const codeServer = spawn(
    join(tools.nodeHome, 'bin', 'node'),
    [
      tools.entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      join(cacheRoot, 'demo-user-data'),
      '--extensions-dir',
      extensions,
      workspace,
    ],
    { env: tools.env, stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  children.push(codeServer);
  console.log(`\n[demo] VS Code (code-server) with MCP Session Inspector: http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  console.log('[demo] Ctrl-C here stops everything.\n');
}
