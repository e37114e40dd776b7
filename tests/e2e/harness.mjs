// Shared pieces of the end-to-end tests: the reference server and a headless Chromium.
import { spawn } from 'node:child_process';
import { before, after } from 'node:test';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SHOTS = join(ROOT, 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

/** Starts the reference server (with its embedded sandbox) on a free loopback port. */
export async function startServer({ dataDir, extraArgs = [] } = {}) {
  const bin = process.env.CHECKOUT_SERVER_BIN || join(ROOT, 'target', 'debug', 'checkout-server');
  const dir = dataDir || mkdtempSync(join(tmpdir(), 'checkout-e2e-'));
  const child = spawn(bin, [
    '--listen', '127.0.0.1:0',
    '--data-dir', dir,
    '--widget-dir', join(ROOT, 'dist'),
    '--shop-dir', join(ROOT, 'www', 'shop'),
    ...extraArgs,
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' } });
  let log = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start in 30 s:\n' + log)), 30_000);
    const onData = (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited with ${code}:\n${log}`)); });
  });
  return {
    url,
    dataDir: dir,
    log: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.on('exit', ok));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Headless Chromium from Debian, with the flags this closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const DESKTOP = { viewport: { width: 1280, height: 860 } };
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
};

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Collects page errors so a test can assert the widget threw nothing. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // The browser's own favicon probe on pages without an icon is not the page's error.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(`${m.text()} (${m.location().url})`);
  });
  return errors;
}

/** Registers hooks that start a server and a browser before a file's tests and stop both after.
 *  `onReady({ server, browser })` hands them to the file. */
export function withServerAndBrowser(serverOptions, onReady) {
  let env = {};
  before(async () => {
    env = { server: await startServer(serverOptions), browser: await launchBrowser() };
    onReady(env);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
}
