// Which side of each version difference a server is on (docs/server-versions.md, section 3).

import type { ServerBehaviour } from './types.js';

/** Major and minor of a Redis-compatible version string ("7.0.15" → [7, 0]); null when it is not one. */
function majorMinor(version: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m === null ? null : [Number(m[1]), Number(m[2])];
}

/**
 * The behaviour of `server` at `version`. Every Valkey release is 7.2 or later; a Redis version that is not a
 * release number (a development snapshot) is taken as the newest.
 */
export function behaviourOf(server: 'redis' | 'valkey', version: string): ServerBehaviour {
  const v = server === 'valkey' ? null : majorMinor(version);
  const before72 = v !== null && (v[0] < 7 || (v[0] === 7 && v[1] < 2));
  return { claimCreatesConsumer: !before72 };
}
