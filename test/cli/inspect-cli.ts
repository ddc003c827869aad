// Runs a yargs command module in process, capturing stdout, stderr and the exit code it sets.
import { vi } from 'vitest';
import yargs from 'yargs';
import type { CommandModule } from 'yargs';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout as bytes, for --format resp. */
  bytes: Buffer;
}

export async function runCommand<T>(module: CommandModule<object, T>, argv: string[]): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: string[] = [];
  const toBuffer = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(toBuffer(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
  const saved = process.exitCode;
  process.exitCode = undefined;
  let status = 0;
  try {
    await yargs(argv)
      .command(module)
      .strict()
      .fail((message, error) => {
        throw error ?? new Error(message);
      })
      .parseAsync();
    status = Number(process.exitCode ?? 0);
  } catch (e) {
    err.push(String(e));
    status = 2;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = saved;
  }
  const bytes = Buffer.concat(out);
  return { status, stdout: bytes.toString('utf8'), stderr: err.join(''), bytes };
}
