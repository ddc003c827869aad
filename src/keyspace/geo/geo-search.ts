// GEOSEARCHSTORE and GEORADIUS[BYMEMBER] … STORE|STOREDIST (georadiusGeneric in geo.c): search a geo set, store the hits.
import { ownEntry } from '../../aof/own-entry.js';
import { withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { distanceIfInside, searchCells, type GeoShape } from './geo-search-area.js';
import { GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN, cellScores, decodeScore, type GeoCell } from './geo-search-hash.js';
import { parseDouble, parseLongLong } from '../core/numbers.js';
import { NOT_FLOAT, NOT_INTEGER, SYNTAX, irreproducible } from '../core/replies.js';
import type { ErrorReply, Reply } from '../core/types.js';
import { ZSetValue, type ZEntry } from '../zset/zset-value.js';
import { lookupZSet } from '../zset/zset.js';

type Variant = 'georadius' | 'georadiusbymember' | 'geosearchstore';

interface Hit {
  readonly id: string;
  readonly score: number;
  /** Metres from the centre. */
  readonly dist: number;
}

interface Search {
  center: [number, number] | null;
  /** The shape without its centre; null until BYRADIUS/BYBOX (GEOSEARCHSTORE) or the fixed arguments set it. */
  extent: { kind: 'radius'; radius: number; conversion: number } | { kind: 'box'; width: number; height: number; conversion: number } | null;
  fromMember: boolean;
  sort: 'none' | 'asc' | 'desc';
  any: boolean;
  count: number;
  store: Buffer | null;
  storeDist: boolean;
  withReply: boolean;
}

const err = (message: string): ErrorReply => ({ error: `ERR ${message}` });
const NO_MEMBER = err('could not decode requested zset member');

const METRES: Record<string, number> = { m: 1, km: 1000, ft: 0.3048, mi: 1609.34 };

/** extractUnitOrReply: metres per unit. */
function unitOf(arg: Buffer): number | ErrorReply {
  const metres = ownEntry(METRES, arg.toString('latin1').toLowerCase());
  return metres ?? err('unsupported unit provided. please use M, KM, FT, MI');
}

/** extractLongLatOrReply. */
function lonLatOf(lonArg: Buffer, latArg: Buffer): [number, number] | ErrorReply {
  const lon = parseDouble(lonArg);
  if (lon === null) return NOT_FLOAT;
  const lat = parseDouble(latArg);
  if (lat === null) return NOT_FLOAT;
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    return err(`invalid longitude,latitude pair ${lon.toFixed(6)},${lat.toFixed(6)}`);
  }
  return [lon, lat];
}

/** extractDistanceOrReply. */
function radiusOf(value: Buffer, unit: Buffer): Search['extent'] | ErrorReply {
  const radius = parseDouble(value);
  if (radius === null) return err('need numeric radius');
  if (radius < 0) return err('radius cannot be negative');
  const conversion = unitOf(unit);
  return typeof conversion === 'number' ? { kind: 'radius', radius, conversion } : conversion;
}

/** extractBoxOrReply. */
function boxOf(w: Buffer, h: Buffer, unit: Buffer): Search['extent'] | ErrorReply {
  const width = parseDouble(w);
  if (width === null) return err('need numeric width');
  const height = parseDouble(h);
  if (height === null) return err('need numeric height');
  if (height < 0 || width < 0) return err('height or width cannot be negative');
  const conversion = unitOf(unit);
  return typeof conversion === 'number' ? { kind: 'box', width, height, conversion } : conversion;
}

/** The member's decoded position, or why not; a missing source defers the check (as Redis does). */
function memberCenter(z: ZSetValue | undefined, member: Buffer): [number, number] | null | ErrorReply {
  if (z === undefined) return null;
  const score = z.score(member.toString('latin1'));
  return score === undefined ? NO_MEMBER : decodeScore(score);
}

const isErr = (v: unknown): v is ErrorReply => typeof v === 'object' && v !== null && 'error' in v;

/** georadiusGeneric's fixed arguments and option loop. */
function parseSearch(args: Buffer[], variant: Variant, z: ZSetValue | undefined): Search | ErrorReply {
  const s: Search = { center: null, extent: null, fromMember: false, sort: 'none', any: false, count: 0, store: null, storeDist: false, withReply: false };
  let base: number;
  if (variant === 'georadius') {
    const c = lonLatOf(args[2]!, args[3]!);
    if (isErr(c)) return c;
    const e = radiusOf(args[4]!, args[5]!);
    if (isErr(e)) return e;
    [s.center, s.extent, base] = [c, e, 6];
  } else if (variant === 'georadiusbymember') {
    base = 5;
    // Without a source key Redis parses neither the member nor the radius.
    if (z !== undefined) {
      const c = memberCenter(z, args[2]!);
      if (isErr(c)) return c;
      const e = radiusOf(args[3]!, args[4]!);
      if (isErr(e)) return e;
      [s.center, s.extent] = [c, e];
    }
  } else {
    [s.store, base] = [args[1]!, 3];
  }
  const search = variant === 'geosearchstore';
  let fromLonLat = false;
  for (let i = base; i < args.length; i++) {
    const left = args.length - 1 - i;
    const a = args[i]!.toString('latin1').toLowerCase();
    if (a === 'withdist' || a === 'withhash' || a === 'withcoord') s.withReply = true;
    else if (a === 'any') s.any = true;
    else if (a === 'asc' || a === 'desc') s.sort = a;
    else if (a === 'count' && left >= 1) {
      const n = parseLongLong(args[++i]!);
      if (n === null) return NOT_INTEGER;
      if (n <= 0n) return err('COUNT must be > 0');
      s.count = Number(n);
    } else if ((a === 'store' || a === 'storedist') && left >= 1 && !search) {
      [s.store, s.storeDist] = [args[++i]!, a === 'storedist'];
    } else if (a === 'storedist' && search) s.storeDist = true;
    else if (a === 'frommember' && left >= 1 && search && !fromLonLat) {
      const c = memberCenter(z, args[++i]!);
      if (isErr(c)) return c;
      [s.center, s.fromMember] = [c, true];
    } else if (a === 'fromlonlat' && left >= 2 && search && !s.fromMember) {
      const c = lonLatOf(args[i + 1]!, args[i + 2]!);
      if (isErr(c)) return c;
      [s.center, fromLonLat, i] = [c, true, i + 2];
    } else if (a === 'byradius' && left >= 2 && search && s.extent?.kind !== 'box') {
      const e = radiusOf(args[i + 1]!, args[i + 2]!);
      if (isErr(e)) return e;
      [s.extent, i] = [e, i + 2];
    } else if (a === 'bybox' && left >= 3 && search && s.extent?.kind !== 'radius') {
      const e = boxOf(args[i + 1]!, args[i + 2]!, args[i + 3]!);
      if (isErr(e)) return e;
      [s.extent, i] = [e, i + 3];
    } else return SYNTAX;
  }
  if (s.store !== null && s.withReply) {
    return err(`${search ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  const name = args[0]!.toString('latin1');
  if (search && !(s.fromMember || fromLonLat)) return err(`exactly one of FROMMEMBER or FROMLONLAT can be specified for ${name}`);
  if (search && s.extent === null) return err(`exactly one of BYRADIUS and BYBOX can be specified for ${name}`);
  if (s.any && s.count === 0) return err('the ANY argument requires COUNT argument');
  return s;
}

/** Index of the first entry whose score is ≥ min. */
function firstAtLeast(entries: readonly ZEntry[], min: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.score < min) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * membersOfAllNeighbors: scan each cell's score range [min, max) in zset order, keep points inside the shape,
 * and (ANY) stop as soon as `limit` hits are held. A cell equal to the one scanned just before is skipped —
 * except right after the centre cell, because Redis tests "last processed index != 0".
 */
function collectHits(z: ZSetValue, shape: GeoShape, limit: number): Hit[] {
  const entries = z.sorted();
  const cells = searchCells(shape);
  const hits: Hit[] = [];
  let last: GeoCell | null = null;
  let lastIndex = 0;
  for (const [index, cell] of cells.entries()) {
    if (cell === null) continue;
    if (lastIndex !== 0 && last !== null && cell.bits === last.bits && cell.step === last.step) continue;
    if (limit > 0 && hits.length >= limit) break;
    const [min, max] = cellScores(cell);
    for (let j = firstAtLeast(entries, min); j < entries.length && entries[j]!.score < max; j++) {
      const { id, score } = entries[j]!;
      const [lon, lat] = decodeScore(score);
      const dist = distanceIfInside(shape, lon, lat);
      if (dist !== null) hits.push({ id, score, dist });
      if (limit > 0 && hits.length >= limit) break;
    }
    [last, lastIndex] = [cell, index];
  }
  return hits;
}

const TIED_CUTOFF = irreproducible(
  'COUNT cuts between members at the same distance: which of them Redis keeps depends on its partial quicksort (pqsort), so the result cannot be reproduced',
);

/** The hits Redis keeps, or TIED_CUTOFF when pqsort's unstable choice among equal distances decides. */
function selectHits(hits: Hit[], s: Search): Hit[] | ErrorReply {
  // COUNT without ANY means "the nearest COUNT": Redis forces ASC then.
  const sort = s.count > 0 && s.sort === 'none' && !s.any ? 'asc' : s.sort;
  const keep = s.count === 0 ? hits.length : Math.min(s.count, hits.length);
  // glibc's qsort is a stable merge sort here, as Array.prototype.sort is.
  if (sort !== 'none') hits.sort((a, b) => (a.dist === b.dist ? 0 : a.dist > b.dist === (sort === 'asc') ? 1 : -1));
  if (keep < hits.length && hits[keep - 1]!.dist === hits[keep]!.dist) return TIED_CUTOFF;
  return hits.slice(0, keep);
}

const STOREDIST_CAVEAT =
  'STOREDIST distances are computed with correctly rounded sin/cos/asin; redis-server uses glibc, whose last bits ' +
  "differ in about 0.3% of distances, so such a score can differ from the server's by 1–3 ulp";

function geoSearch(ctx: CoreContext, args: Buffer[], variant: Variant): Reply {
  const z = lookupZSet(ctx, args[variant === 'geosearchstore' ? 2 : 1]!);
  if (isErr(z)) return z;
  const s = parseSearch(args, variant, z);
  if (isErr(s)) return s;
  if (s.store === null && s.withReply) return irreproducible('GEORADIUS replies WITHDIST, WITHHASH or WITHCOORD are not modelled');
  if (z === undefined) {
    if (s.store === null) return [];
    ctx.db.delete(s.store);
    return 0;
  }
  const shape = { ...s.extent!, lon: s.center![0], lat: s.center![1] } as GeoShape;
  const hits = selectHits(collectHits(z, shape, s.any ? s.count : 0), s);
  if (isErr(hits)) return hits;
  if (s.store === null) return hits.map((h) => Buffer.from(h.id, 'latin1'));
  if (hits.length === 0) {
    ctx.db.delete(s.store);
    return 0;
  }
  // Built as a skiplist and converted if small enough (zsetConvertToListpackIfNeeded), like ZUNIONSTORE's result.
  const result = new ZSetValue(true);
  // glibc's sin/cos/asin round differently from ours in about 0.07% of calls: a stored distance may then
  // differ from the server's in its last bits (never which members are stored, nor STORE's geohash scores).
  if (s.storeDist && hits.length > 0) ctx.server.caveat(STOREDIST_CAVEAT);
  for (const h of hits) result.set(h.id, s.storeDist ? h.dist / shape.conversion : h.score);
  result.listpackIfFits();
  ctx.db.set(s.store, result);
  return hits.length;
}

export const geoSearchCommands: CommandTable = {
  georadius: withArity(-6, (ctx, args) => geoSearch(ctx, args, 'georadius')),
  georadiusbymember: withArity(-5, (ctx, args) => geoSearch(ctx, args, 'georadiusbymember')),
  geosearchstore: withArity(-8, (ctx, args) => geoSearch(ctx, args, 'geosearchstore')),
};
