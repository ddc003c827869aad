// The verdict's own findings and the notes it adds to others': each says what the server does and what to do.

import type { CommandFrame, RespProblem } from '../../resp/index.js';
import type { AofProblem } from '../problem.js';
import type { TransactionEvent } from './transactions.js';

export function fromResp(p: RespProblem, file: string): AofProblem {
  return {
    severity: p.severity,
    code: p.code,
    kind: p.severity === 'error' ? p.kind : undefined,
    file,
    offset: p.offset,
    line: p.line,
    message: p.message,
  };
}

/** The error after a command read with a damaged length (a zero-filled tail): the cut goes before that command. */
export function withSuspectNote(p: AofProblem, suspectFrom: number): AofProblem {
  const note =
    `The command at offset ${suspectFrom} before it lacks the CRLF after an argument, so its length was likely ` + 'damaged too: a fix cuts from there';
  return { ...p, message: `${p.message}. ${note}` };
}

/** aof-load-truncated yes cuts an RDB file at 0 when no command of its tail came before the damage. */
export function withRdbWipeNote(p: AofProblem): AofProblem {
  const note =
    'Do not let redis-server repair this: with aof-load-truncated yes, 7.0 cuts the file at offset 0, deleting its ' +
    'RDB section too (it counts the sound part from the first command); aof fix cuts after the RDB section';
  return { ...p, message: `${p.message}. ${note}` };
}

/**
 * A truncated file that is not the last one is fatal even with aof-load-truncated yes: the server cuts it
 * on disk, then exits ("the truncated file is not the last file", loadAppendOnlyFiles), so it is corrupt.
 */
export function notLastFile(p: AofProblem): AofProblem {
  const message =
    `${p.message}. This is not the last file of the AOF: redis-server refuses it even with aof-load-truncated yes ` +
    '("the truncated file is not the last file"), after cutting it on disk';
  return { ...p, kind: 'corrupt', message };
}

/** loadSingleAppendOnlyFile reaching the end inside MULTI: "Revert incomplete MULTI/EXEC transaction". */
export function multiUnterminated(file: string, openedAt: number, line: number): AofProblem {
  return {
    severity: 'error',
    code: 'multi-unterminated',
    kind: 'truncated',
    file,
    offset: openedAt,
    line, // where reading stopped, as redis-check-aof reports it
    message: `the file ends inside the transaction opened by MULTI at offset ${openedAt}: redis-server reverts it ("Revert incomplete MULTI/EXEC transaction") and treats the file as truncated`,
  };
}

/** A nested MULTI or an EXEC without MULTI: the server loads on, redis-check-aof rejects the file. */
export function transactionWarning(
  event: Exclude<TransactionEvent, 'open' | 'close' | null>,
  file: string,
  frame: CommandFrame,
  openedAt: number | null,
): AofProblem {
  return {
    severity: 'warning',
    code: event === 'nested-multi' ? 'multi-nested' : 'exec-without-multi',
    file,
    offset: frame.start,
    line: frame.line,
    message:
      event === 'nested-multi'
        ? `MULTI inside the transaction opened at offset ${openedAt ?? 'unknown'}: redis-server loads it (logging "MULTI calls can not be nested"); redis-check-aof rejects the file`
        : 'EXEC without MULTI: redis-server loads it (logging "EXEC without MULTI"); redis-check-aof rejects the file',
  };
}
