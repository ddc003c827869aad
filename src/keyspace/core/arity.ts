// Wraps a handler with Redis's arity check (positive: exact argc, negative: at least -arity).
import type { CoreHandler } from './context.js';
import { wrongArity } from './replies.js';

export function withArity(arity: number, handler: CoreHandler): CoreHandler {
  return (ctx, args) => {
    const ok = arity >= 0 ? args.length === arity : args.length >= -arity;
    return ok ? handler(ctx, args) : wrongArity(args[0]!.toString('latin1').toLowerCase());
  };
}

/** True when the argument equals the (lower-case ASCII) word, ignoring case. */
export function isWord(arg: Buffer, word: string): boolean {
  return arg.length === word.length && arg.toString('latin1').toLowerCase() === word;
}
