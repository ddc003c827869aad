// TransactionTracker against the loader's MULTI/EXEC handling: where a cut must land and what each command did.
import { describe, expect, it } from 'vitest';
import { TransactionTracker } from '../../../src/aof/verdict/transactions.js';
import type { CommandFrame } from '../../../src/resp/index.js';

const at = (start: number): CommandFrame => ({ type: 'command', args: [], argc: 1, start, end: start + 14, line: 1 });

describe('TransactionTracker', () => {
  it('opens at MULTI, cuts back to it inside the transaction, and closes at EXEC', () => {
    const tx = new TransactionTracker();
    expect(tx.observe(at(0), 'set')).toBeNull();
    expect(tx.observe(at(30), 'multi')).toBe('open');
    expect(tx.cutPoint(60)).toBe(30);
    expect(tx.observe(at(90), 'exec')).toBe('close');
    expect(tx.count).toBe(1);
    expect(tx.cutPoint(120)).toBe(120);
    expect(tx.observe(at(120), 'multi')).toBe('open');
    expect(tx.observe(at(150), 'exec')).toBe('close');
    expect(tx.count).toBe(2);
  });

  it('keeps the first MULTI for a nested one and reports EXEC without MULTI', () => {
    const tx = new TransactionTracker();
    expect(tx.observe(at(0), 'exec')).toBe('exec-without-multi');
    expect(tx.observe(at(10), 'multi')).toBe('open');
    expect(tx.observe(at(40), 'multi')).toBe('nested-multi');
    expect(tx.cutPoint(70)).toBe(10);
    expect(tx.count).toBe(0);
  });
});
