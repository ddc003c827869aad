// Reads --from/--to: an offset (1234, 0x4d2, FILE:1234) or a time (@1700000000, an ISO 8601 date).

import type { CatBound } from '../../ops/cat/cat.js';

function parseOffset(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  return null;
}

/** The bound a --from/--to value names, or null when it is neither form. */
export function parseBound(value: string): CatBound | null {
  const unix = /^@(\d+)$/.exec(value);
  if (unix) return { kind: 'time', ts: Number(unix[1]) };
  if (/^\d{4}-\d{2}-\d{2}([T ]|$)/.test(value)) {
    // A date-time without a zone is read as UTC, like the times inspect prints, not as local time.
    const zoned = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value) || !value.includes('T') ? value : `${value}Z`;
    const ms = Date.parse(zoned);
    return Number.isNaN(ms) ? null : { kind: 'time', ts: Math.floor(ms / 1000) };
  }
  const plain = parseOffset(value);
  if (plain !== null) return { kind: 'offset', file: null, offset: plain };
  const colon = value.lastIndexOf(':');
  if (colon > 0) {
    const offset = parseOffset(value.slice(colon + 1));
    if (offset !== null) return { kind: 'offset', file: value.slice(0, colon), offset };
  }
  return null;
}
