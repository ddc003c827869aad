// Judges each command as the loader meets it: unknown names are refused, too few arguments crash it.

import type { CommandFrame } from '../../resp/index.js';
import { commandRule, type CommandRule, type CommandTarget, type CommandVerdict } from '../command-table.js';

const PASSED: CommandVerdict = { status: 'ok' };
import type { AofProblem } from '../problem.js';

/** How many warnings of one code are kept per file: the count is still reported. */
const WARNINGS_KEPT = 20;
/** Distinct command names whose rules are kept (Redis has about 240 commands). */
const RULES_KEPT = 4096;

/**
 * What redis-server does with a command it cannot run: loadSingleAppendOnlyFile refuses a file with an
 * unknown command (lookupCommand fails: "Unknown command") and crashes on one with too few arguments (it
 * checks neither arity nor flags). More arguments than a command takes only earn a warning: the command
 * logs an error or ignores them.
 */
function problemFor(v: Exclude<CommandVerdict, { status: 'ok' }>, frame: CommandFrame, file: string, options: JudgeOptions): AofProblem {
  const base = { file, offset: frame.start, line: frame.line };
  if (v.status === 'module') {
    // Never damage: Redis 8 bundles JSON, time series, probabilistic and search, and any server can load modules.
    return {
      ...base,
      severity: 'warning',
      code: 'command-module',
      message: `'${v.name}' is a module's command: redis-server loads this file only with that module loaded (Redis 8 and Redis Stack bundle JSON, TS, BF/CF/CMS/TOPK/TDIGEST and FT); aof checks its framing, it cannot replay it`,
    };
  }
  if (v.status === 'elsewhere') {
    const target = options.target?.label ?? 'this server';
    const from = v.servers.length > 3 ? `${v.servers.slice(0, 3).join(', ')}, …` : v.servers.join(', ');
    return {
      ...base,
      severity: 'error',
      code: 'command-newer',
      kind: 'unsupported',
      message: `'${v.name}' is not a command of ${target} (${from} have it): ${target} refuses to load this file ("Unknown command"); it was written for another server — load it there, or check without --server`,
    };
  }
  if (v.status === 'arity') {
    return v.short
      ? {
          ...base,
          severity: 'error',
          code: 'command-arity',
          kind: 'corrupt',
          message: `'${v.name}' with ${frame.argc} argument(s), fewer than it needs (arity ${v.arity}): redis-server does not check arity while loading and crashes on it (7.0.15: SIGSEGV)`,
        }
      : {
          ...base,
          severity: 'warning',
          code: 'command-arity',
          message: `'${v.name}' with more arguments than it takes (arity ${v.arity}): redis-server does not check arity while loading; the command fails or ignores them`,
        };
  }
  const what = v.status === 'unknown' ? `'${v.name}'` : `'${v.name} ${v.sub}'`;
  return options.allowUnknownCommands
    ? {
        ...base,
        severity: 'warning',
        code: 'command-unknown',
        message: `${what} is not a Redis command (allowed by --allow-unknown-commands): redis-server loads the file only if a module or rename-command provides it`,
      }
    : {
        ...base,
        severity: 'error',
        code: 'command-unknown',
        kind: 'corrupt',
        message: `${what} is not a Redis command: redis-server refuses to load the file ("Unknown command"). If a module or rename-command provides it, check again with --allow-unknown-commands`,
      };
}

export interface JudgeOptions {
  /** Report commands unknown to Redis as warnings, not errors (for module or renamed commands). */
  readonly allowUnknownCommands: boolean;
  /** The server whose command table decides (--server), or null for any version the tables know. */
  readonly target?: CommandTarget;
}

/** The command judgement of one file: its errors stop the file, its warnings are kept (a few per code). */
export class CommandJudge {
  /** Warnings kept, in file order. */
  readonly warnings: AofProblem[] = [];
  /** Warnings beyond WARNINGS_KEPT of their code: counted, not kept. */
  suppressed = 0;
  private readonly perCode = new Map<string, number>();
  /** Each name's rule, and the one argsNeeded just looked up (judge() is called next, for the same command). */
  private readonly rules = new Map<string, CommandRule>();
  private current: CommandRule | null = null;
  private currentName = '';
  /**
   * A rule (of a command without subcommands, so argc is all it reads) and the argc it last passed: the same
   * command again, as most of a file is, is passed without asking the rule.
   */
  private passedRule: CommandRule | null = null;
  private passedArgc = -1;
  /** True when the last command judged was passed so: the same command again, with as many arguments, passes too. */
  passedLast = false;

  constructor(
    private readonly file: string,
    private readonly options: JudgeOptions,
  ) {}

  /** Arguments the judgement reads: a container command's subcommand name. */
  argsNeeded(name: string): number {
    return this.ruleOf(name).subcommands ? 2 : 0;
  }

  private ruleOf(name: string): CommandRule {
    if (this.currentName === name && this.current !== null) return this.current;
    let rule = this.rules.get(name);
    if (rule === undefined) {
      rule = commandRule(name, this.options.target ?? null);
      // Bounded: a file of made-up names (allowed by --allow-unknown-commands) must not grow the cache without end.
      if (this.rules.size < RULES_KEPT) this.rules.set(name, rule);
    }
    this.currentName = name;
    this.current = rule;
    return rule;
  }

  /** True when the command is fine as it is: judge() would neither refuse it nor keep a warning. */
  plain(frame: CommandFrame, name: string): boolean {
    return this.verdict(frame, name).status === 'ok';
  }

  private verdict(frame: CommandFrame, name: string): CommandVerdict {
    const rule = this.ruleOf(name);
    if (rule === this.passedRule && frame.argc === this.passedArgc) {
      this.passedLast = true;
      return PASSED;
    }
    const v = rule.check(frame.args, frame.argc);
    this.passedLast = v.status === 'ok' && !rule.subcommands;
    if (this.passedLast) {
      this.passedRule = rule;
      this.passedArgc = frame.argc;
    }
    return v;
  }

  /** The error the server stops at for this command, or null (a warning is kept, or all is well). */
  judge(frame: CommandFrame, name: string): AofProblem | null {
    const v = this.verdict(frame, name);
    if (v.status === 'ok') return null;
    const p = problemFor(v, frame, this.file, this.options);
    if (p.severity === 'error') return p;
    // A module's commands are told once per name: a JSON-heavy file would otherwise say the same thing 20 times.
    const key = v.status === 'module' ? `${p.code} ${v.name}` : p.code;
    const seen = this.perCode.get(key) ?? 0;
    this.perCode.set(key, seen + 1);
    if (v.status === 'module') {
      if (seen === 0) this.warnings.push(p);
    } else if (seen < WARNINGS_KEPT) this.warnings.push(p);
    else this.suppressed++;
    return null;
  }
}
