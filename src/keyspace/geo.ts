// GEOADD (geo.c): each lon/lat becomes the 52-bit geohash score of a ZADD, as geohashEncodeWGS84 + geohashAlign52Bits make it.
import { isWord, withArity } from './arity.js';
import type { CommandTable, CoreContext } from './context.js';
import { parseDouble } from './numbers.js';
import { NOT_FLOAT, SYNTAX } from './replies.js';
import type { Reply } from './types.js';
import { zaddGeneric } from './zset.js';

const GEO_STEP_MAX = 26;
const GEO_LAT_MIN = -85.05112878;
const GEO_LAT_MAX = 85.05112878;
const GEO_LONG_MIN = -180;
const GEO_LONG_MAX = 180;

/** Spreads the low 32 bits of v over the even bit positions (interleave64's half). */
function spread(v: bigint): bigint {
  let x = v & 0xffffffffn;
  x = (x | (x << 16n)) & 0x0000ffff0000ffffn;
  x = (x | (x << 8n)) & 0x00ff00ff00ff00ffn;
  x = (x | (x << 4n)) & 0x0f0f0f0f0f0f0f0fn;
  x = (x | (x << 2n)) & 0x3333333333333333n;
  x = (x | (x << 1n)) & 0x5555555555555555n;
  return x;
}

/** geohashEncode at step 26, aligned to 52 bits: latitude bits even, longitude bits odd. */
export function geohashScore(longitude: number, latitude: number): number {
  const scale = 2 ** GEO_STEP_MAX;
  const latOffset = ((latitude - GEO_LAT_MIN) / (GEO_LAT_MAX - GEO_LAT_MIN)) * scale;
  const longOffset = ((longitude - GEO_LONG_MIN) / (GEO_LONG_MAX - GEO_LONG_MIN)) * scale;
  // The C code converts each double offset to uint32_t, i.e. truncates toward zero.
  const bits = spread(BigInt(Math.trunc(latOffset))) | (spread(BigInt(Math.trunc(longOffset))) << 1n);
  return Number(bits);
}

/** printf("%f"). */
function fixed6(v: number): string {
  return v.toFixed(6);
}

function geoadd(ctx: CoreContext, args: Buffer[]): Reply {
  let xx = false;
  let nx = false;
  let at = 2;
  for (; at < args.length; at++) {
    if (isWord(args[at]!, 'nx')) nx = true;
    else if (isWord(args[at]!, 'xx')) xx = true;
    else if (!isWord(args[at]!, 'ch')) break;
  }
  if ((args.length - at) % 3 !== 0 || (xx && nx)) return SYNTAX;
  const zadd: Buffer[] = [Buffer.from('zadd'), ...args.slice(1, at)];
  for (let i = at; i < args.length; i += 3) {
    const lon = parseDouble(args[i]!);
    if (lon === null) return NOT_FLOAT;
    const lat = parseDouble(args[i + 1]!);
    if (lat === null) return NOT_FLOAT;
    if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
      // extractLongLatOrReply's format ends in "\r\n", which addReplyErrorFormat trims.
      return { error: `ERR invalid longitude,latitude pair ${fixed6(lon)},${fixed6(lat)}` };
    }
    zadd.push(Buffer.from(String(geohashScore(lon, lat))), args[i + 2]!);
  }
  return zaddGeneric(ctx, zadd, false);
}

export const geoCommands: CommandTable = {
  geoadd: withArity(-5, geoadd),
};
