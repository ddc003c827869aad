// GEOADD (geo.c): each lon/lat becomes the 52-bit geohash score of a ZADD, as geohashEncodeWGS84 + geohashAlign52Bits make it.
import { isWord, withArity } from '../core/arity.js';
import type { CommandTable, CoreContext } from '../core/context.js';
import { GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN, GEO_STEP_MAX, align52, encodeCell } from './geo-search-hash.js';
import { parseDouble } from '../core/numbers.js';
import { NOT_FLOAT, SYNTAX } from '../core/replies.js';
import type { Reply } from '../core/types.js';
import { zaddGeneric } from '../zset/zset.js';

/** geohashEncodeWGS84 at step 26 + geohashAlign52Bits. */
export function geohashScore(longitude: number, latitude: number): number {
  return align52(encodeCell(longitude, latitude, GEO_STEP_MAX));
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
