// Geohash cell arithmetic (geohash.c): interleaved cell numbers, their eight neighbours, and the area a cell covers.

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

const EVEN = 0x5555555555555555n;
const ODD = 0xaaaaaaaaaaaaaaaan;
const TWO_64 = 2 ** 64;
const TWO_63 = 2 ** 63;

/** A cell at `step` bits per axis: latitude bits at even positions, longitude bits at odd ones. */
export interface GeoCell {
  readonly bits: bigint;
  readonly step: number;
}

export interface GeoArea {
  readonly lonMin: number;
  readonly lonMax: number;
  readonly latMin: number;
  readonly latMax: number;
}

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/** Spreads the low 32 bits of v over the even bit positions (interleave64's half). */
function spread(v: bigint): bigint {
  let x = v & 0xffffffffn;
  x = (x | (x << 16n)) & 0x0000ffff0000ffffn;
  x = (x | (x << 8n)) & 0x00ff00ff00ff00ffn;
  x = (x | (x << 4n)) & 0x0f0f0f0f0f0f0f0fn;
  x = (x | (x << 2n)) & 0x3333333333333333n;
  x = (x | (x << 1n)) & EVEN;
  return x;
}

/** The inverse of spread: the even bits of v packed into 32 bits (deinterleave64's half). */
function squeeze(v: bigint): number {
  let x = v & EVEN;
  x = (x | (x >> 1n)) & 0x3333333333333333n;
  x = (x | (x >> 2n)) & 0x0f0f0f0f0f0f0f0fn;
  x = (x | (x >> 4n)) & 0x00ff00ff00ff00ffn;
  x = (x | (x >> 8n)) & 0x0000ffff0000ffffn;
  x = (x | (x >> 16n)) & 0xffffffffn;
  return Number(x);
}

/** geohashEncode over the WGS84 ranges; the caller has checked lon/lat are inside them. */
export function encodeCell(longitude: number, latitude: number, step: number): GeoCell {
  const scale = 2 ** step;
  const latOffset = ((latitude - GEO_LAT_MIN) / (GEO_LAT_MAX - GEO_LAT_MIN)) * scale;
  const longOffset = ((longitude - GEO_LONG_MIN) / (GEO_LONG_MAX - GEO_LONG_MIN)) * scale;
  // The C code converts each double offset to uint32_t, i.e. truncates toward zero.
  return { bits: spread(BigInt(Math.trunc(latOffset))) | (spread(BigInt(Math.trunc(longOffset))) << 1n), step };
}

/** geohashAlign52Bits: the cell's first 52-bit score. */
export function align52(cell: GeoCell): number {
  return Number(u64(cell.bits << BigInt(52 - cell.step * 2)));
}

/** The scores [min, max) of every point inside the cell (scoresOfGeoHashBox: max is the next cell's first score). */
export function cellScores(cell: GeoCell): [number, number] {
  return [align52(cell), align52({ bits: u64(cell.bits + 1n), step: cell.step })];
}

/** geohashDecode over the WGS84 ranges; (ilato + 1) wraps as the uint32_t it is in C. */
export function cellArea(cell: GeoCell): GeoArea {
  const lat = squeeze(cell.bits);
  const lon = squeeze(cell.bits >> 1n);
  const scale = 2 ** cell.step;
  const latScale = GEO_LAT_MAX - GEO_LAT_MIN;
  const lonScale = GEO_LONG_MAX - GEO_LONG_MIN;
  return {
    latMin: GEO_LAT_MIN + (lat / scale) * latScale,
    latMax: GEO_LAT_MIN + (((lat + 1) % 2 ** 32) / scale) * latScale,
    lonMin: GEO_LONG_MIN + (lon / scale) * lonScale,
    lonMax: GEO_LONG_MIN + (((lon + 1) % 2 ** 32) / scale) * lonScale,
  };
}

/**
 * The C cast (uint64_t)score as x86-64 code compiled by gcc performs it: below 2^63 a truncating signed
 * conversion (so small negatives wrap, and -2^63 or less gives 2^63), above it the conversion of score − 2^63
 * with the top bit flipped (so 2^64 or more gives 0). GEOADD scores are always in [0, 2^52].
 */
function scoreBits(score: number): bigint {
  if (score >= TWO_64) return 0n;
  if (score >= TWO_63) return BigInt(Math.trunc(score - TWO_63)) | (1n << 63n);
  if (score <= -TWO_63) return 1n << 63n;
  return u64(BigInt(Math.trunc(score)));
}

/** decodeGeohash + geohashDecodeAreaToLongLat: the centre of the score's step-26 cell, clamped to the ranges. */
export function decodeScore(score: number): [number, number] {
  const a = cellArea({ bits: scoreBits(score), step: GEO_STEP_MAX });
  const lon = Math.min(Math.max((a.lonMin + a.lonMax) / 2, GEO_LONG_MIN), GEO_LONG_MAX);
  const lat = Math.min(Math.max((a.latMin + a.latMax) / 2, GEO_LAT_MIN), GEO_LAT_MAX);
  return [lon, lat];
}

/** geohash_move_x / geohash_move_y: step one cell along an axis, wrapping around at the range's edge. */
function move(cell: GeoCell, d: number, axis: bigint, other: bigint): GeoCell {
  if (d === 0) return cell;
  const shift = BigInt(64 - cell.step * 2);
  const zz = other >> shift;
  let v = cell.bits & axis;
  v = d > 0 ? u64(v + zz + 1n) : u64((v | zz) - (zz + 1n));
  v &= axis >> shift;
  return { bits: v | (cell.bits & other), step: cell.step };
}

function moveBy(cell: GeoCell, dx: number, dy: number): GeoCell {
  return move(move(cell, dx, ODD, EVEN), dy, EVEN, ODD);
}

/** geohashNeighbors, in the order membersOfAllNeighbors scans them after the cell itself. */
export function neighbourCells(cell: GeoCell): Record<'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw', GeoCell> {
  return {
    n: moveBy(cell, 0, 1),
    s: moveBy(cell, 0, -1),
    e: moveBy(cell, 1, 0),
    w: moveBy(cell, -1, 0),
    ne: moveBy(cell, 1, 1),
    nw: moveBy(cell, -1, 1),
    se: moveBy(cell, 1, -1),
    sw: moveBy(cell, -1, -1),
  };
}
