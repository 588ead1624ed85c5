import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { startServer, type Running } from './http-support.js';

/**
 * Issue 24, point 9: a client sending its body one byte every few seconds is cut with 408 once the
 * request timeout passes, and a client that gives up mid-body is not a server error in the log.
 */

let app: TestApp;
let http: Running;
const lines: string[] = [];

beforeAll(async () => {
  app = await makeTestApp();
  http = await startServer(app, {
    requestTimeoutMs: 3000,
    logLevel: 'debug',
    logStream: { write: (line) => void lines.push(line) },
  });
});
afterAll(async () => {
  await http.close();
  await app.close();
});

function open(): Promise<Socket> {
  const { port } = new URL(http.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

const head = (length: number) =>
  `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
  `Content-Length: ${length}\r\n\r\n`;

const errorLines = () =>
  lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

test('a body dripped one byte at a time ends with 408 and a closed connection', async () => {
  const socket = await open();
  let answer = '';
  socket.on('data', (chunk: Buffer) => void (answer += chunk.toString()));
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  const started = Date.now();
  socket.write(head(200));
  const body = '{"nichandle":"ab12345-ch","password":"' + 'x'.repeat(200);
  let sent = 0;
  const drip = setInterval(() => {
    if (!socket.destroyed) socket.write(body[sent++] ?? 'x');
  }, 1000);
  const end = await closed;
  clearInterval(drip);
  expect(end - started).toBeLessThan(8000);
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  expect(answer).toContain('"errorCode":"INVALID_INPUT"');
  expect(sent).toBeLessThan(10);
  expect(errorLines()).toEqual([]);
}, 20_000);

test('headers that never end are cut too', async () => {
  const socket = await open();
  let answer = '';
  socket.on('data', (chunk: Buffer) => void (answer += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write('GET /api/me HTTP/1.1\r\nHost: x\r\n');
  const drip = setInterval(() => {
    if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
  }, 1000);
  await closed;
  clearInterval(drip);
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
}, 20_000);

test('a client that aborts mid-body is not logged as an error', async () => {
  const before = lines.length;
  const socket = await open();
  socket.write(head(500));
  socket.write('{"nichandle":"ab12');
  await new Promise((resolve) => setTimeout(resolve, 300));
  socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(errorLines()).toEqual([]);
  // The server still answers others.
  const health = await fetch(`${http.url}/api/me`);
  expect(health.status).toBe(401);
  expect(lines.length).toBeGreaterThan(before);
});
