// A visitor of the commands of a segment read on a worker thread: made there from a module, its findings posted back.

import type { CommandFrame } from '../../resp/index.js';

/** The database of a segment's commands before its first SELECT: the one the reading before it ends in, not known yet. */
export const INHERITED_DB = -1;

export interface SegmentVisitor {
  /** Leading arguments to keep of a command named `name`, asked just before it is handed over. */
  keepArgs(name: string): number;
  /** A command the server runs, in database `db` (INHERITED_DB before the segment's first SELECT), of the file at `path`. */
  command(frame: CommandFrame, name: string, db: number, path: string): void;
  /** An annotation's text (a view, valid during the call). */
  annotation(text: Buffer): void;
  /** What it gathered, as plain data a worker thread can post. */
  finish(): unknown;
}

/** Where the worker finds the visitor: a module (URL) exporting `segmentVisitor(config)`, and that config (plain data). */
export interface SegmentVisitorSource {
  readonly module: string;
  readonly config: unknown;
}

export async function makeSegmentVisitor(source: SegmentVisitorSource): Promise<SegmentVisitor> {
  const made = (await import(source.module)) as { segmentVisitor(config: unknown): SegmentVisitor };
  return made.segmentVisitor(source.config);
}
