// Reads past damage: finds where sound commands start again and counts them, for the loss a cut means.

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ByteSource } from '../rdb/index.js';
import { RespReader, type CommandFrame } from '../resp/index.js';
import { classifyCommand, type CommandTarget } from './command-table.js';

const STAR = 0x2a; // *
const WINDOW = 1 << 20;
/**
 * Commands in a row that must parse, with names Redis knows, before a run counts as sound: a `*` inside
 * binary data rarely starts one well-formed command with a real name, and almost never two.
 */
const SYNC_RUN = 2;
/** Bytes read (re-reads included), as a multiple of the span scanned, before the scan gives up on exactness. */
const WASTE_FACTOR = 8;
/** Candidate starts tried between two turns of the event loop. */
const TRIES_PER_TURN = 64;

/** A stretch of sound commands found after damage. */
export interface SoundRun {
  readonly start: number;
  /** Just past the run's last complete command. */
  readonly end: number;
  readonly commands: number;
}

export interface ResyncResult {
  /** Sound runs after `from`, in file order; the bytes between them (and before the first) are damaged. */
  readonly runs: SoundRun[];
  /** Complete commands in the runs. */
  readonly commands: number;
  /** False when the scan gave up early (adversarial input); `commands` is then a lower bound. */
  readonly complete: boolean;
}

export interface ResyncOptions {
  /** Accept a run whose first command is not a known Redis command name (renamed commands). */
  readonly allowUnknownCommands?: boolean;
  /** The server whose commands count as known (--server), or null/absent for any version. */
  readonly target?: CommandTarget;
}

/** Positional reads through a one-window cache: candidates close together share a read. */
class Window {
  private buf = Buffer.alloc(0);
  private at = 0;
  /** Bytes read from the file so far, re-reads included: the scan's cost. */
  bytesRead = 0;
  constructor(
    private readonly source: ByteSource,
    private readonly size: number,
  ) {}

  /** Bytes from `pos` (at least one unless at the end), valid until the next call. */
  from(pos: number): Buffer {
    if (pos >= this.at && pos < this.at + this.buf.length) return this.buf.subarray(pos - this.at);
    const want = Math.min(WINDOW, this.size - pos);
    if (want <= 0) return Buffer.alloc(0);
    const buf = Buffer.allocUnsafe(want);
    const bytesRead = this.source.readInto(buf, 0, pos, want);
    this.buf = buf.subarray(0, bytesRead);
    this.at = pos;
    this.bytesRead += bytesRead;
    return this.buf;
  }
}

/** What one candidate start gives: its complete commands, and where it stopped (error or end of file). */
interface Attempt {
  readonly commands: number;
  /** End of the last complete command. */
  readonly end: number;
  /** Start of the frame an error was found in (or of a false start), or null when the file ended cleanly. */
  readonly failedAt: number | null;
}

/**
 * True when the loader would run the frame: a name it knows (unless unknown names are allowed, for module
 * AOFs) and at least the arguments the command needs. A flipped byte in a name is damage like any other.
 */
export function loadable(frame: CommandFrame, options: ResyncOptions): boolean {
  const name = frame.args[0];
  if (name === undefined) return false;
  const verdict = classifyCommand(name, frame.args[1], frame.argc, options.target ?? null);
  if (verdict.status === 'arity') return !verdict.short;
  // A module's command or another version's is a command some server runs, not damage.
  return verdict.status === 'ok' || verdict.status === 'module' || verdict.status === 'elsewhere' || options.allowUnknownCommands === true;
}

/** Parses from `start` to the next error or command the loader would not run; SYNC_RUN of them make a run. */
function attempt(window: Window, size: number, start: number, options: ResyncOptions): Attempt {
  let commands = 0;
  let end = start;
  let failedAt: number | null = null;
  const reader = new RespReader(
    {
      command(frame: CommandFrame) {
        if (!loadable(frame, options)) {
          failedAt = frame.start;
          reader.stop();
          return;
        }
        commands++;
        end = frame.end;
      },
      problem(p) {
        // Warnings end a run too: Redis writes canonical RESP, so a swallowed line or a missing CRLF is
        // damage even where the loader reads on (zeros inside a count line hide the commands they replaced).
        if (p.severity === 'error' || p.code !== 'annotation-unterminated') {
          failedAt = p.frameStart;
          reader.stop();
        }
      },
    },
    { offset: start, size, keepArgs: 2 },
  );
  let pos = start;
  while (pos < size && !reader.stopped) {
    const chunk = window.from(pos);
    if (chunk.length === 0) break;
    reader.feed(chunk);
    pos += chunk.length;
  }
  if (!reader.stopped) reader.end();
  return { commands, end, failedAt };
}

/**
 * The next offset ≥ from holding a `*`. Not only at line starts: garbage written without a line ending runs
 * into the next command's `*`; a false start costs little, since a run must parse SYNC_RUN real commands.
 */
function nextCandidate(window: Window, size: number, from: number): number | null {
  let pos = from;
  while (pos < size) {
    const chunk = window.from(pos);
    if (chunk.length === 0) return null;
    const i = chunk.indexOf(STAR);
    if (i !== -1) return pos + i;
    pos += chunk.length;
  }
  return null;
}

/**
 * Scans `source` from `from` (just past the start of a damaged frame) to its end: every sound run of commands,
 * found by trying each `*` until SYNC_RUN known commands parse in a row (or the file ends cleanly after at
 * least one).
 */
export async function resyncAfter(source: ByteSource, from: number, options: ResyncOptions = {}): Promise<ResyncResult> {
  const size = source.size;
  const window = new Window(source, size);
  const runs: SoundRun[] = [];
  let commands = 0;
  let pos = from;
  for (let tries = 1; pos < size; tries++) {
    // The scan reads synchronously: between candidates the event loop gets a turn (a spinner, a Ctrl-C).
    if (tries % TRIES_PER_TURN === 0) await nextTurn();
    if (window.bytesRead > WASTE_FACTOR * (size - from) + 2 * WINDOW) return { runs, commands, complete: false };
    const candidate = nextCandidate(window, size, pos);
    if (candidate === null) break;
    const tried = attempt(window, size, candidate, options);
    const synced = tried.commands >= SYNC_RUN || (tried.failedAt === null && tried.commands >= 1);
    if (!synced) {
      pos = candidate + 1;
      continue;
    }
    runs.push({ start: candidate, end: tried.end, commands: tried.commands });
    commands += tried.commands;
    if (tried.failedAt === null) break;
    pos = Math.max(tried.failedAt, candidate) + 1;
  }
  return { runs, commands, complete: true };
}
