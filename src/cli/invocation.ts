// How the user started aof (`aof`, `npx aof`, `node bin/aof.js`), so that the next-step hints we print run as typed.
import { basename, isAbsolute, relative } from 'node:path';
import { shellQuote } from './render/format.js';

/**
 * The words that start aof again the way it was started now: `npx aof` when npx ran the bin; a script path
 * (`node bin/aof.js`, `node ./node_modules/.bin/aof`) is shown relative to the working directory when that is
 * shorter; the installed bin on the PATH is plain `aof`.
 */
export function invocationOf(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string {
  const script = argv[1];
  if (script === undefined) return 'aof';
  if (basename(script) === 'aof') {
    // npx runs the bin from its cache (…/_npx/…) or the project's node_modules/.bin; npm_command alone leaks into children.
    const viaNpx = env.npm_command === 'exec' && (script.includes('/_npx/') || script === `${cwd}/node_modules/.bin/aof`);
    return viaNpx ? 'npx aof' : 'aof';
  }
  const shown = isAbsolute(script) ? relative(cwd, script) : script;
  const path = shown.length < script.length && !shown.startsWith('../../') ? shown : script;
  return `node ${shellQuote(path)}`;
}
