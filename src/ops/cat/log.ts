// Shapes the commands `cat` selects into a valid AOF: SELECTs where the database changes, whole transactions.

import { selectCommand, type TransactionEvent } from '../../aof/verdict/index.js';
import type { CommandFrame } from '../../resp/index.js';
import type { CatCommand, CatSink } from './command.js';

/** A command kept past its callback: its arguments are copied out of the reader's buffers. */
function detach(c: CatCommand): CatCommand {
  return { ...c, args: c.args.map((a) => Buffer.from(a)) };
}

export class CatLog {
  /** The database the output's loading client is in; -1 so the first command always gets a SELECT. */
  private outDb = -1;
  private lastTs: number | null = null;
  /** An open transaction: its MULTI and the selected commands inside it. */
  private tx: { multi: CatCommand; items: CatCommand[] } | null = null;

  constructor(private readonly sink: CatSink) {}

  /** Each file is a new loading client: a transaction never continues into the next file. */
  fileStart(): void {
    this.tx = null;
  }

  /** A transaction still open at the end of a file is rolled back by the loader: it is dropped. */
  fileEnd(): void {
    this.tx = null;
  }

  /**
   * Handles SELECT, MULTI and EXEC, which the log writes itself; true when the command was one of them.
   * `transaction` is the verdict's reading of it: a nested MULTI or an EXEC without MULTI is dropped (the
   * server rejects both and loads on).
   */
  structural(name: string, transaction: TransactionEvent, frame: CommandFrame, file: string, ts: number | null): boolean {
    if (transaction === 'open') {
      const multi: CatCommand = { file, offset: frame.start, db: this.outDb, ts, name, args: frame.args, keys: [], fromRdb: false };
      this.tx = { multi: detach(multi), items: [] };
      return true;
    }
    if (transaction === 'close') {
      const tx = this.tx;
      this.tx = null;
      const first = tx?.items[0];
      if (tx !== null && first !== undefined) {
        this.stamp(tx.multi.ts);
        // SELECT goes before MULTI, as Redis 7.0 writes it; a transaction that changes database
        // midway gets the later SELECTs inside it, as 7.2+ writes them (both load the same).
        this.select(first);
        this.sink.command(tx.multi);
        for (const item of tx.items) this.write(item);
        this.sink.command({ file, offset: frame.start, db: this.outDb, ts, name, args: frame.args, keys: [], fromRdb: false });
      }
      return true;
    }
    return name === 'select' || name === 'multi' || name === 'exec';
  }

  /** A selected command: written now, or kept until its transaction's EXEC. */
  command(c: CatCommand): void {
    if (this.tx !== null) {
      this.tx.items.push(detach(c));
      return;
    }
    this.stamp(c.ts);
    this.write(c);
  }

  /** A #TS annotation between execution units, when the time moved on. */
  private stamp(ts: number | null): void {
    if (ts === null || ts === this.lastTs) return;
    this.lastTs = ts;
    this.sink.timestamp?.(ts);
  }

  private write(c: CatCommand): void {
    this.select(c);
    this.sink.command(c);
  }

  /** A SELECT when c's database is not the one the output is in. */
  private select(c: CatCommand): void {
    if (c.db === this.outDb) return;
    this.outDb = c.db;
    this.sink.command({ file: c.file, offset: null, db: c.db, ts: c.ts, name: 'select', args: selectCommand(c.db), keys: [], fromRdb: false });
  }
}
