import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

export interface Figure {
  name: string;
  /** Requests (or operations) per second. */
  rate: number;
  /** Mean latency in ms: autocannon's percentiles are whole milliseconds. */
  mean?: number;
  p50: number;
  p99: number;
  /** Peak RSS of the process measured, in MiB; undefined for in-process figures. */
  peakMiB?: number;
  errors: number;
  note?: string;
  /** The bare route's rate measured around this figure: half just before, half just after. */
  bareRate?: number;
}

/** Resident memory of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every 50 ms until stopped; returns the peak. */
export function sampleRss(pid: number): () => number {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssOf(pid));
  };
}

export interface LoadOptions {
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
}

/** One autocannon run against one URL, with the server's peak RSS during it. */
export async function load(
  name: string,
  url: string,
  serverPid: number,
  options: LoadOptions,
): Promise<Figure> {
  const stop = sampleRss(serverPid);
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
  });
  const peak = stop();
  return {
    name,
    rate: result.requests.average,
    mean: result.latency.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peakMiB: peak / 2 ** 20,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * Starts a server process and waits until `ready` matches its output. The output goes to a file,
 * not a pipe: this process is busy running the load generator and would read a pipe late, and
 * the server would hold the lines it cannot write in memory.
 */
export async function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  outputFile: string,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const out = openSync(outputFile, 'w');
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', out, 'pipe'],
  });
  closeSync(out);
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = ready.exec(readFileSync(outputFile, 'utf8').slice(0, 64 * 1024));
    if (found) return { child, match: found };
    if (exited !== undefined) throw new Error(`${command} exited with ${exited}: ${errors.trim()}`);
    if (Date.now() > deadline) throw new Error(`${command} did not start: ${errors}`);
    await sleep(100);
  }
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
