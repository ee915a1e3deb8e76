// Shared plumbing for the browser suites: a real dynarock process on a free
// loopback port, other servers started as child processes, Debian's Chromium
// driven through playwright-core, page-error collection and checked
// screenshots.
//
//   DYNAROCK_BIN     the dynarock binary (default ../../build/dynarock)
//   CHROMIUM_BIN     the browser (default /usr/bin/chromium); playwright never
//                    downloads one
//   SCREENSHOT_DIR   where screenshots go (default ./screenshots, git-ignored)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, mkdir, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const dynarockBin = process.env.DYNAROCK_BIN
  ? path.resolve(process.env.DYNAROCK_BIN)
  : path.join(here, '..', '..', 'build', 'dynarock');
export const chromiumBin = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const screenshotDir = process.env.SCREENSHOT_DIR
  ? path.resolve(process.env.SCREENSHOT_DIR)
  : path.join(here, 'screenshots');

// Dummy credentials: dynarock accepts any SigV4 signature by default.
export const credentials = { accessKeyId: 'browser', secretAccessKey: 'browser' };
export const region = 'us-east-1';

const STARTUP_TIMEOUT_MS = 15_000;
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

// Spawns `command args` and waits until a line of its stdout matches `ready`
// (a RegExp whose first group is returned as `match`). With `firstLine`, the
// first stdout line must match or the start fails. Resolves to
// { child, match, output(), stop() }; stop() sends SIGTERM (SIGKILL after 5 s)
// and resolves to the exit code or signal.
export async function startProcess(command, args, { env, ready, firstLine = false, name = command } = {}) {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env ? { ...process.env, ...env } : process.env,
  });
  running.add(child);
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    return code ?? signal;
  });
  exited.catch(() => {});
  let log = '';
  const keep = (text) => { log = (log + text).slice(-8000); };
  child.stderr.setEncoding('utf8');
  child.stdout.setEncoding('utf8');
  child.stderr.on('data', keep);

  const match = await new Promise((resolve, reject) => {
    let pending = '';
    let lines = 0;
    const fail = (why) => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start: ${why}\n--- output ---\n${log}`));
    };
    const onData = (text) => {
      keep(text);
      pending += text;
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        lines += 1;
        // eslint-disable-next-line no-control-regex
        const found = line.replace(/\x1b\[[0-9;]*m/g, '').match(ready);
        if (found) {
          cleanup();
          child.stdout.on('data', keep);
          resolve(found[1] ?? found[0]);
          return;
        }
        if (firstLine && lines === 1) {
          fail(`unexpected first line ${JSON.stringify(line)}`);
          return;
        }
      }
    };
    const onError = (error) => fail(error.message);
    const onExit = (code, signal) => fail(`exited with ${code ?? signal}`);
    const timer = setTimeout(() => fail(`no ready line within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
    }
    child.stdout.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });

  return {
    child,
    match,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
}

// Starts `dynarock -port 0 -inMemory ...flags`; its first stdout line is
// "dynarock listening on http://127.0.0.1:PORT (...)". Resolves to
// { url, stop(), output() }.
export async function startDynarock(...flags) {
  const proc = await startProcess(dynarockBin, ['-port', '0', '-inMemory', ...flags], {
    ready: /^dynarock listening on (http:\/\/127\.0\.0\.1:\d+)/,
    firstLine: true,
    name: `dynarock (${dynarockBin})`,
  });
  return { url: proc.match, stop: proc.stop, output: proc.output };
}

// The flags this closed machine needs: without the background-networking
// ones Chromium's own connections out are refused and logged.
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Launches Chromium with a fresh user-data-dir (removed by close()).
// Resolves to { context, newPage(), close() }; newPage() opens a page whose
// errors are collected (see watchPage) on page.errors.
export async function launchBrowser({ viewport = { width: 1280, height: 900 } } = {}) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'dynarock-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumBin,
      headless: true,
      args: chromiumFlags,
      viewport,
      timeout: 30_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  // A persistent context opens with one blank page; close it so every page
  // in use went through newPage() and is watched.
  for (const page of context.pages()) await page.close();
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      watchPage(page);
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

// Collects on page.errors every uncaught page exception, console error,
// failed request (but a navigation's abort of an answered one) and HTTP error
// response (>= 400) the page sees, each as a one-line string.
export function watchPage(page) {
  const errors = [];
  page.errors = errors;
  page.on('pageerror', (error) => errors.push(`pageerror at ${page.url()}: ${error.stack || error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location();
      errors.push(`console.error at ${page.url()}: ${message.text()}` +
        (where?.url ? ` (${where.url}:${where.lineNumber})` : ''));
    }
  });
  // A request whose response had arrived and whose body the page left
  // unread when it navigated away ends as net::ERR_ABORTED: not an error.
  const answered = new WeakSet();
  page.on('response', (response) => {
    answered.add(response.request());
    if (response.status() >= 400) {
      errors.push(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    const why = request.failure()?.errorText;
    if (why === 'net::ERR_ABORTED' && answered.has(request)) return;
    errors.push(`request failed: ${request.method()} ${request.url()}: ${why}`);
  });
  return errors;
}

// Fails with every error collected so far on the page (and clears them).
export function assertNoPageErrors(page, when = '') {
  const errors = page.errors.splice(0);
  assert.deepEqual(errors, [], `page errors${when ? ' ' + when : ''}:\n${errors.join('\n')}`);
}

// Saves a full-page screenshot as SCREENSHOT_DIR/NAME.png, checks it is a
// real PNG (signature, IHDR, IEND) of at least `minBytes` and the viewport's
// width, and resolves to its path.
export async function screenshot(page, name, { minBytes = 8000 } = {}) {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const { width, height } = await checkPng(file, { minBytes });
  const viewport = page.viewportSize();
  if (viewport) assert.equal(width, viewport.width, `${file}: width`);
  assert.ok(height >= 100, `${file}: height ${height}`);
  return file;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Checks that `file` is a PNG of at least `minBytes` and resolves to its
// { width, height, bytes }.
export async function checkPng(file, { minBytes = 8000 } = {}) {
  const data = await readFile(file);
  assert.ok(data.length >= minBytes, `${file}: ${data.length} bytes, expected at least ${minBytes}`);
  assert.ok(data.subarray(0, 8).equals(PNG_SIGNATURE), `${file}: no PNG signature`);
  assert.equal(data.toString('latin1', 12, 16), 'IHDR', `${file}: first chunk is not IHDR`);
  assert.equal(data.toString('latin1', data.length - 8, data.length - 4), 'IEND', `${file}: no IEND chunk at the end`);
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  assert.ok(width > 0 && height > 0, `${file}: ${width}x${height}`);
  return { width, height, bytes: data.length };
}
