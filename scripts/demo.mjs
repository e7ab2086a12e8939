// `npm run demo`: builds and packages the extension, starts server-everything over Streamable HTTP
// on a free port, writes a demo workspace whose .vscode/mcp.json points at it, and opens VS Code
// with the extension: desktop `code` when it is on PATH, otherwise code-server (URL printed).
// Runs until Ctrl-C, then stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { cacheRoot, codeServerCli, ensureCodeServer } from './vscode-tools.mjs';

const root = resolve(import.meta.dirname, '..');

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
step('npm', ['run', 'package']);

const children = [];
const stopAll = () => {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
};
process.on('SIGINT', () => {
  stopAll();
  process.exit(0);
});
process.on('SIGTERM', () => {
  stopAll();
  process.exit(0);
});

const serverPort = await freePort();
const server = spawn(process.execPath, [join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'], {
  env: { ...process.env, PORT: String(serverPort) },
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});
children.push(server);
const serverUrl = `http://127.0.0.1:${serverPort}/mcp`;

const workspace = join(cacheRoot, 'demo-workspace');
mkdirSync(join(workspace, '.vscode'), { recursive: true });
cpSync(join(root, 'demo'), workspace, { recursive: true });
writeFileSync(
  join(workspace, '.vscode', 'mcp.json'),
  `{\n  // The demo server: server-everything over Streamable HTTP, started by npm run demo.\n  "servers": {\n    "everything": { "type": "http", "url": "${serverUrl}" }\n  }\n}\n`,
);
console.log(`\n[demo] MCP server: ${serverUrl}\n[demo] workspace: ${workspace}`);

if (onPath('code') && !process.env.MCPSI_DEMO_CODE_SERVER) {
  console.log('[demo] opening desktop VS Code (Ctrl-C here stops the demo server)');
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit' });
} else {
  const tools = ensureCodeServer();
  const extensions = join(cacheRoot, 'demo-extensions');
  codeServerCli(tools, ['--extensions-dir', extensions, '--install-extension', packagedVsix, '--force']);
  const port = Number(process.env.PORT ?? (await freePort()));
  const codeServer = spawn(
    join(tools.nodeHome, 'bin', 'node'),
    [tools.entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--user-data-dir', join(cacheRoot, 'demo-user-data'), '--extensions-dir', extensions, workspace],
    { env: tools.env, stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  children.push(codeServer);
  console.log(`\n[demo] VS Code (code-server) with MCP Session Inspector: http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  console.log('[demo] open the MCP Sessions icon in the activity bar; Ctrl-C here stops everything.\n');
}
