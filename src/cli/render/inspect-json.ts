// The --json form of an InspectReport: the same figures, with key bytes made JSON-safe.

import type { InspectReport, KeyStat, PrefixStat } from '../../ops/inspect/report.js';
import { jsonBytes } from './quote.js';

function keyJson(k: KeyStat): object {
  return { ...k, key: jsonBytes(k.key) };
}

function prefixJson(p: PrefixStat): object {
  return { ...p, prefix: jsonBytes(p.prefix) };
}

/** One object per path; commands' bytes are frame sizes on disk, and every frame counts. */
function inspectReportJson(report: InspectReport): object {
  return {
    ...report,
    hotKeys: report.hotKeys.map(keyJson),
    bigWriters: report.bigWriters.map(keyJson),
    prefixes: { ...report.prefixes, byCount: report.prefixes.byCount.map(prefixJson), byBytes: report.prefixes.byBytes.map(prefixJson) },
    largest: report.largest.map((c) => ({ ...c, key: c.key === null ? null : jsonBytes(c.key) })),
  };
}

export function inspectJson(report: InspectReport): string {
  return JSON.stringify(inspectReportJson(report)) + '\n';
}
