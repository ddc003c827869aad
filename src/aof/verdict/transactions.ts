// Tracks MULTI/EXEC as the loader sees them, so a cut never lands inside a transaction.

import type { CommandFrame } from '../../resp/index.js';

export type TransactionEvent = 'open' | 'close' | 'nested-multi' | 'exec-without-multi' | null;

export class TransactionTracker {
  /** Offset of the MULTI that opened the current transaction, or null outside one. */
  openedAt: number | null = null;
  count = 0;

  /** Feeds a command and its lower-case name; returns what it did to the transaction state. */
  observe(frame: CommandFrame, name: string): TransactionEvent {
    if (name === 'multi') {
      // redis-server queues a nested MULTI and logs an error at EXEC; like redis-check-aof, a cut
      // still goes back to the first MULTI.
      if (this.openedAt !== null) return 'nested-multi';
      this.openedAt = frame.start;
      return 'open';
    }
    if (name === 'exec') {
      if (this.openedAt === null) return 'exec-without-multi';
      this.openedAt = null;
      this.count++;
      return 'close';
    }
    return null;
  }

  /** Where a truncation must cut for a problem in the frame starting at frameStart. */
  cutPoint(frameStart: number): number {
    return this.openedAt ?? frameStart;
  }
}
