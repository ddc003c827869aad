// What salvage keeps of a run: whole transactions only, and the database each kept piece runs in.

import type { Run, RunCommand } from '../../aof/sound-runs.js';
import { selectTarget } from '../../aof/verdict/index.js';

/** A byte range kept as it is, and the database the original stream was in where it starts. */
export interface KeptPiece {
  readonly start: number;
  readonly end: number;
  readonly db: number;
  /** The database after its last command (its own SELECTs followed). */
  readonly dbEnd: number;
  readonly commands: number;
}

/** Commands dropped from a sound run because the damage took part of their transaction. */
export interface DroppedTransaction {
  readonly start: number;
  readonly end: number;
  readonly commands: number;
  readonly why: 'multi-lost' | 'exec-lost';
}

export interface RunPlan {
  readonly pieces: KeptPiece[];
  readonly dropped: DroppedTransaction[];
  /** The database the run was taken to start in, when damage before it may have hidden a SELECT. */
  readonly assumedDb: number | null;
  /** The database in effect after the run, for the next one. */
  readonly dbAfter: number;
}

/**
 * Plans one run. A run that follows damage and reaches an EXEC before any MULTI lost that MULTI to the
 * damage: its commands up to that EXEC go. A run that ends inside a MULTI lost the EXEC: from that MULTI on
 * goes (as the loader itself reverts an unfinished transaction). SELECTs are followed to know each piece's
 * database; after damage, the database before it is assumed (a SELECT may have been in the damage).
 */
export function planRun(run: Run, dbBefore: number): RunPlan {
  const cmds = run.commands;
  const dropped: DroppedTransaction[] = [];
  let from = 0;
  if (!run.first) {
    const firstExec = cmds.findIndex((c) => c.name === 'exec');
    const firstMulti = cmds.findIndex((c) => c.name === 'multi');
    if (firstExec !== -1 && (firstMulti === -1 || firstExec < firstMulti)) {
      dropped.push(span(cmds, 0, firstExec + 1, 'multi-lost'));
      from = firstExec + 1;
    }
  }
  let to = cmds.length;
  let open: number | null = null;
  for (let i = from; i < cmds.length; i++) {
    const name = cmds[i]!.name;
    if (name === 'multi' && open === null) open = i;
    else if (name === 'exec') open = null;
  }
  if (open !== null) {
    dropped.push(span(cmds, open, cmds.length, 'exec-lost'));
    to = open;
  }
  // The database: followed through every command the original stream ran, kept or not.
  let db = dbBefore;
  for (let i = 0; i < from; i++) db = afterSelect(cmds[i]!, db);
  const pieces: KeptPiece[] = [];
  if (to > from) {
    let dbEnd = db;
    for (let i = from; i < to; i++) dbEnd = afterSelect(cmds[i]!, dbEnd);
    // From the run's own start when nothing was dropped before: annotations (#TS) ahead of its first command stay.
    pieces.push({ start: from === 0 ? run.start : cmds[from]!.start, end: cmds[to - 1]!.end, db, dbEnd, commands: to - from });
  }
  for (let i = from; i < cmds.length; i++) db = afterSelect(cmds[i]!, db);
  return { pieces, dropped, assumedDb: run.first ? null : dbBefore, dbAfter: db };
}

function afterSelect(c: RunCommand, db: number): number {
  return c.name === 'select' ? (selectTarget(c.arg1) ?? db) : db;
}

function span(cmds: RunCommand[], from: number, to: number, why: DroppedTransaction['why']): DroppedTransaction {
  return { start: cmds[from]!.start, end: cmds[to - 1]!.end, commands: to - from, why };
}
