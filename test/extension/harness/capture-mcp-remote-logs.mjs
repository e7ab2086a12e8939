// Regenerates the mcp-remote fixtures under test/fixtures/logs/: mcp-remote 0.15.1 (the stdio↔HTTP
// bridge Claude Desktop users run, installed from npm into ~/.cache/mcp-session-inspector) between
// a scripted stdio client and a real server that restarts mid-session: server-everything (answers
// a lost session with 400) and a stateful v2 SDK server (404). Its stderr is the log users paste.
// The same run is also written as Claude Desktop logs it (`mcp-server-<name>.log`: every message
// the bridge got on stdin and wrote to stdout, as "Message from client/server", the form of the
// samples users paste into issues; Claude Desktop itself does not run here).
// Usage: node scripts/build.mjs --tests && node test/extension/harness/capture-mcp-remote-logs.mjs
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, killTree, sleep, waitFor } from './processes.mjs';
import { cacheRoot } from './install-tools.mjs';

const root = resolve(import.meta.dirname, '../../..');
const VERSION = '0.15.1';

function ensureMcpRemote() {
  const folder = join(cacheRoot, 'mcp-remote');
  const bin = join(folder, 'node_modules', 'mcp-remote', 'dist', 'proxy.js');
  if (!existsSync(bin) || !require_version(folder)) {
    mkdirSync(folder, { recursive: true });
    if (!existsSync(join(folder, 'package.json'))) writeFileSync(join(folder, 'package.json'), '{ "name": "mcp-remote-cache", "private": true }\n');
    const installed = spawnSync('npm', ['install', `mcp-remote@${VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder, stdio: 'inherit' });
    if (installed.status !== 0) throw new Error('npm install mcp-remote failed');
  }
  return bin;
}

function require_version(folder) {
  try {
    return (
      JSON.parse(spawnSync('node', ['-p', 'JSON.stringify(require("./node_modules/mcp-remote/package.json"))'], { cwd: folder, encoding: 'utf8' }).stdout)
        .version === VERSION
    );
  } catch {
    return false;
  }
}

const SERVERS = {
  everything: [join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'],
  stateful: [join(root, 'out/test/fixtures/servers/stateful2.js')],
};

async function startServer(name, port) {
  const child = spawn(process.execPath, SERVERS[name], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore', detached: true });
  await waitFor(
    async () =>
      fetch(`http://127.0.0.1:${port}/mcp`, { method: 'OPTIONS' }).then(
        () => true,
        () => false,
      ),
    20_000,
    name,
  );
  return child;
}

async function capture(name, bin) {
  const port = await freePort();
  let server = await startServer(name, port);
  const url = `http://127.0.0.1:${port}/mcp`;
  const bridge = spawn(process.execPath, [bin, url], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, MCP_REMOTE_CONFIG_DIR: join(cacheRoot, 'mcp-remote', 'config') },
  });
  let log = '';
  let out = '';
  const claude = [];
  const claudeLine = (text) => claude.push(`${new Date().toISOString()} [info] [${name}] ${text}`);
  claudeLine('Initializing server...');
  bridge.stderr.on('data', (chunk) => (log += chunk));
  let pending = '';
  bridge.stdout.on('data', (chunk) => {
    out += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) if (line.trim()) claudeLine(`Message from server: ${line.trim()}`);
  });
  const send = (message) => {
    claudeLine(`Message from client: ${JSON.stringify(message)}`);
    bridge.stdin.write(`${JSON.stringify(message)}\n`);
  };
  const answered = (id) => waitFor(() => out.split('\n').some((line) => line.includes(`"id":${id}`)), 20_000, `the answer to #${id}`);
  send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fixture-client', version: '1.0.0' } },
  });
  await answered(1);
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  await answered(2);
  await sleep(500);
  killTree(server);
  await sleep(1000);
  server = await startServer(name, port);
  send({ jsonrpc: '2.0', id: 3, method: 'tools/list' });
  await answered(3).catch(() => undefined);
  await sleep(1500);
  send({ jsonrpc: '2.0', id: 4, method: 'tools/list' });
  await answered(4).catch(() => undefined);
  await sleep(1000);
  bridge.stdin.end();
  killTree(bridge);
  killTree(server);
  const text = log
    .replace(new RegExp(`127\\.0\\.0\\.1:${port}\\b`, 'g'), '127.0.0.1:3001')
    .replace(/^\[\d+\]/gm, '[4242]')
    .replace(/\[\d+\] /g, '[4242] ')
    .replace(new RegExp(cacheRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), '~/.cache/mcp-session-inspector');
  const status = name === 'everything' ? '400' : '404';
  writeFileSync(join(root, 'test/fixtures/logs', `mcp-remote-${status}.log`), text);
  claudeLine('Client transport closed');
  writeFileSync(
    join(root, 'test/fixtures/logs', `claude-desktop-mcp-remote-${status}.log`),
    `${claude.join('\n').replace(new RegExp(`127\\.0\\.0\\.1:${port}\\b`, 'g'), '127.0.0.1:3001')}\n`,
  );
  process.stderr.write(`[capture-mcp-remote-logs] ${name}: ${text.split('\n').length} lines\n`);
}

const bin = ensureMcpRemote();
for (const name of Object.keys(SERVERS)) await capture(name, bin);
process.exit(0);
